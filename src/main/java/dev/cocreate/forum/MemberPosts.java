package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.SqlReader;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.json.Times;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's posts as a profile lists them, newest first: the threads they started and their
 * replies, each only where the viewer may read the thread and see the post, by the same rules as
 * every other read (nothing from a space the viewer cannot read, no hidden or deleted post).
 */
public final class MemberPosts {
  private static final SqlReader READER = SqlReader.at(1);
  private static final String KIND = "member-posts";

  /** One line of the list: the post, its thread, and whether it opened the thread. */
  public record Item(long postId, long threadId, Long ideaId, String threadTitle, boolean opening, OffsetDateTime createdAt) {
    public JsonObject toJson() {
      // An idea's thread is read on the idea's own page, as every other link to it goes.
      String page = ideaId != null ? "/i/" + ideaId : "/t/" + threadId;
      return new JsonObject().put("postId", postId).put("threadId", threadId).put("ideaId", ideaId).put("threadTitle", threadTitle)
          .put("opening", opening).put("createdAt", Times.iso(createdAt))
          .put("url", page + (opening ? "" : "/p/" + postId + "#p" + postId));
    }
  }

  private final Database db;
  private final Permissions permissions;
  private final String sql;

  public MemberPosts(Database db, Permissions permissions) {
    this.db = db;
    this.permissions = permissions;
    this.sql = """
        select p.id, p.thread_id, t.idea_id, t.title, coalesce(t.first_post_id = p.id, false) as opening, p.created_at
        from posts p
        join threads t on t.id = p.thread_id
        join spaces s on s.id = t.space_id
        where p.author_id = $2 and ($3::bigint = 0 or p.id < $3) and %s and %s
        order by p.id desc
        limit $4""".formatted(permissions.readableThreads(READER, "t", "s"), permissions.visiblePosts(READER, "p"));
  }

  /** A page of the member's posts the viewer may read: {@code {items, nextCursor}}. */
  public Future<JsonObject> of(Caller viewer, long authorId, String cursor, int limit) {
    Cursor key = Cursor.decodeOrFirst(cursor, KIND, 1);
    long before = key == null ? 0 : key.longAt(0);
    Tuple args = Tuple.tuple();
    permissions.readerParams(viewer).forEach(args::addValue);
    args.addLong(authorId).addLong(before).addInteger(limit + 1);
    return db.pool().preparedQuery(sql).execute(args).map(rows -> {
      List<Item> items = new ArrayList<>();
      rows.forEach(r -> items.add(new Item(r.getLong(0), r.getLong(1), r.getLong(2), r.getString(3), r.getBoolean(4), r.getOffsetDateTime(5))));
      return Page.of(items, limit, i -> Cursor.encode(KIND, i.postId())).toJson(Item::toJson);
    });
  }
}
