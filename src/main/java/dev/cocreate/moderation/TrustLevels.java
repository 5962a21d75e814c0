package dev.cocreate.moderation;

import dev.cocreate.platform.config.ModerationConfig;
import dev.cocreate.platform.config.ModerationConfig.TrustThreshold;
import java.util.function.IntFunction;

/**
 * Trust levels 0 to 3 from a member's activity, with the thresholds of
 * {@code moderation.trustLevels}. A level is reached when every count of its threshold is met and
 * the flags upheld against the member stay at or under its maximum.
 *
 * <p>Levels 1 and 2 are never lost once reached (as in Discourse: they mark a member who has
 * learned the place); level 3 is re-earned on every computation, so it drops back to 2 when, for
 * example, flags are upheld against the member. Level 4 is set by hand and left alone.
 */
public final class TrustLevels {
  public static final int MANUAL_LEVEL = 4;

  private final IntFunction<TrustThreshold> thresholds;

  public TrustLevels(ModerationConfig config) {
    this(config::threshold);
  }

  /** With thresholds that may change while the server runs (the admin's site settings). */
  public TrustLevels(IntFunction<TrustThreshold> thresholds) {
    this.thresholds = thresholds;
  }

  /** The level the activity earns, ignoring what the member had. */
  public int earned(Activity a) {
    int level = 0;
    for (int candidate = 1; candidate <= 3; candidate++) {
      if (meets(a, thresholds.apply(candidate))) {
        level = candidate;
      } else {
        break;
      }
    }
    return level;
  }

  /** The level to store for a member now at {@code current} with this activity. */
  public int next(int current, Activity a) {
    if (current >= MANUAL_LEVEL) {
      return current;
    }
    int earned = earned(a);
    int kept = Math.min(current, 2);
    return Math.max(earned, kept);
  }

  private static boolean meets(Activity a, TrustThreshold t) {
    return a.daysVisited() >= t.daysVisited()
        && a.postsRead() >= t.postsRead()
        && a.replies() >= t.replies()
        && a.votesGiven() >= t.votesGiven()
        && a.votesReceived() >= t.votesReceived()
        && a.flagsUpheld() <= t.maxFlagsUpheld();
  }

  /**
   * What trust is computed from.
   *
   * @param flagsUpheld the member's posts (ideas later) hidden by a moderator after flags
   */
  public record Activity(long userId, int trustLevel, long daysVisited, long postsRead, long replies, long votesGiven,
      long votesReceived, long flagsUpheld) {}
}
