package dev.cocreate.moderation;

import dev.cocreate.platform.http.Fields;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A suspension or a silence as a moderator asks for it: until when, and why (the member is told).
 * The API sends an ISO time with its offset; the profile page's form sends a browser's
 * {@code datetime-local} value, read in the moderator's time zone.
 */
public record MemberRestriction(OffsetDateTime until, String reason) {
  static final int REASON_MAX = 1000;

  /** Reads and checks a restriction; every field error at once. {@code zone} reads an end without an offset. */
  public static MemberRestriction from(Fields f, OffsetDateTime now, ZoneId zone) {
    String raw = f.string("until", 1, 64);
    String reason = f.string("reason", 1, REASON_MAX);
    OffsetDateTime until = null;
    if (raw != null) {
      until = parse(raw, zone);
      if (until == null) {
        f.error("until", "must be an ISO-8601 time such as 2026-12-01T00:00:00Z");
      } else if (!until.isAfter(now)) {
        f.error("until", "must be in the future");
      }
    }
    f.validate();
    return new MemberRestriction(until, reason);
  }

  private static OffsetDateTime parse(String raw, ZoneId zone) {
    try {
      return OffsetDateTime.parse(raw);
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(raw).atZone(zone).toOffsetDateTime();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
