package dev.cocreate.content;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * A thread with the space it lives in (so permissions can be decided without another query), and,
 * for a signed-in viewer, where they stand with it ({@link Reading}), read in the same statement.
 */
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
    Long ideaId,
    Reading reading) {

  /**
   * The viewer's standing with a thread: their watch level ({@code watching}, {@code tracking} or
   * {@code muted}), the last post they read (null when they never opened it), how many visible posts
   * by others came after it, and whether it is new to them (created since their previous visit and
   * never opened). A muted thread counts neither unread nor new.
   */
  public record Reading(String level, Long readPostId, int unread, boolean isNew) {
    static Reading of(Row r) {
      int at = r.getColumnIndex("reading_level");
      if (at < 0 || r.getValue("reading_viewer") == null) {
        return null;
      }
      return new Reading(r.getString(at), r.getLong("reading_post_id"), r.getInteger("reading_unread"),
          r.getBoolean("reading_new"));
    }

    public JsonObject toJson() {
      return new JsonObject().put("level", level).put("readPostId", readPostId).put("unread", unread).put("new", isNew);
    }
  }

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
        r.getLong("idea_id"),
        Reading.of(r));
  }

  /**
   * The shape with the viewer's {@code reading} when there is one: for answers to that viewer only,
   * never for an event, which others read.
   */
  public JsonObject toViewerJson() {
    JsonObject j = toJson();
    if (reading != null) {
      j.put("reading", reading.toJson());
    }
    return j;
  }

  /** The API's `thread` shape, the same for every reader (events carry it). */
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
