package dev.cocreate.platform.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code moderation} configuration key: flags, the queue, trust-level thresholds, limits for
 * new members and rate limits per trust level. Every nested key has a default; a partial object
 * (or, from {@code COCREATE_MODERATION}, a JSON string) overrides only what it names.
 *
 * @param autoHideFlags distinct flaggers of trust level 1+ that hide a post pending review
 * @param claimMinutes how long a moderator's claim on a queue item lasts
 * @param premoderateFirstPosts how many first posts of a level-0 member wait for a moderator; 0 is off
 * @param newMemberMaxLinks links a level-0 member may put in one post
 * @param newMemberMaxMentions mentions a level-0 member may put in one post
 * @param trustRecomputeSeconds how often every node recomputes trust levels
 * @param trustLevels thresholds to reach levels 1, 2 and 3 (index 0 is level 1)
 * @param rateLimits per action ({@code post}, {@code vote}, {@code flag}, {@code support}), one rate
 *     per trust level 0 to 3
 */
public record ModerationConfig(
    int autoHideFlags,
    int claimMinutes,
    int premoderateFirstPosts,
    int newMemberMaxLinks,
    int newMemberMaxMentions,
    int trustRecomputeSeconds,
    List<TrustThreshold> trustLevels,
    Map<String, List<Rate>> rateLimits) {

  public static final String KEY = "moderation";
  public static final String ENV = "COCREATE_MODERATION";
  public static final Set<String> RATE_LIMITED_ACTIONS = Set.of("post", "vote", "flag", "support");

  /** What a member must have done to reach a level; flags upheld against them must stay at or under the maximum. */
  public record TrustThreshold(int daysVisited, int postsRead, int replies, int votesGiven, int votesReceived,
      int maxFlagsUpheld) {}

  /** {@code capacity} actions per {@code period}, refilled gradually. */
  public record Rate(int capacity, Duration period) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*([smhd])");

    static Rate parse(String key, String raw) {
      Matcher m = FORMAT.matcher(raw.trim());
      if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
        throw new ConfigException(key + " (" + ENV + ") must look like '10/1m' (count / number and s, m, h or d), got '" + raw + "'");
      }
      long n = Long.parseLong(m.group(2));
      Duration period = switch (m.group(3)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return new Rate(Integer.parseInt(m.group(1)), period);
    }
  }

  public static JsonObject defaults() {
    return new JsonObject()
        .put("autoHideFlags", 3)
        .put("claimMinutes", 10)
        .put("premoderateFirstPosts", 0)
        .put("newMemberMaxLinks", 2)
        .put("newMemberMaxMentions", 2)
        .put("trustRecomputeSeconds", 600)
        .put("trustLevels", new JsonObject()
            .put("1", threshold(1, 20, 0, 0, 0, 2))
            .put("2", threshold(10, 100, 3, 1, 1, 1))
            .put("3", threshold(50, 500, 20, 30, 20, 0)))
        .put("rateLimits", new JsonObject()
            .put("post", new JsonArray().add("5/10m").add("20/10m").add("40/10m").add("60/10m"))
            .put("vote", new JsonArray().add("20/1h").add("60/1h").add("120/1h").add("200/1h"))
            .put("flag", new JsonArray().add("5/1h").add("15/1h").add("30/1h").add("60/1h"))
            .put("support", new JsonArray().add("20/1h").add("60/1h").add("120/1h").add("200/1h")));
  }

  private static JsonObject threshold(int days, int read, int replies, int given, int received, int maxFlags) {
    return new JsonObject().put("daysVisited", days).put("postsRead", read).put("replies", replies)
        .put("votesGiven", given).put("votesReceived", received).put("maxFlagsUpheld", maxFlags);
  }

  /** Reads the key's value: null (all defaults), a JSON object or a JSON string of one. */
  public static ModerationConfig fromJson(Object value) {
    JsonObject given;
    if (value == null) {
      given = new JsonObject();
    } else if (value instanceof JsonObject o) {
      given = o;
    } else if (value instanceof Map<?, ?> map) {
      given = new JsonObject(new LinkedHashMap<>(cast(map)));
    } else {
      try {
        given = new JsonObject(value.toString());
      } catch (DecodeException | ClassCastException e) {
        throw new ConfigException(KEY + " (" + ENV + ") must be a JSON object");
      }
    }
    JsonObject d = defaults();
    requireKnown(KEY, given, d.fieldNames());
    JsonObject levels = object(given, "trustLevels");
    requireKnown(KEY + ".trustLevels", levels, Set.of("1", "2", "3"));
    List<TrustThreshold> thresholds = new ArrayList<>();
    for (String level : List.of("1", "2", "3")) {
      JsonObject t = d.getJsonObject("trustLevels").getJsonObject(level).copy();
      JsonObject override = object(levels, level);
      String prefix = KEY + ".trustLevels." + level;
      requireKnown(prefix, override, t.fieldNames());
      t.mergeIn(override);
      thresholds.add(new TrustThreshold(
          integer(t, prefix, "daysVisited", 0, 100_000), integer(t, prefix, "postsRead", 0, 10_000_000),
          integer(t, prefix, "replies", 0, 10_000_000), integer(t, prefix, "votesGiven", 0, 10_000_000),
          integer(t, prefix, "votesReceived", 0, 10_000_000), integer(t, prefix, "maxFlagsUpheld", 0, 10_000_000)));
    }
    JsonObject rates = d.getJsonObject("rateLimits").copy();
    JsonObject rateOverrides = object(given, "rateLimits");
    requireKnown(KEY + ".rateLimits", rateOverrides, RATE_LIMITED_ACTIONS);
    rates.mergeIn(rateOverrides);
    Map<String, List<Rate>> parsedRates = new LinkedHashMap<>();
    for (String action : List.of("post", "vote", "flag", "support")) {
      String key = KEY + ".rateLimits." + action;
      Object raw = rates.getValue(action);
      if (!(raw instanceof JsonArray arr) || arr.size() != 4) {
        throw new ConfigException(key + " (" + ENV + ") must be an array of 4 rates, one per trust level 0 to 3");
      }
      List<Rate> perLevel = new ArrayList<>();
      for (Object r : arr) {
        perLevel.add(Rate.parse(key, String.valueOf(r)));
      }
      parsedRates.put(action, List.copyOf(perLevel));
    }
    JsonObject top = d.copy().mergeIn(given);
    return new ModerationConfig(
        integer(top, KEY, "autoHideFlags", 1, 1000),
        integer(top, KEY, "claimMinutes", 1, 24 * 60),
        integer(top, KEY, "premoderateFirstPosts", 0, 1000),
        integer(top, KEY, "newMemberMaxLinks", 0, 1000),
        integer(top, KEY, "newMemberMaxMentions", 0, 1000),
        integer(top, KEY, "trustRecomputeSeconds", 5, 7 * 24 * 3600),
        List.copyOf(thresholds),
        Map.copyOf(parsedRates));
  }

  public static ModerationConfig defaultConfig() {
    return fromJson(null);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static JsonObject object(JsonObject parent, String field) {
    Object v = parent.getValue(field);
    if (v == null) {
      return new JsonObject();
    }
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new ConfigException(KEY + "." + field + " (" + ENV + ") must be a JSON object");
  }

  private static void requireKnown(String prefix, JsonObject json, Set<String> known) {
    for (String k : json.fieldNames()) {
      if (!known.contains(k)) {
        throw new ConfigException("unknown configuration key '" + prefix + "." + k + "'");
      }
    }
  }

  private static int integer(JsonObject json, String prefix, String key, int min, int max) {
    Object v = json.getValue(key);
    String name = prefix + "." + key + " (" + ENV + ")";
    int n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.intValue();
    } else {
      try {
        n = Integer.parseInt(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(name + " must be a whole number, got '" + v + "'");
      }
    }
    if (n < min || n > max) {
      throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  /** The threshold to reach {@code level} (1 to 3). */
  public TrustThreshold threshold(int level) {
    return trustLevels.get(level - 1);
  }
}
