package dev.cocreate.forum;

import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.RenderChange;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Visitors' thread pages and thread JSON, kept in memory on this node and kept exact by the outbox.
 *
 * <p>Every entry carries a <em>stamp</em>: an event id such that every event up to it had committed
 * before the entry's first read of the database, so the entry reflects all of them. The node's
 * position (the highest event id it knows committed: from its own commits, told at once, and from
 * the listener, a little later) is the stamp a fill takes before it reads. An event that changes
 * what an entry shows (any event on the thread's topic; an access change of the thread, its space
 * or, for a deleted account, its authors; a {@link RenderChange}) drops the entries it concerns
 * whose stamp is below its id, and leaves its id as a tombstone on the thread, space or author: a
 * fill that started before the event (stamp below it) and finishes after is then refused, so a page
 * read before a reply committed is never stored over that reply's invalidation.
 *
 * <p>Tombstones are kept for a bounded number of threads, spaces and members; when one is
 * forgotten, every fill whose stamp is below it is refused ({@link #forgotten}), which errs on
 * the side of not caching. Entries are bounded in bytes, least recently used first out. All
 * methods are synchronized: the node's event loops share one cache, and an entry is a few lookups.
 */
public final class ThreadPageCache {
  /** Tombstones kept per kind before the oldest is forgotten. */
  static final int TOMBSTONES = 10_000;
  /** What the map and key cost beside the body, roughly. */
  private static final int ENTRY_OVERHEAD = 160;

  /**
   * One cached response. {@code variant} tells apart what changes the output for a visitor: the
   * route and its query, and for a page its language and time zone.
   */
  public record Key(long threadId, String variant) {}

  /**
   * A body as stored. A page is cut where the visitor's CSRF token goes ({@code parts} joined by
   * it); JSON is one part. {@code frame} is the site's name and description the page was drawn
   * with: an entry drawn with others is not served (the settings are re-read every second per node).
   */
  public record Entry(Key key, long stamp, long spaceId, long[] authors, String frame, byte[][] parts, String etag,
      int bytes) {}

  private final long maxBytes;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Long, List<Key>> byThread = new HashMap<>();
  private final Tombstones threads = new Tombstones();
  private final Tombstones spaces = new Tombstones();
  private final Tombstones authors = new Tombstones();
  /** The highest event id this node knows committed. */
  private long position;
  /** A tombstone was forgotten at this id: no fill from before it is trusted. */
  private long forgotten;
  private long bytes;
  private long hits;
  private long misses;
  private long evictions;
  private long refused;

  /** @param maxBytes the bodies' budget; 0 turns the cache off (every read renders). */
  public ThreadPageCache(long maxBytes) {
    this.maxBytes = Math.max(0, maxBytes);
  }

  public boolean enabled() {
    return maxBytes > 0;
  }

  /** The stamp for a fill that is about to read: take it before the first query. */
  public synchronized long stamp() {
    return position;
  }

  /** The entry for {@code key} drawn with {@code frame}, or null (a miss). */
  public synchronized Entry get(Key key, String frame) {
    Entry e = entries.get(key);
    if (e != null && !e.frame().equals(frame)) {
      remove(key);
      e = null;
    }
    if (e == null) {
      misses++;
    } else {
      hits++;
    }
    return e;
  }

  /**
   * Keeps a fill unless an event that concerns it arrived since its stamp was taken; answers
   * whether it was kept.
   */
  public synchronized boolean put(Key key, long stamp, long spaceId, Set<Long> authorIds, String frame, byte[][] parts,
      String etag) {
    if (!enabled()) {
      return false;
    }
    long[] ids = authorIds.stream().mapToLong(Long::longValue).toArray();
    if (stamp < forgotten || stamp < threads.at(key.threadId()) || stamp < spaces.at(spaceId) || stale(ids, stamp)) {
      refused++;
      return false;
    }
    int size = ENTRY_OVERHEAD + key.variant().length() * 2 + frame.length() * 2 + ids.length * 8 + etag.length() * 2;
    for (byte[] part : parts) {
      size += part.length + 16;
    }
    if (size > maxBytes / 4) {
      return false; // one huge page would push out everything else
    }
    remove(key);
    entries.put(key, new Entry(key, stamp, spaceId, ids, frame, parts, etag, size));
    byThread.computeIfAbsent(key.threadId(), t -> new ArrayList<>(2)).add(key);
    bytes += size;
    Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
    while (bytes > maxBytes && oldest.hasNext()) {
      Entry out = oldest.next().getValue();
      oldest.remove();
      unindex(out);
      evictions++;
    }
    return true;
  }

  private boolean stale(long[] authorIds, long stamp) {
    for (long id : authorIds) {
      if (stamp < authors.at(id)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An event committed (told by this node's commit or by the listener; each may come twice): raises
   * the position and drops what it changes. {@code data} is read only for the outbox's own topics.
   */
  public synchronized void onEvent(long id, String topic, JsonObject data) {
    if (id > position) {
      position = id;
    }
    if (topic.startsWith("thread:")) {
      thread(Long.parseLong(topic, 7, topic.length(), 10), id);
    } else if (AccessChange.TOPIC.equals(topic) || RenderChange.TOPIC.equals(topic)) {
      scoped(id, topic, data == null ? new JsonObject() : data);
    }
  }

  /** Whether the events on {@code topic} need their data read for {@link #onEvent}. */
  public static boolean needsData(String topic) {
    return AccessChange.TOPIC.equals(topic) || RenderChange.TOPIC.equals(topic);
  }

  private void scoped(long id, String topic, JsonObject data) {
    switch (data.getString("scope", "")) {
      case "thread" -> thread(data.getLong("threadId", 0L), id);
      case "space" -> {
        long spaceId = data.getLong("spaceId", 0L);
        spaces.mark(spaceId, id);
        dropWhere(e -> e.spaceId() == spaceId, id);
      }
      case "user" -> {
        // A role change moves nobody's access to a visitor's page; a new display name is on every post of theirs.
        if (RenderChange.TOPIC.equals(topic)) {
          author(data.getLong("userId", 0L), id);
        }
      }
      case "session" -> {
        // Every session ended at once: the account was deleted (its name on its posts changes) or its password reset.
        if (data.getString("sessionId") == null) {
          author(data.getLong("userId", 0L), id);
        }
      }
      default -> {
        // A change this cache does not know: nothing kept before it is trusted.
        forgotten = Math.max(forgotten, id);
        dropWhere(e -> true, id);
      }
    }
  }

  private void author(long userId, long id) {
    authors.mark(userId, id);
    dropWhere(e -> {
      for (long a : e.authors()) {
        if (a == userId) {
          return true;
        }
      }
      return false;
    }, id);
  }

  private void thread(long threadId, long id) {
    threads.mark(threadId, id);
    List<Key> keys = byThread.get(threadId);
    if (keys == null) {
      return;
    }
    for (Key k : List.copyOf(keys)) {
      Entry e = entries.get(k);
      if (e != null && e.stamp() < id) {
        remove(k);
      }
    }
  }

  private void dropWhere(java.util.function.Predicate<Entry> concerned, long id) {
    List<Key> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.stamp() < id && concerned.test(e)) {
        out.add(e.key());
      }
    }
    out.forEach(this::remove);
  }

  private void remove(Key key) {
    Entry e = entries.remove(key);
    if (e != null) {
      unindex(e);
    }
  }

  private void unindex(Entry e) {
    bytes -= e.bytes();
    List<Key> keys = byThread.get(e.key().threadId());
    if (keys != null) {
      keys.remove(e.key());
      if (keys.isEmpty()) {
        byThread.remove(e.key().threadId());
      }
    }
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public synchronized long evictions() {
    return evictions;
  }

  /** Fills refused because an event concerning them arrived while they were read. */
  public synchronized long refusedFills() {
    return refused;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Publishes the figures in the node's /metrics. */
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("cocreate.pagecache.hits", this, ThreadPageCache::hits)
        .description("visitors' thread pages and JSON answered from memory").register(registry);
    FunctionCounter.builder("cocreate.pagecache.misses", this, ThreadPageCache::misses)
        .description("visitors' thread pages and JSON rendered because memory had none").register(registry);
    FunctionCounter.builder("cocreate.pagecache.evictions", this, ThreadPageCache::evictions)
        .description("entries pushed out by the byte budget").register(registry);
    FunctionCounter.builder("cocreate.pagecache.refused", this, ThreadPageCache::refusedFills)
        .description("renders not kept because an event changed them while they were read").register(registry);
    Gauge.builder("cocreate.pagecache.bytes", this, ThreadPageCache::bytes).baseUnit("bytes")
        .description("memory the cached entries take").register(registry);
    Gauge.builder("cocreate.pagecache.entries", this, ThreadPageCache::size).register(registry);
    Gauge.builder("cocreate.pagecache.max.bytes", this, ThreadPageCache::maxBytes).baseUnit("bytes").register(registry);
  }

  /** The highest event id that changed each thread, space or author, for a bounded number of them. */
  private final class Tombstones {
    private final LinkedHashMap<Long, Long> at = new LinkedHashMap<>(64, 0.75f, false);

    long at(long id) {
      return Objects.requireNonNullElse(at.get(id), 0L);
    }

    void mark(long key, long eventId) {
      Long before = at.remove(key);
      at.put(key, before == null ? eventId : Math.max(before, eventId));
      if (at.size() > TOMBSTONES) {
        Iterator<Map.Entry<Long, Long>> oldest = at.entrySet().iterator();
        forgotten = Math.max(forgotten, oldest.next().getValue());
        oldest.remove();
      }
    }
  }
}
