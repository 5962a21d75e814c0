package dev.cocreate.facilitation;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/** A facilitator's open term in a space: who, since when, until when, and whether it runs at the time it was read for. */
public record Term(long id, long userId, String username, String displayName, OffsetDateTime startsAt, OffsetDateTime endsAt,
    Long nominationId) {

  static Term of(Row r) {
    return new Term(r.getLong("id"), r.getLong("user_id"), r.getString("username"), r.getString("display_name"),
        r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"), r.getLong("nomination_id"));
  }

  /** Whether the term still runs at {@code now}. */
  public boolean current(Instant now) {
    return endsAt.toInstant().isAfter(now);
  }

  /** {@code {user, startsAt, termEndsAt, current, nominationId}}. */
  public JsonObject toJson(Instant now) {
    return new JsonObject()
        .put("user", new JsonObject().put("id", userId).put("username", username).put("displayName", displayName))
        .put("startsAt", Times.iso(startsAt))
        .put("termEndsAt", Times.iso(endsAt))
        .put("current", current(now))
        .put("nominationId", nominationId);
  }
}
