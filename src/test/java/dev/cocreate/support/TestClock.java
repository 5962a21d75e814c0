package dev.cocreate.support;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when the test says so: a rate-limit test exhausts a bucket, advances the
 * clock by the Retry-After it was given, and finds the bucket refilled, without sleeping.
 */
public final class TestClock implements InstantSource {
  private final AtomicReference<Instant> now;

  /** Stands at a fixed instant, the same in every run. */
  public TestClock() {
    this(Instant.parse("2026-01-05T09:00:00Z"));
  }

  public TestClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * Stands at the system's time of its creation: for a server whose requests are also checked
   * against the real time (a challenge's closesAt must be in the future when it is sent).
   */
  public static TestClock startingNow() {
    return new TestClock(Instant.now());
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  public void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }
}
