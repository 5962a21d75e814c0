package dev.cocreate.admin;

import dev.cocreate.platform.config.ModerationConfig;
import dev.cocreate.platform.config.ModerationConfig.TrustThreshold;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import dev.cocreate.reputation.BadgeRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings an admin changes while the site runs, as every node currently sees them: the
 * stored overrides applied to the defaults (and, for trust levels, to the {@code moderation}
 * configuration key).
 *
 * @param rateLimits capacity overrides by rate-limit name; each limit keeps its own period
 * @param trustThresholds the thresholds to reach trust levels 1, 2 and 3 (index 0 is level 1)
 * @param badges the badges members earn from their reputation ({@link BadgeRule}; the defaults until an admin sets them)
 * @param stored the overrides as stored, for the next update to merge into
 */
public record SiteSettings(
    String siteName,
    String description,
    int defaultSupportThreshold,
    Registration registration,
    Map<String, Integer> rateLimits,
    List<TrustThreshold> trustThresholds,
    List<BadgeRule> badges,
    long version,
    OffsetDateTime updatedAt,
    JsonObject stored) {

  public static final String DEFAULT_SITE_NAME = "Cocreate";
  public static final String DEFAULT_DESCRIPTION = "Open innovation, debated live.";
  public static final int DEFAULT_SUPPORT_THRESHOLD = 10_000;
  static final Pattern LIMIT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  static final List<String> THRESHOLD_FIELDS =
      List.of("daysVisited", "postsRead", "replies", "votesGiven", "votesReceived", "maxFlagsUpheld");

  /** Who may create an account. */
  public enum Registration {
    OPEN("open"), CLOSED("closed"), INVITE_ONLY("invite-only");

    private final String value;

    Registration(String value) {
      this.value = value;
    }

    public String value() {
      return value;
    }

    static Registration of(String value) {
      for (Registration r : values()) {
        if (r.value.equals(value)) {
          return r;
        }
      }
      throw new IllegalArgumentException("registration: " + value);
    }
  }

  /**
   * The description an admin wrote, or null while it is the built-in one: the pages show that one
   * translated, as their tagline, and one an admin wrote as written.
   */
  public String ownDescription() {
    return DEFAULT_DESCRIPTION.equals(description) ? null : description;
  }

  /** Defaults, before the database has been read. */
  public static SiteSettings defaults(ModerationConfig base) {
    return of(new JsonObject(), 0, null, base);
  }

  /** The effective settings from stored (already validated) overrides. */
  static SiteSettings of(JsonObject stored, long version, OffsetDateTime updatedAt, ModerationConfig base) {
    Map<String, Integer> limits = new LinkedHashMap<>();
    JsonObject rl = stored.getJsonObject("rateLimits", new JsonObject());
    rl.fieldNames().stream().sorted().forEach(k -> limits.put(k, rl.getInteger(k)));
    JsonObject tl = stored.getJsonObject("trustLevels", new JsonObject());
    List<TrustThreshold> thresholds = new ArrayList<>();
    for (int level = 1; level <= 3; level++) {
      JsonObject t = thresholdJson(base.threshold(level)).mergeIn(tl.getJsonObject(Integer.toString(level), new JsonObject()));
      thresholds.add(new TrustThreshold(t.getInteger("daysVisited"), t.getInteger("postsRead"), t.getInteger("replies"),
          t.getInteger("votesGiven"), t.getInteger("votesReceived"), t.getInteger("maxFlagsUpheld")));
    }
    return new SiteSettings(
        stored.getString("siteName", DEFAULT_SITE_NAME),
        stored.getString("description", DEFAULT_DESCRIPTION),
        stored.getInteger("defaultSupportThreshold", DEFAULT_SUPPORT_THRESHOLD),
        Registration.of(stored.getString("registration", Registration.OPEN.value())),
        Map.copyOf(limits),
        List.copyOf(thresholds),
        stored.containsKey("badges") ? BadgeRule.of(stored.getJsonArray("badges")) : BadgeRule.DEFAULTS,
        version,
        updatedAt,
        stored.copy());
  }

  static JsonObject thresholdJson(TrustThreshold t) {
    return new JsonObject().put("daysVisited", t.daysVisited()).put("postsRead", t.postsRead()).put("replies", t.replies())
        .put("votesGiven", t.votesGiven()).put("votesReceived", t.votesReceived()).put("maxFlagsUpheld", t.maxFlagsUpheld());
  }

  /** The threshold to reach {@code level} (1 to 3). */
  public TrustThreshold threshold(int level) {
    return trustThresholds.get(level - 1);
  }

  /** The capacity an admin set for a rate limit, or null for the built-in one. */
  public Integer rateLimit(String name) {
    return rateLimits.get(name);
  }

  /** The API shape: every effective value, and when and which version it is. */
  public JsonObject toJson() {
    JsonObject levels = new JsonObject();
    for (int level = 1; level <= 3; level++) {
      levels.put(Integer.toString(level), thresholdJson(threshold(level)));
    }
    return new JsonObject()
        .put("siteName", siteName)
        .put("description", description)
        .put("defaultSupportThreshold", defaultSupportThreshold)
        .put("registration", registration.value())
        .put("rateLimits", new JsonObject(new LinkedHashMap<>(rateLimits)))
        .put("trustLevels", levels)
        .put("badges", BadgeRule.toJson(badges))
        .put("version", version)
        .put("updatedAt", Times.iso(updatedAt));
  }

  /** What anyone may know: the name, the description and how to join. */
  public JsonObject toPublicJson() {
    return new JsonObject().put("siteName", siteName).put("description", description)
        .put("registration", registration.value());
  }

  /**
   * Validates a change (any subset of the fields; an object given replaces the stored one) and
   * answers it normalized, ready to merge into the stored overrides; each field error is added to
   * {@code errors}, and a field in error is left out.
   */
  static JsonObject validateChange(JsonObject in, List<ApiException.FieldError> errors) {
    JsonObject out = new JsonObject();
    for (String key : in.fieldNames()) {
      Object v = in.getValue(key);
      switch (key) {
        case "siteName" -> text(v, key, 1, 80, errors).ifPresent(s -> out.put(key, s));
        case "description" -> text(v, key, 0, 500, errors).ifPresent(s -> out.put(key, s));
        case "defaultSupportThreshold" -> whole(v, key, 1, 1_000_000, errors).ifPresent(n -> out.put(key, n));
        case "registration" -> {
          if (v instanceof String s && List.of("open", "closed", "invite-only").contains(s)) {
            out.put(key, s);
          } else {
            errors.add(new ApiException.FieldError(key, "must be one of open, closed, invite-only"));
          }
        }
        case "rateLimits" -> {
          if (!(v instanceof JsonObject o)) {
            errors.add(new ApiException.FieldError(key, "must be an object of limit name to capacity"));
            break;
          }
          JsonObject limits = new JsonObject();
          for (String name : o.fieldNames()) {
            if (!LIMIT_NAME.matcher(name).matches()) {
              errors.add(new ApiException.FieldError(key + "." + name, "is not a rate limit name"));
              continue;
            }
            whole(o.getValue(name), key + "." + name, 1, 1_000_000, errors).ifPresent(n -> limits.put(name, n));
          }
          out.put(key, limits);
        }
        case "trustLevels" -> {
          if (!(v instanceof JsonObject o)) {
            errors.add(new ApiException.FieldError(key, "must be an object with levels 1, 2 and 3"));
            break;
          }
          JsonObject levels = new JsonObject();
          for (String level : o.fieldNames()) {
            String prefix = key + "." + level;
            if (!List.of("1", "2", "3").contains(level) || !(o.getValue(level) instanceof JsonObject t)) {
              errors.add(new ApiException.FieldError(prefix, "must be level 1, 2 or 3 with an object of thresholds"));
              continue;
            }
            JsonObject thresholds = new JsonObject();
            for (String field : t.fieldNames()) {
              if (!THRESHOLD_FIELDS.contains(field)) {
                errors.add(new ApiException.FieldError(prefix + "." + field, "must be one of " + String.join(", ", THRESHOLD_FIELDS)));
                continue;
              }
              whole(t.getValue(field), prefix + "." + field, 0, 10_000_000, errors).ifPresent(n -> thresholds.put(field, n));
            }
            levels.put(level, thresholds);
          }
          out.put(key, levels);
        }
        case "badges" -> {
          JsonArray badges = BadgeRule.validate(v, key, errors);
          if (badges != null) {
            out.put(key, badges);
          }
        }
        case "version", "updatedAt" -> {
          // read-only: a client may send back what it read
        }
        default -> errors.add(new ApiException.FieldError(key, "is not a setting"));
      }
    }
    return out;
  }

  private static Optional<String> text(Object v, String key, int min, int max, List<ApiException.FieldError> errors) {
    if (!(v instanceof String s)) {
      errors.add(new ApiException.FieldError(key, "must be a string"));
      return Optional.empty();
    }
    String t = s.strip();
    int n = t.codePointCount(0, t.length());
    if (n < min || n > max || t.indexOf('\u0000') >= 0) {
      errors.add(new ApiException.FieldError(key, min > 0 ? "must be " + min + " to " + max + " characters" : "must be at most "
          + max + " characters"));
      return Optional.empty();
    }
    return Optional.of(t);
  }

  private static Optional<Integer> whole(Object v, String key, int min, int max, List<ApiException.FieldError> errors) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= min
        && n.doubleValue() <= max) {
      return Optional.of(n.intValue());
    }
    errors.add(new ApiException.FieldError(key, "must be a whole number from " + min + " to " + max));
    return Optional.empty();
  }
}
