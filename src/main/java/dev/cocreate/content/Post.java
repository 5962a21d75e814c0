package dev.cocreate.content;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * A post in a thread's reply tree. {@code path} is the ids from the first post down to this one;
 * {@code myVote} is the viewer's vote (null for an anonymous viewer).
 */
public record Post(
    long id,
    long threadId,
    Long parentId,
    int depth,
    List<Long> path,
    Author author,
    String body,
    String html,
    OffsetDateTime createdAt,
    OffsetDateTime editedAt,
    OffsetDateTime deletedAt,
    boolean hidden,
    int voteScore,
    int replyCount,
    Integer myVote) {

  /** The longest body a post may have, in characters (code points), new or edited, via the API or a page. */
  public static final int BODY_MAX = 50_000;

  public static final String DELETED_BODY = "[deleted]";
  public static final String HIDDEN_BODY = "[hidden by a moderator]";

  public static Post of(Row r) {
    return of(r, Author.of(r, "author"));
  }

  public static Post of(Row r, Author author) {
    return new Post(
        r.getLong("id"),
        r.getLong("thread_id"),
        r.getLong("parent_id"),
        r.getInteger("depth"),
        List.copyOf(Arrays.asList(r.getArrayOfLongs("path"))),
        author,
        r.getString("body"),
        r.getString("html"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("edited_at"),
        r.getOffsetDateTime("deleted_at"),
        r.getBoolean("hidden"),
        r.getInteger("vote_score"),
        r.getInteger("reply_count"),
        r.getColumnIndex("my_vote") >= 0 ? r.getInteger("my_vote") : null);
  }

  public boolean deleted() {
    return deletedAt != null;
  }

  /**
   * This post as a viewer may see it: a deleted post's content is a placeholder for everyone, a
   * hidden one's for whoever may not see hidden content.
   */
  public Post redactedFor(boolean seesHidden) {
    if (deleted()) {
      return withContent(DELETED_BODY);
    }
    if (hidden && !seesHidden) {
      return withContent(HIDDEN_BODY);
    }
    return this;
  }

  /**
   * A post's API shape (as a live event carries it) with its content replaced the way
   * {@link #redactedFor} replaces it: the deleted placeholder, else the hidden one. Replays use it
   * on stored events of posts deleted or hidden since, so they show what a read shows now.
   */
  public static JsonObject placeholderJson(JsonObject post, boolean deleted, boolean hidden) {
    String text = deleted ? DELETED_BODY : HIDDEN_BODY;
    return post.copy().put("body", text).put("html", "<p>" + text + "</p>").put("deleted", deleted).put("hidden", hidden);
  }

  private Post withContent(String placeholder) {
    return new Post(id, threadId, parentId, depth, path, author, placeholder, "<p>" + placeholder + "</p>", createdAt,
        editedAt, deletedAt, hidden, voteScore, replyCount, myVote);
  }

  public Post withVote(int score, Integer mine) {
    return new Post(id, threadId, parentId, depth, path, author, body, html, createdAt, editedAt, deletedAt, hidden,
        score, replyCount, mine);
  }

  /** The same post without the viewer's vote: what every subscriber of a live topic may see. */
  public Post forEveryone() {
    return withVote(voteScore, null).redactedFor(false);
  }

  /** The API's `post` shape; call it on a post already redacted for its viewer. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("threadId", threadId)
        .put("parentId", parentId)
        .put("depth", depth)
        .put("author", author.toJson())
        .put("body", body)
        .put("html", html)
        .put("createdAt", Times.iso(createdAt));
    if (editedAt != null) {
      j.put("editedAt", Times.iso(editedAt));
    }
    j.put("deleted", deleted()).put("hidden", hidden).put("voteScore", voteScore);
    if (myVote != null) {
      j.put("myVote", myVote);
    }
    return j;
  }
}
