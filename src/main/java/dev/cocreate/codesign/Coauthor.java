package dev.cocreate.codesign;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A member invited to co-author an idea, and where their answer stands: invited, accepted or declined. */
public record Coauthor(long ideaId, long userId, String username, String displayName, String status,
    OffsetDateTime invitedAt, OffsetDateTime answeredAt) {

  static final String COLUMNS = """
      select ca.idea_id, ca.user_id, ca.status, ca.created_at, ca.answered_at, u.username, u.display_name
        from idea_coauthors ca join users u on u.id = ca.user_id
      """;

  static Coauthor of(Row r) {
    return new Coauthor(r.getLong("idea_id"), r.getLong("user_id"), r.getString("username"), r.getString("display_name"),
        r.getString("status"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("answered_at"));
  }

  public boolean accepted() {
    return "accepted".equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("ideaId", ideaId)
        .put("user", new JsonObject().put("id", userId).put("username", username).put("displayName", displayName))
        .put("status", status)
        .put("invitedAt", Times.iso(invitedAt))
        .put("answeredAt", Times.iso(answeredAt));
  }
}
