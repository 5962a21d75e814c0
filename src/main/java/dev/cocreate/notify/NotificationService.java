package dev.cocreate.notify;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.BiFunction;

/** A member's notifications, what they follow and how often they want a digest. */
public final class NotificationService {
  private final Database db;
  private final EventLog events;
  /**
   * The thread's id when the caller may read it, else 404: the forum's rule, handed in so that
   * notifications need not know the forum (which itself tells them of every reply).
   */
  private final BiFunction<Caller, Long, Future<Long>> readableThread;
  private final NotificationRepository repo;

  /** @param permissions whose read rules decide, at each read, which notifications are still shown */
  public NotificationService(Database db, EventLog events, BiFunction<Caller, Long, Future<Long>> readableThread,
      Permissions permissions) {
    this.repo = new NotificationRepository(permissions);
    this.db = db;
    this.events = events;
    this.readableThread = readableThread;
  }

  /** The caller's notifications about what they may read now, most recently updated first. */
  public Future<Page<Notification>> list(Caller caller, boolean unreadOnly, String cursor, int limit) {
    OffsetDateTime beforeAt = null;
    Long beforeId = null;
    if (cursor != null) {
      Cursor c = Cursor.decode(cursor, "notifications", 2);
      beforeAt = c.timeAt(0);
      beforeId = c.longAt(1);
    }
    return repo.list(db.pool(), caller.id(), unreadOnly, beforeAt, beforeId, limit + 1)
        .map(rows -> Page.of(rows, limit, last -> Cursor.encode("notifications", Cursor.micros(last.updatedAt()), last.id())));
  }

  /** Of these notifications, those of the caller's that their list shows now (a {@code me} replay keeps only these). */
  public Future<java.util.Set<Long>> shownOf(Caller caller, java.util.Set<Long> ids) {
    if (!caller.signedIn() || ids.isEmpty()) {
      return Future.succeededFuture(java.util.Set.of());
    }
    return repo.shown(db.pool(), caller.id(), ids.toArray(Long[]::new));
  }

  public Future<Integer> unreadCount(long userId) {
    return repo.unreadCount(db.pool(), userId);
  }

  /**
   * Marks the given notifications (or all) read and tells the member's other tabs with
   * {@code notification.read}; answers the unread count left.
   */
  public Future<Integer> markRead(Caller caller, List<Long> ids, boolean all) {
    return db.tx(tx -> repo.markRead(tx, caller.id(), ids, all).compose(changed -> repo.unreadCount(tx, caller.id())
        .compose(left -> changed == 0 ? Future.succeededFuture(left)
            : events.append(tx, Topics.user(caller.id()), Notifier.READ, new JsonObject()
                    .put("ids", all ? null : new JsonArray(ids)).put("all", all).put("unreadCount", left))
                .map(left))));
  }

  // Watches

  /** The caller's level on a thread they can read (404 otherwise); tracking when they never chose. */
  public Future<WatchLevel> threadWatch(Caller caller, long threadId) {
    return watchLevel(caller, "thread", readableThread.apply(caller, threadId));
  }

  public Future<WatchLevel> watchThread(Caller caller, long threadId, WatchLevel level) {
    return watch(caller, "thread", readableThread.apply(caller, threadId), level);
  }

  /** Back to the default, tracking. */
  public Future<Void> unwatchThread(Caller caller, long threadId) {
    return unwatch(caller, "thread", readableThread.apply(caller, threadId));
  }

  /** Sets a watch on a target whose readability {@code check} has already confirmed. */
  Future<WatchLevel> watch(Caller caller, String targetType, Future<Long> check, WatchLevel level) {
    return check.compose(id -> repo.setWatch(db.pool(), caller.id(), targetType, id, level, false)).map(level);
  }

  Future<Void> unwatch(Caller caller, String targetType, Future<Long> check) {
    return check.compose(id -> repo.deleteWatch(db.pool(), caller.id(), targetType, id));
  }

  Future<WatchLevel> watchLevel(Caller caller, String targetType, Future<Long> check) {
    return check.compose(id -> repo.watch(db.pool(), caller.id(), targetType, id)).map(l -> l.orElse(WatchLevel.TRACKING));
  }

  // Digests

  public Future<String> digestFrequency(Caller caller) {
    return db.pool().preparedQuery("select digest_frequency from users where id = $1").execute(Tuple.of(caller.id()))
        .map(rows -> rows.iterator().next().getString(0));
  }

  /** {@code off}, {@code daily} or {@code weekly}. */
  public Future<String> setDigestFrequency(Caller caller, String frequency) {
    return db.pool().preparedQuery("update users set digest_frequency = $2 where id = $1").execute(Tuple.of(caller.id(), frequency))
        .map(frequency);
  }
}
