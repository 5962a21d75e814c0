package dev.cocreate.forum;

import dev.cocreate.content.Author;
import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A version of a post that an edit replaced: its content, and who replaced it, when and why.
 */
public record PostRevision(long id, long postId, String body, String html, Author editor, OffsetDateTime editedAt, String reason) {
  static PostRevision of(Row r) {
    return new PostRevision(r.getLong("id"), r.getLong("post_id"), r.getString("body"), r.getString("html"),
        Author.of(r, "editor"), r.getOffsetDateTime("created_at"), r.getString("reason"));
  }

  /** This version with its content withheld: the body, and the reason, which may quote or describe it. */
  PostRevision withContent(String placeholder) {
    return new PostRevision(id, postId, placeholder, "<p>" + placeholder + "</p>", editor, editedAt,
        reason == null ? null : placeholder);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("postId", postId)
        .put("body", body)
        .put("html", html)
        .put("editor", editor.toJson())
        .put("editedAt", Times.iso(editedAt))
        .put("reason", reason);
  }
}
