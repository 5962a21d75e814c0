package dev.cocreate.facilitation;

import dev.cocreate.platform.http.Fields;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * When a facilitator's term ends, as the org's owner names it (naming a facilitator or confirming a
 * nomination). The API sends an ISO time with its offset; the space's tools page sends a browser's
 * {@code datetime-local} value, read in the owner's time zone. It must lie ahead of {@code now}.
 */
public record TermEnd(OffsetDateTime at) {
  /** Reads and checks the term's end; every field error at once. */
  public static TermEnd from(Fields f, OffsetDateTime now, ZoneId zone) {
    OffsetDateTime at = f.futureTime("termEndsAt", now, zone, "2027-06-30T00:00:00Z");
    f.validate();
    return new TermEnd(at);
  }
}
