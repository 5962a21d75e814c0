package dev.cocreate.content;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A thread with the space it lives in (so permissions can be decided without another query). */
public record ForumThread(
    long id,
    Space space,
    String title,
    Author author,
    OffsetDateTime createdAt,
    OffsetDateTime lastActivityAt,
    int replyCount,
    int voteScore,
    boolean locked,
    boolean pinned,
    boolean hidden,
    List<String> tags,
    Long firstPostId,
    Long ideaId) {

  public static ForumThread of(Row r) {
    String[] tags = r.getArrayOfStrings("tags");
    return new ForumThread(
        r.getLong("id"),
        Space.of(r),
        r.getString("title"),
        Author.of(r, "author"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("last_activity_at"),
        r.getInteger("reply_count"),
        r.getInteger("vote_score"),
        r.getBoolean("locked"),
        r.getBoolean("pinned"),
        r.getBoolean("hidden"),
        tags == null ? List.of() : List.copyOf(Arrays.asList(tags)),
        r.getLong("first_post_id"),
        r.getLong("idea_id"));
  }

  /** The API's `thread` shape. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("space", space.slug())
        .put("title", title)
        .put("author", author.toJson())
        .put("createdAt", Times.iso(createdAt))
        .put("lastActivityAt", Times.iso(lastActivityAt))
        .put("replyCount", replyCount)
        .put("voteScore", voteScore)
        .put("locked", locked)
        .put("pinned", pinned)
        .put("tags", new JsonArray(tags));
    if (ideaId != null) {
      j.put("ideaId", ideaId);
    }
    return j;
  }
}
