package dev.cocreate.live;

import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The latest events one hub has been handed, in id order, so that a {@code since} replay of the
 * recent past (a client back from a dropped connection, a whole audience after a deploy) is read
 * from memory instead of one query per client, and written with the frames already encoded.
 *
 * <p>It answers only what it is sure of. The listener hands every committed event to every hub in
 * id order, with no gaps (ids are assigned in commit order), so from the first event this hub saw
 * onwards it has seen them all: the ring holds every event with an id above {@link #coveredAfter}
 * up to {@link #last}. Evicting the oldest moves that bound up; a {@code since} below it is read
 * from the database as before.
 *
 * <p>Bounded in events and in bytes. Touched only on its hub's event loop.
 */
final class RecentEvents {
  private final LiveEvent[] ring;
  private final long maxBytes;
  private int oldest;
  private int size;
  private long bytes;
  /** Every event with a greater id, up to {@link #last}, is in the ring; MAX_VALUE until the first event. */
  private long coveredAfter = Long.MAX_VALUE;
  private long last = -1;

  RecentEvents(int maxEvents, long maxBytes) {
    this.ring = new LiveEvent[Math.max(1, maxEvents)];
    this.maxBytes = maxBytes;
  }

  /** Takes the next event the hub was handed; ids only grow. */
  void add(LiveEvent event) {
    if (event.id() <= last) {
      return; // not newer than what is held: never the case from the listener, harmless if it were
    }
    if (coveredAfter == Long.MAX_VALUE) {
      coveredAfter = event.id() - 1;
    }
    last = event.id();
    if (EventLog.USER_BLOCKED.equals(event.type()) || AccessChange.TOPIC.equals(event.topic())) {
      return; // never replayed (no client can follow the access topic; the database replay skips blocks too)
    }
    if (event.size() > maxBytes) {
      dropAll(event.id());
      return;
    }
    while (size > 0 && (size == ring.length || bytes + event.size() > maxBytes)) {
      evictOldest();
    }
    ring[(oldest + size) % ring.length] = event;
    size++;
    bytes += event.size();
  }

  /**
   * The events of {@code topics} (stored names) with an id above {@code since}, in id order; null
   * when the ring does not reach back that far and the database must answer.
   */
  List<LiveEvent> after(Set<String> topics, long since) {
    if (since < coveredAfter) {
      return null;
    }
    List<LiveEvent> out = new ArrayList<>();
    for (int i = firstAfter(since); i < size; i++) {
      LiveEvent e = ring[(oldest + i) % ring.length];
      if (topics.contains(e.topic())) {
        out.add(e);
      }
    }
    return out;
  }

  /** The id of the last event this hub was handed (-1 before the first). */
  long last() {
    return last;
  }

  int size() {
    return size;
  }

  /** The position (0 = oldest) of the first event with an id above {@code since}; ids are sorted. */
  private int firstAfter(long since) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ring[(oldest + mid) % ring.length].id() <= since) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void evictOldest() {
    LiveEvent gone = ring[oldest];
    ring[oldest] = null;
    oldest = (oldest + 1) % ring.length;
    size--;
    bytes -= gone.size();
    coveredAfter = gone.id();
  }

  /** An event larger than the whole budget: keep nothing, cover only what comes after it. */
  private void dropAll(long id) {
    while (size > 0) {
      evictOldest();
    }
    coveredAfter = id;
  }
}
