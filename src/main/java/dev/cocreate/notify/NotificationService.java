package dev.cocreate.notify;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
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
      String[] parts = decodeCursor(cursor);
      try {
        long micros = Long.parseLong(parts[0]);
        beforeAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
            .atOffset(ZoneOffset.UTC);
        beforeId = Long.parseLong(parts[1]);
      } catch (NumberFormatException e) {
        throw badCursor();
      }
    }
    return repo.list(db.pool(), caller.id(), unreadOnly, beforeAt, beforeId, limit + 1).map(rows -> {
      if (rows.size() <= limit) {
        return new Page<>(rows, null);
      }
      List<Notification> items = List.copyOf(rows.subList(0, limit));
      Notification last = items.get(limit - 1);
      Instant at = last.updatedAt().toInstant();
      String key = "notifications|" + (at.getEpochSecond() * 1_000_000L + at.getNano() / 1000) + "|" + last.id();
      return new Page<>(items, Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
    });
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

  private static String[] decodeCursor(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw badCursor();
    }
    String[] parts = text.split("\\|", -1);
    if (parts.length != 3 || !parts[0].equals("notifications")) {
      throw badCursor();
    }
    return new String[] {parts[1], parts[2]};
  }

  private static ApiException badCursor() {
    return ApiException.invalid("cursor", "is not a cursor this list gave out");
  }
}
