package dev.cocreate.platform.http;

import dev.cocreate.platform.config.ModerationConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How often a member may post, vote, flag and support, by trust level: newer members get the
 * stricter limits. Moderators and admins count as the highest level. Configured under
 * {@code moderation.rateLimits}; use it as {@code policy.check(limiter, Action.POST, level, userId)}.
 */
public final class RateLimitPolicy {
  /** The rate-limited member actions. */
  public enum Action {
    POST("post"), VOTE("vote"), FLAG("flag"), SUPPORT("support");

    private final String key;

    Action(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public static final int HIGHEST_LEVEL = 3;

  private final Map<Action, List<RateLimiter.Limit>> limits = new EnumMap<>(Action.class);

  public RateLimitPolicy(ModerationConfig config) {
    for (Action action : Action.values()) {
      List<ModerationConfig.Rate> rates = config.rateLimits().get(action.key());
      RateLimiter.Limit[] perLevel = new RateLimiter.Limit[rates.size()];
      for (int level = 0; level < rates.size(); level++) {
        ModerationConfig.Rate r = rates.get(level);
        // The level is part of the name so a promoted member starts a fresh, larger bucket.
        perLevel[level] = new RateLimiter.Limit(action.key() + "-tl" + level, r.capacity(), r.period());
      }
      limits.put(action, List.of(perLevel));
    }
  }

  /** The limit for an action at a trust level; levels above 3 (and staff) get the level-3 limit. */
  public RateLimiter.Limit limit(Action action, int trustLevel) {
    List<RateLimiter.Limit> perLevel = limits.get(action);
    return perLevel.get(Math.max(0, Math.min(trustLevel, perLevel.size() - 1)));
  }

  /** The effective level of a member for limits: staff are treated as the highest level. */
  public static int effectiveLevel(int trustLevel, boolean staff) {
    return staff ? HIGHEST_LEVEL : trustLevel;
  }

  /** Takes one token for the user's action, or throws 429 with Retry-After. */
  public void check(RateLimiter limiter, Action action, int trustLevel, boolean staff, long userId) {
    limiter.check(limit(action, effectiveLevel(trustLevel, staff)), "user:" + userId);
  }
}
