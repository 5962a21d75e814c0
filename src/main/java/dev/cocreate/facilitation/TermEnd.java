package dev.cocreate.facilitation;

import dev.cocreate.platform.http.Fields;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * When a facilitator's term ends, as the org's owner names it (naming a facilitator or confirming a
 * nomination). The API sends an ISO time with its offset; the space's tools page sends a browser's
 * {@code datetime-local} value, read in the owner's time zone. It must lie ahead of {@code now}.
 */
public record TermEnd(OffsetDateTime at) {
  /** Reads and checks the term's end; every field error at once. */
  public static TermEnd from(Fields f, OffsetDateTime now, ZoneId zone) {
    String raw = f.string("termEndsAt", 1, 64);
    OffsetDateTime at = null;
    if (raw != null) {
      at = parse(raw, zone);
      if (at == null) {
        f.error("termEndsAt", "must be an ISO-8601 time such as 2027-06-30T00:00:00Z");
      } else if (!at.isAfter(now)) {
        f.error("termEndsAt", "must be in the future");
      }
    }
    f.validate();
    return new TermEnd(at);
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
