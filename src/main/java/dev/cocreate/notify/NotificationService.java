package dev.cocreate.notify;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;

/** A member's notifications, what they follow and how often they want a digest. */
public final class NotificationService {
  private final Database db;
  private final EventLog events;
  /** What may be followed, by the rules of the features that own it (the forum itself tells notifications of every reply). */
  private final WatchTargets targets;
  private final NotificationRepository repo;

  /** @param permissions whose read rules decide, at each read, which notifications are still shown */
  public NotificationService(Database db, EventLog events, WatchTargets targets, Permissions permissions) {
    this.repo = new NotificationRepository(permissions);
    this.db = db;
    this.events = events;
    this.targets = targets;
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

  /**
   * Opens a notification: marks it read (telling the member's other tabs) and answers where it
   * lands, the first post it announces. 404 for another member's or one about something they can
   * no longer read.
   */
  public Future<String> open(Caller caller, long id) {
    return repo.one(db.pool(), caller.id(), id)
        .map(n -> n.orElseThrow(() -> ApiException.notFound("notification")))
        .compose(n -> (n.readAt() == null ? markRead(caller, List.of(n.id()), false).mapEmpty()
            : Future.<Void>succeededFuture()).map(n.firstUrl()));
  }

  // Watches

  /** The caller's level on something they can read (404 otherwise); tracking when they never chose. */
  public Future<WatchLevel> watchLevel(Caller caller, WatchTargets.Kind kind, long id) {
    return targets.resolve(caller, kind, id)
        .compose(target -> repo.watch(db.pool(), caller.id(), kind.stored, target))
        .map(l -> l.orElse(WatchLevel.TRACKING));
  }

  /**
   * The caller's level on a challenge a page has just shown them (its read rule already applied
   * there), in one lookup: for the page's follow control. Tracking for a visitor or without a choice.
   */
  public Future<String> challengeLevelShown(Caller caller, long challengeId) {
    if (!caller.signedIn()) {
      return Future.succeededFuture(WatchLevel.TRACKING.wire());
    }
    return repo.watch(db.pool(), caller.id(), WatchTargets.Kind.CHALLENGE.stored, challengeId)
        .map(l -> l.orElse(WatchLevel.TRACKING).wire());
  }

  /** Sets the caller's level on something they can read (404 otherwise). */
  public Future<WatchLevel> watch(Caller caller, WatchTargets.Kind kind, long id, WatchLevel level) {
    return targets.resolve(caller, kind, id)
        .compose(target -> repo.setWatch(db.pool(), caller.id(), kind.stored, target, level, false))
        .map(level);
  }

  /** Back to the default, tracking. */
  public Future<Void> unwatch(Caller caller, WatchTargets.Kind kind, long id) {
    return targets.resolve(caller, kind, id).compose(target -> repo.deleteWatch(db.pool(), caller.id(), kind.stored, target));
  }

  /**
   * What the caller follows, most recently chosen first: every level they chose (muted too, so it can
   * be undone), with each thread's unread count; only what they may read now.
   */
  public Future<Page<Following>> following(Caller caller, String cursor, int limit) {
    Cursor c = cursor == null ? null : Cursor.decode(cursor, "following", 3);
    return repo.following(db.pool(), caller.id(), c == null ? null : c.timeAt(0), c == null ? null : storedType(c.textAt(1)),
            c == null ? 0L : c.longAt(2), limit + 1)
        .map(rows -> Page.of(rows, limit,
            last -> Cursor.encode("following", Cursor.micros(last.since()), last.targetType(), last.targetId())));
  }

  /** A cursor's target type, one of the two the watches table holds. */
  private static String storedType(String raw) {
    if (!raw.equals("thread") && !raw.equals("challenge")) {
      throw ApiException.invalid("cursor", "is not a cursor of this list");
    }
    return raw;
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
