package dev.cocreate.platform.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Token buckets per key (an IP, an account, a user and action). Buckets live in this node's
 * memory: each node limits on its own, which bounds abuse per node without a database round trip.
 * Idle buckets are dropped by {@link #evictIdle()} so the map stays bounded. Time comes from the
 * clock it is given (the system's in production), so a test moves a window on instead of sleeping.
 */
public final class RateLimiter {
  /** A named limit: capacity tokens, refilled greedily over the period. */
  public record Limit(String name, int capacity, Duration period) {}

  private record Entry(Bucket bucket, long[] lastUsed) {}

  private final boolean enabled;
  private final Function<String, Integer> capacityOverride;
  private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
  private final InstantSource clock;
  /** The clock as Bucket4j reads it: every bucket refills by the same time as the eviction. */
  private final TimeMeter meter;

  public RateLimiter(boolean enabled) {
    this(enabled, name -> null);
  }

  public RateLimiter(boolean enabled, Function<String, Integer> capacityOverride) {
    this(enabled, capacityOverride, InstantSource.system());
  }

  /**
   * @param capacityOverride the capacity an admin set for a limit, by its name (null: the built-in
   *     one); read on every check, so a change applies to the next request
   * @param clock the time buckets refill by
   */
  public RateLimiter(boolean enabled, Function<String, Integer> capacityOverride, InstantSource clock) {
    this.enabled = enabled;
    this.capacityOverride = capacityOverride;
    this.clock = clock;
    this.meter = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return nanos(clock.instant());
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  public boolean enabled() {
    return enabled;
  }

  /** Takes one token for the key or throws 429 with the seconds until one is free. */
  public void check(Limit limit, String key) {
    if (!enabled) {
      return;
    }
    Integer override = capacityOverride.apply(limit.name());
    Limit effective = override == null ? limit : new Limit(limit.name(), override, limit.period());
    // The capacity is part of the key: a changed limit starts fresh buckets at its new size.
    Entry e = buckets.computeIfAbsent(effective.name() + "/" + effective.capacity() + ":" + key, k -> new Entry(
        Bucket.builder().withCustomTimePrecision(meter).addLimit(Bandwidth.builder().capacity(effective.capacity())
            .refillGreedy(effective.capacity(), effective.period()).build()).build(), new long[1]));
    e.lastUsed()[0] = nanos(clock.instant());
    ConsumptionProbe probe = e.bucket().tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw ApiException.tooManyRequests(seconds);
    }
  }

  /** Drops buckets unused for ten minutes; called from a periodic timer. */
  public void evictIdle() {
    long cutoff = nanos(clock.instant()) - Duration.ofMinutes(10).toNanos();
    buckets.entrySet().removeIf(en -> en.getValue().lastUsed()[0] < cutoff);
  }

  public int size() {
    return buckets.size();
  }
}
