package dev.cocreate.codesign;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A member's proposed text for an idea: open until an author accepts it (it becomes iteration
 * {@code iterationN}) or declines it with a {@code reason} that stays shown. Its discussion is a
 * forum thread.
 */
public record Amendment(long id, long ideaId, Long proposerId, String proposerUsername, String proposerDisplayName,
    String body, String note, String status, String reason, Long threadId, Integer iterationN, OffsetDateTime createdAt,
    OffsetDateTime answeredAt) {

  static final String COLUMNS = """
      select a.id, a.idea_id, a.proposer_id, a.body, a.note, a.status, a.reason, a.thread_id, a.iteration_n,
             a.created_at, a.answered_at, u.username as proposer_username, u.display_name as proposer_display_name
        from idea_amendments a left join users u on u.id = a.proposer_id
      """;

  static Amendment of(Row r) {
    return new Amendment(r.getLong("id"), r.getLong("idea_id"), r.getLong("proposer_id"), r.getString("proposer_username"),
        r.getString("proposer_display_name"), r.getString("body"), r.getString("note"), r.getString("status"),
        r.getString("reason"), r.getLong("thread_id"), r.getInteger("iteration_n"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("answered_at"));
  }

  public boolean open() {
    return "open".equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("ideaId", ideaId)
        .put("proposer", proposerId == null ? null : new JsonObject().put("id", proposerId)
            .put("username", proposerUsername).put("displayName", proposerDisplayName))
        .put("body", body)
        .put("note", note)
        .put("status", status)
        .put("reason", reason)
        .put("threadId", threadId)
        .put("iteration", iterationN)
        .put("createdAt", Times.iso(createdAt))
        .put("answeredAt", Times.iso(answeredAt));
  }
}
