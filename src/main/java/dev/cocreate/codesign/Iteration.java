package dev.cocreate.codesign;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * One published version of an idea's text. Number 1 is the text the idea was submitted with;
 * {@code amendmentId} names the amendment it came from (its proposer is then its author).
 */
public record Iteration(long ideaId, int n, String summary, String body, String html, JsonArray attachments,
    Long authorId, String authorUsername, String authorDisplayName, Long amendmentId, OffsetDateTime createdAt) {

  static final String COLUMNS = """
      select it.idea_id, it.n, it.summary, it.body, it.html, it.attachments, it.author_id, it.amendment_id, it.created_at,
             u.username as author_username, u.display_name as author_display_name
        from idea_iterations it left join users u on u.id = it.author_id
      """;

  static Iteration of(Row r) {
    Object raw = r.getValue("attachments");
    JsonArray attachments = raw instanceof JsonArray a ? a : new JsonArray(String.valueOf(raw));
    return new Iteration(r.getLong("idea_id"), r.getInteger("n"), r.getString("summary"), r.getString("body"),
        r.getString("html"), attachments, r.getLong("author_id"), r.getString("author_username"),
        r.getString("author_display_name"), r.getLong("amendment_id"), r.getOffsetDateTime("created_at"));
  }

  /** The attachments as readers see them: where to fetch each, its name, size and type. */
  JsonArray attachmentsJson() {
    JsonArray out = new JsonArray();
    for (Object o : attachments) {
      out.add(Attachment.stored((JsonObject) o).toJson(ideaId));
    }
    return out;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("ideaId", ideaId)
        .put("n", n)
        .put("summary", summary)
        .put("body", body)
        .put("html", html)
        .put("attachments", attachmentsJson())
        .put("author", authorId == null ? null
            : new JsonObject().put("id", authorId).put("username", authorUsername).put("displayName", authorDisplayName))
        .put("amendmentId", amendmentId)
        .put("createdAt", Times.iso(createdAt));
  }
}
