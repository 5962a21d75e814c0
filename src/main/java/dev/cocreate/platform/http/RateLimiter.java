package dev.cocreate.platform.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (an IP, an account, a user and action). Buckets live in this node's
 * memory: each node limits on its own, which bounds abuse per node without a database round trip.
 * Idle buckets are dropped by {@link #evictIdle()} so the map stays bounded.
 */
public final class RateLimiter {
  /** A named limit: capacity tokens, refilled greedily over the period. */
  public record Limit(String name, int capacity, Duration period) {}

  private record Entry(Bucket bucket, long[] lastUsed) {}

  private final boolean enabled;
  private final java.util.function.Function<String, Integer> capacityOverride;
  private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

  public RateLimiter(boolean enabled) {
    this(enabled, name -> null);
  }

  /**
   * @param capacityOverride the capacity an admin set for a limit, by its name (null: the built-in
   *     one); read on every check, so a change applies to the next request
   */
  public RateLimiter(boolean enabled, java.util.function.Function<String, Integer> capacityOverride) {
    this.enabled = enabled;
    this.capacityOverride = capacityOverride;
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
        Bucket.builder().addLimit(Bandwidth.builder().capacity(effective.capacity())
            .refillGreedy(effective.capacity(), effective.period()).build()).build(), new long[1]));
    e.lastUsed()[0] = System.nanoTime();
    ConsumptionProbe probe = e.bucket().tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw ApiException.tooManyRequests(seconds);
    }
  }

  /** Drops buckets unused for ten minutes; called from a periodic timer. */
  public void evictIdle() {
    long cutoff = System.nanoTime() - Duration.ofMinutes(10).toNanos();
    buckets.entrySet().removeIf(en -> en.getValue().lastUsed()[0] < cutoff);
  }

  public int size() {
    return buckets.size();
  }
}
