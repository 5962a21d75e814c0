package dev.cocreate.live;

import dev.cocreate.account.Caller;
import dev.cocreate.content.Post;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code since} replay as a read would show it now, not as the events were written: a post
 * deleted or hidden since shows its placeholder (a hidden one stays readable to its author and to
 * moderators, as over REST), a space's {@code thread.created} and {@code thread.moved} of a thread
 * the caller cannot read now are left out, and a {@code thread.moved} names only spaces the caller
 * can read; on {@code me}, a notification its member's list no longer shows is left out. Events
 * that need none of this keep their shared, already encoded frame; a changed one gets a frame of
 * its own.
 */
final class ReplayView {
  static final String POST_CREATED = "post.created";
  static final String POST_EDITED = "post.edited";
  static final String POST_DELETED = "post.deleted";
  /** A deletion taken back: carries the post again, and undoes an earlier deletion in the window. */
  static final String POST_RESTORED = "post.restored";
  static final String POST_HIDDEN = "post.hidden";
  static final String THREAD_CREATED = "thread.created";
  static final String THREAD_MOVED = "thread.moved";
  /** The notify feature's event on {@code me} (its {@code Notifier.CREATED}), which names what it is about. */
  static final String NOTIFICATION_CREATED = "notification.created";

  private final TopicAccess access;

  ReplayView(TopicAccess access) {
    this.access = access;
  }

  /** Whether the event carries a post's content (which a later deletion or hide must redact). */
  static boolean carriesPost(String type) {
    return POST_CREATED.equals(type) || POST_EDITED.equals(type) || POST_RESTORED.equals(type);
  }

  /**
   * Redacts events taken from a hub's recent events. Their posts' current state is in the same
   * list: the ring holds every event after the replay's {@code since}, so a deletion or hide of a
   * post whose content is replayed is among them (or comes later, live, after the replay). When
   * nothing in the window was deleted or hidden, the list is answered as it is, unparsed.
   */
  List<LiveEvent> redactFromWindow(Caller caller, List<LiveEvent> events) {
    Set<Long> deleted = new HashSet<>();
    Map<Long, Boolean> hidden = new HashMap<>();
    for (LiveEvent e : events) {
      if (POST_DELETED.equals(e.type())) {
        deleted.add(data(e).getLong("id", -1L));
      } else if (POST_RESTORED.equals(e.type())) {
        deleted.remove(data(e).getLong("id", -1L));
      } else if (POST_HIDDEN.equals(e.type())) {
        JsonObject d = data(e);
        hidden.put(d.getLong("id", -1L), d.getBoolean("hidden", false));
      }
    }
    if (deleted.isEmpty() && hidden.isEmpty()) {
      return events;
    }
    List<LiveEvent> out = new ArrayList<>(events.size());
    for (LiveEvent e : events) {
      if (carriesPost(e.type())) {
        JsonObject d = data(e);
        long id = d.getLong("id", -1L);
        if (deleted.contains(id) || hidden.containsKey(id)) {
          JsonObject author = d.getJsonObject("author");
          e = redact(caller, e, d, deleted.contains(id), hidden.getOrDefault(id, d.getBoolean("hidden", false)),
              author == null ? 0 : author.getLong("id", 0L));
        }
      }
      out.add(e);
    }
    return out;
  }

  /**
   * The event as the caller may see it given its post's state now; the same instance when that
   * changes nothing. {@code data} is the event's data.
   */
  LiveEvent redact(Caller caller, LiveEvent event, JsonObject data, boolean deleted, boolean hidden, long authorId) {
    if (!placeholderFor(caller, deleted, hidden, authorId)) {
      return event;
    }
    JsonObject shown = Post.placeholderJson(data, deleted, hidden);
    return shown.equals(data) ? event : LiveEvent.of(event.id(), event.topic(), event.type(), shown.encode());
  }

  /** Whether the caller sees a post in this state as its placeholder: deleted for everyone, hidden for most. */
  boolean placeholderFor(Caller caller, boolean deleted, boolean hidden, long authorId) {
    return deleted || hidden && !access.canSeeHiddenPost(caller, authorId);
  }

  /**
   * Leaves out what names a thread or space the caller cannot read now, and on {@code me} the
   * {@code notification.created} of notifications their list no longer shows. At most one query for
   * the threads and spaces and one for the notifications per batch, and none when it has no
   * thread.created, thread.moved or notification.created.
   */
  Future<List<LiveEvent>> filter(Caller caller, List<LiveEvent> events) {
    Set<Long> threads = new HashSet<>();
    Set<String> spaces = new HashSet<>();
    Set<Long> notifications = new HashSet<>();
    Map<LiveEvent, JsonObject> parsed = new HashMap<>();
    for (LiveEvent e : events) {
      boolean onSpace = e.topic().startsWith("space:");
      if (THREAD_CREATED.equals(e.type()) && onSpace) {
        JsonObject d = data(e);
        parsed.put(e, d);
        threads.add(d.getLong("id", -1L));
      } else if (THREAD_MOVED.equals(e.type())) {
        JsonObject d = data(e);
        parsed.put(e, d);
        if (onSpace) {
          threads.add(d.getLong("threadId", -1L));
        }
        for (String key : new String[] {"fromSpace", "toSpace"}) {
          if (d.getValue(key) instanceof String slug) {
            spaces.add(slug.toLowerCase(Locale.ROOT));
          }
        }
      } else if (NOTIFICATION_CREATED.equals(e.type())) {
        JsonObject d = data(e);
        parsed.put(e, d);
        notifications.add(notificationId(d));
      }
    }
    if (parsed.isEmpty()) {
      return Future.succeededFuture(events);
    }
    Future<TopicAccess.Readable> readableNow = threads.isEmpty() && spaces.isEmpty()
        ? Future.succeededFuture(new TopicAccess.Readable(Set.of(), Set.of()))
        : access.readable(caller, threads, spaces);
    Future<Set<Long>> shownNow = notifications.isEmpty() ? Future.succeededFuture(Set.of())
        : access.shownNotifications(caller, notifications);
    return readableNow.compose(readable -> shownNow.map(shown -> {
      List<LiveEvent> out = new ArrayList<>(events.size());
      for (LiveEvent e : events) {
        JsonObject d = parsed.get(e);
        if (d == null) {
          out.add(e);
        } else if (NOTIFICATION_CREATED.equals(e.type())) {
          if (shown.contains(notificationId(d))) {
            out.add(e);
          }
        } else {
          boolean onSpace = e.topic().startsWith("space:");
          long thread = THREAD_CREATED.equals(e.type()) ? d.getLong("id", -1L) : d.getLong("threadId", -1L);
          if (!onSpace || readable.threads().contains(thread)) {
            out.add(THREAD_MOVED.equals(e.type()) ? namingReadableSpaces(e, d, readable.spaces()) : e);
          }
        }
      }
      return out;
    }));
  }

  private static long notificationId(JsonObject data) {
    JsonObject n = data.getJsonObject("notification");
    return n == null ? -1L : n.getLong("id", -1L);
  }

  /** A thread.moved without the spaces the caller cannot read (the thread's new place is then not named). */
  private static LiveEvent namingReadableSpaces(LiveEvent e, JsonObject d, Set<String> readable) {
    JsonObject shown = d.copy();
    for (String key : new String[] {"fromSpace", "toSpace"}) {
      if (shown.getValue(key) instanceof String slug && !readable.contains(slug.toLowerCase(Locale.ROOT))) {
        shown.remove(key);
      }
    }
    return shown.size() == d.size() ? e : LiveEvent.of(e.id(), e.topic(), e.type(), shown.encode());
  }

  /** The data of an event, from its encoded frame. */
  static JsonObject data(LiveEvent e) {
    JsonObject d = new JsonObject(e.text()).getJsonObject("data");
    return d == null ? new JsonObject() : d;
  }
}
