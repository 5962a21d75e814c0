package dev.cocreate.live;

import java.util.concurrent.atomic.AtomicLong;

/** Counters shared by every hub of a node (hubs run on different event loops, hence atomics). */
public final class LiveStats {
  final AtomicLong connections = new AtomicLong();
  final AtomicLong slowConsumerCloses = new AtomicLong();
  final AtomicLong peakPendingBytes = new AtomicLong();
  final AtomicLong eventsWritten = new AtomicLong();

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

  void pending(long bytes) {
    peakPendingBytes.accumulateAndGet(bytes, Math::max);
  }
}
