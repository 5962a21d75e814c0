package dev.cocreate.moderation;

import dev.cocreate.platform.http.Fields;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * A suspension or a silence as a moderator asks for it: until when, and why (the member is told).
 * The API sends an ISO time with its offset; the profile page's form sends a browser's
 * {@code datetime-local} value, read in the moderator's time zone.
 */
public record MemberRestriction(OffsetDateTime until, String reason) {
  static final int REASON_MAX = 1000;

  /** Reads and checks a restriction; every field error at once. {@code zone} reads an end without an offset. */
  public static MemberRestriction from(Fields f, OffsetDateTime now, ZoneId zone) {
    OffsetDateTime until = f.futureTime("until", now, zone, "2026-12-01T00:00:00Z");
    String reason = f.string("reason", 1, REASON_MAX);
    f.validate();
    return new MemberRestriction(until, reason);
  }
}
