package dev.cocreate.live;

import java.util.concurrent.atomic.AtomicLong;

/** Counters shared by every hub of a node (hubs run on different event loops, hence atomics). */
public final class LiveStats {
  final AtomicLong connections = new AtomicLong();
  final AtomicLong slowConsumerCloses = new AtomicLong();
  final AtomicLong peakPendingBytes = new AtomicLong();
  final AtomicLong eventsWritten = new AtomicLong();
  final AtomicLong replaysFromMemory = new AtomicLong();
  final AtomicLong replaysFromDatabase = new AtomicLong();

  /** Open live connections. */
  public long connections() {
    return connections.get();
  }

  /** Connections closed with 1013 because they could not keep up. */
  public long slowConsumerCloses() {
    return slowConsumerCloses.get();
  }

  /** The most bytes any one connection ever had written but not yet accepted by its client. */
  public long peakPendingBytes() {
    return peakPendingBytes.get();
  }

  public long eventsWritten() {
    return eventsWritten.get();
  }

  /** {@code since} replays answered from the hubs' recent events, without a query. */
  public long replaysFromMemory() {
    return replaysFromMemory.get();
  }

  /** {@code since} replays that reached back further than the recent events and read the database. */
  public long replaysFromDatabase() {
    return replaysFromDatabase.get();
  }

  void pending(long bytes) {
    peakPendingBytes.accumulateAndGet(bytes, Math::max);
  }
}
