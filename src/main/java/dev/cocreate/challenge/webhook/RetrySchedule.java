package dev.cocreate.challenge.webhook;

/**
 * When a failed delivery is tried again: after the base delay, then 3, 12, 60 and 360 times it
 * (10 s, 30 s, 2 min, 10 min, 1 h with the default 10 s base), and given up after
 * {@link #MAX_ATTEMPTS} tries. Tests shorten the base with {@code webhookRetryBaseMs}.
 */
public final class RetrySchedule {
  public static final int MAX_ATTEMPTS = 8;
  private static final int[] FACTORS = {1, 3, 12, 60, 360};

  private final long baseMs;

  public RetrySchedule(long baseMs) {
    this.baseMs = baseMs;
  }

  /** The delay before the next try, after {@code attemptsMade} failed ones (1-based). */
  public long delayMsAfter(int attemptsMade) {
    int i = Math.min(Math.max(attemptsMade, 1), FACTORS.length) - 1;
    return baseMs * FACTORS[i];
  }

  public boolean givesUpAfter(int attemptsMade) {
    return attemptsMade >= MAX_ATTEMPTS;
  }

  /** How often a worker looks for due deliveries: every second, or faster when retries are shortened. */
  public long pollMs() {
    return Math.max(10, Math.min(1000, baseMs));
  }
}
