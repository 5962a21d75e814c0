package dev.cocreate.live;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.events.AccessChange;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Remembers {@link TopicAccess} answers for a moment, per hub (one event loop, so a plain map).
 * After a deploy or a network blip every client reconnects and resubscribes at once; without this,
 * thousands of identical permission queries would queue for the pool and time out. Concurrent
 * identical questions share one query; a yes is reused for {@code ttlMs}, which bounds how
 * long a permission change could take to reach new subscriptions, were the hub not told: every
 * {@link AccessChange} empties the cache ({@link #clear}), so the next question is asked again.
 * Failures are not kept.
 */
final class AccessCache implements TopicAccess {
  private static final int MAX_ENTRIES = 20_000;

  private final TopicAccess access;
  private final long ttlMs;
  private final LongSupplier clock;
  private final Map<Key, Entry> entries = new HashMap<>();

  private record Key(long userId, String role, String topic) {}

  private record Entry(Future<Boolean> answer, long expiresAt) {}

  AccessCache(TopicAccess access, long ttlMs) {
    this(access, ttlMs, System::currentTimeMillis);
  }

  /** @param clock milliseconds that answers expire by (a test moves its own instead of waiting) */
  AccessCache(TopicAccess access, long ttlMs, LongSupplier clock) {
    this.access = access;
    this.ttlMs = ttlMs;
    this.clock = clock;
  }

  @Override
  public Future<Boolean> canSubscribe(Caller caller, String topic) {
    Key key = new Key(caller.id(), caller.signedIn() ? caller.user().role() : "", topic);
    long now = clock.getAsLong();
    Entry cached = entries.get(key);
    if (cached != null && (!cached.answer().isComplete() || now < cached.expiresAt())) {
      return cached.answer();
    }
    if (entries.size() >= MAX_ENTRIES) {
      evict(now);
    }
    Future<Boolean> answer = access.canSubscribe(caller, topic);
    Entry entry = new Entry(answer, now + ttlMs);
    entries.put(key, entry);
    // Only a yes is reused: a no must not outlast the change that lifts it (a draft challenge
    // opening, a member joining a group), and a reconnect storm asks again for what it had.
    answer.onComplete(ar -> {
      if (ar.failed() || !ar.result()) {
        entries.remove(key, entry);
      }
    });
    return answer;
  }

  /**
   * Forgets every answer, also those still being asked: a query that started before the change
   * committed may answer as before it. Whoever asks next starts a new query.
   */
  void clear() {
    entries.clear();
  }

  @Override
  public Future<Readable> readable(Caller caller, Set<Long> threadIds, Set<String> spaceSlugs) {
    return access.readable(caller, threadIds, spaceSlugs);
  }

  @Override
  public Future<Set<Long>> threadsIn(long spaceId, Set<Long> threadIds) {
    return access.threadsIn(spaceId, threadIds);
  }

  @Override
  public Future<Set<Long>> shownNotifications(Caller caller, Set<Long> notificationIds) {
    return access.shownNotifications(caller, notificationIds);
  }

  @Override
  public boolean canSeeHiddenPost(Caller caller, long authorId) {
    return access.canSeeHiddenPost(caller, authorId);
  }

  private void evict(long now) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.answer().isComplete() && now >= e.expiresAt()) {
        it.remove();
      }
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
  }
}
