package dev.cocreate.challenge.webhook;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A registered webhook; its secret never leaves the server. */
public record Webhook(long id, long orgId, String url, List<String> events, OffsetDateTime createdAt) {
  static Webhook of(Row r) {
    return new Webhook(r.getLong("id"), r.getLong("org_id"), r.getString("url"),
        Arrays.asList(r.getArrayOfStrings("events")), r.getOffsetDateTime("created_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("url", url).put("events", new JsonArray(events))
        .put("createdAt", Times.iso(createdAt));
  }
}
