package dev.cocreate.moderation;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * What a member is told about moderation of their content or account, with the moderator's
 * reason: a warning, a hidden post, a locked or moved thread, a suspension.
 */
public record ModerationNotice(long id, String action, String targetType, long targetId, String reason, OffsetDateTime at) {
  static ModerationNotice of(Row r) {
    return new ModerationNotice(r.getLong("id"), r.getString("action"), r.getString("target_type"), r.getLong("target_id"),
        r.getString("reason"), r.getOffsetDateTime("created_at"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("action", action)
        .put("targetType", targetType)
        .put("targetId", targetId)
        .put("reason", reason)
        .put("at", Times.iso(at));
  }
}
