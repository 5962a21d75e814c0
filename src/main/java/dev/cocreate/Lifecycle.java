package dev.cocreate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stop of {@code serve} must close, handed over by start-up as each part comes up, so that
 * a stop at any moment (SIGTERM while the demo is being seeded, say) is a clean stop.
 *
 * <p>A stop closes what it has been handed, newest first, then waits for start-up to end: with its
 * pool and database gone, start-up fails quickly, and the process must not exit while start-up
 * still holds a part it could not hand over. Start-up closes a part that comes up after the stop
 * began, and takes its own failure after a stop for what it is: the stop's doing, not a fault.
 */
final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private final Duration startUpWait;
  private final Deque<Runnable> parts = new ArrayDeque<>();
  private final CountDownLatch startUpEnded = new CountDownLatch(1);
  private boolean stopping;

  /** @param startUpWait how long a stop waits for start-up to give up before the process exits anyway */
  Lifecycle(Duration startUpWait) {
    this.startUpWait = startUpWait;
  }

  /** Hands a part over to the stop; false when a stop has begun, and the caller must close it itself. */
  synchronized boolean handOver(Runnable close) {
    if (stopping) {
      return false;
    }
    parts.push(close);
    return true;
  }

  synchronized boolean stopping() {
    return stopping;
  }

  /** Start-up has finished, or failed: it holds nothing the stop does not know of. */
  void startUpEnded() {
    startUpEnded.countDown();
  }

  /** Closes every part handed over, newest first. Run it once (see {@link Main#once}). */
  void stop() {
    Runnable[] toClose;
    synchronized (this) {
      stopping = true;
      toClose = parts.toArray(new Runnable[0]);
      parts.clear();
    }
    boolean startingUp = startUpEnded.getCount() > 0;
    if (toClose.length == 0 && !startingUp) {
      return; // start-up failed before it had anything running, and said so itself
    }
    log.info(startingUp ? "Shutting down during start-up" : "Shutting down: finishing in-flight requests");
    for (Runnable close : toClose) {
      close.run();
    }
    try {
      if (!startUpEnded.await(startUpWait.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Start-up did not give up within {} s of the stop; exiting anyway", startUpWait.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("Stopped");
  }
}
