package dev.cocreate.admin;

import dev.cocreate.platform.http.ApiException;
import dev.cocreate.reputation.BadgeRule;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The site settings form both ways: filled from the settings (or shown again as posted), and read
 * back as the API's change, numbers as numbers and the rate-limit lines as an object, so the
 * service checks a form and an API call alike.
 */
final class SiteSettingsForm {
  static final List<String> THRESHOLDS =
      List.of("daysVisited", "postsRead", "replies", "votesGiven", "votesReceived", "maxFlagsUpheld");

  private SiteSettingsForm() {}

  /** The form filled from the current settings. */
  static JsonObject of(SiteSettings s) {
    StringBuilder limits = new StringBuilder();
    s.rateLimits().forEach((name, capacity) -> limits.append(name).append(" = ").append(capacity).append('\n'));
    JsonObject form = new JsonObject()
        .put("siteName", s.siteName())
        .put("description", s.description())
        .put("defaultSupportThreshold", String.valueOf(s.defaultSupportThreshold()))
        .put("registration", s.registration().value())
        .put("rateLimits", limits.toString())
        .put("badges", badgeLines(s.badges()));
    form.put("levels", levels(level -> {
      var t = s.threshold(level);
      return new int[] {t.daysVisited(), t.postsRead(), t.replies(), t.votesGiven(), t.votesReceived(), t.maxFlagsUpheld()};
    }));
    selectRegistration(form);
    return form;
  }

  /** The form as posted, to show again beside its errors. */
  static JsonObject posted(MultiMap f) {
    JsonObject posted = new JsonObject()
        .put("siteName", value(f, "siteName"))
        .put("description", value(f, "description"))
        .put("defaultSupportThreshold", value(f, "defaultSupportThreshold"))
        .put("registration", value(f, "registration"))
        .put("rateLimits", value(f, "rateLimits"))
        .put("badges", value(f, "badges"))
        .put("levels", levels(level -> THRESHOLDS.stream().map(t -> value(f, "tl" + level + "_" + t)).toArray(String[]::new)));
    selectRegistration(posted);
    return posted;
  }

  /** A radio button per registration mode: a template cannot compare strings. */
  private static void selectRegistration(JsonObject form) {
    String r = form.getString("registration");
    form.put("regOpen", "open".equals(r)).put("regClosed", "closed".equals(r)).put("regInvite", "invite-only".equals(r));
  }

  /** The trust levels' fields, named after the configuration keys (their labels are put in words by the page). */
  private static JsonArray levels(IntFunction<Object> valuesOf) {
    JsonArray levels = new JsonArray();
    for (int level = 1; level <= 3; level++) {
      Object values = valuesOf.apply(level);
      JsonArray fields = new JsonArray();
      for (int i = 0; i < THRESHOLDS.size(); i++) {
        Object v = values instanceof int[] ints ? String.valueOf(ints[i]) : ((String[]) values)[i];
        fields.add(new JsonObject().put("name", "tl" + level + "_" + THRESHOLDS.get(i)).put("label", THRESHOLDS.get(i))
            .put("value", v));
      }
      levels.add(new JsonObject().put("level", level).put("fields", fields));
    }
    return levels;
  }

  /**
   * The form as the API's change: numbers as numbers, the rate-limit lines as an object; what is not
   * a number or not a line of the form is added to {@code errors}.
   */
  static JsonObject change(MultiMap f, List<ApiException.FieldError> errors) {
    JsonObject change = new JsonObject()
        .put("siteName", value(f, "siteName"))
        .put("description", value(f, "description"))
        .put("registration", value(f, "registration"))
        .put("defaultSupportThreshold", number(value(f, "defaultSupportThreshold"), "defaultSupportThreshold", errors));
    JsonObject limits = new JsonObject();
    for (String line : value(f, "rateLimits").split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] kv = line.split("=", 2);
      if (kv.length != 2) {
        errors.add(new ApiException.FieldError("rateLimits", "must be lines of name = capacity, not '" + line.strip() + "'"));
        continue;
      }
      limits.put(kv[0].strip(), number(kv[1], "rateLimits", errors));
    }
    change.put("rateLimits", limits);
    JsonObject levels = new JsonObject();
    for (int level = 1; level <= 3; level++) {
      JsonObject t = new JsonObject();
      for (String name : THRESHOLDS) {
        t.put(name, number(value(f, "tl" + level + "_" + name), "trustLevels", errors));
      }
      levels.put(Integer.toString(level), t);
    }
    change.put("trustLevels", levels);
    change.put("badges", badges(value(f, "badges"), errors));
    return change;
  }

  /** The badges as the form's lines: {@code slug | name | of | min}, one a line. */
  private static String badgeLines(List<BadgeRule> badges) {
    StringBuilder out = new StringBuilder();
    badges.forEach(b -> out.append(b.slug()).append(" | ").append(b.name()).append(" | ").append(b.of()).append(" | ")
        .append(b.min()).append('\n'));
    return out.toString();
  }

  /** The badge lines as the API's array; a line that is not four fields is an error of its own. */
  private static JsonArray badges(String lines, List<ApiException.FieldError> errors) {
    JsonArray out = new JsonArray();
    for (String line : lines.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\\|", -1);
      if (parts.length != 4) {
        errors.add(new ApiException.FieldError("badges", "must be lines of slug | name | measure | minimum, not '" + line.strip() + "'"));
        continue;
      }
      out.add(new JsonObject().put("slug", parts[0].strip()).put("name", parts[1].strip()).put("of", parts[2].strip())
          .put("min", number(parts[3], "badges", errors)));
    }
    return out;
  }

  private static Object number(String raw, String field, List<ApiException.FieldError> errors) {
    try {
      return Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      errors.add(new ApiException.FieldError(field, "must be whole numbers"));
      return 0;
    }
  }

  private static String value(MultiMap f, String name) {
    String v = f.get(name);
    return v == null ? "" : v;
  }
}
