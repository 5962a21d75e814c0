package dev.cocreate.reputation;

import dev.cocreate.platform.http.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A badge as an admin defines it in the site settings: a member holds it while their ledger reaches
 * {@code min} of what it measures ({@code of}): {@code reputation} (their total points), a
 * category's points ({@code ideation}, {@code building}, {@code evaluation}), or a kind's count of
 * events ({@code idea_accepted}: ideas of theirs accepted, {@code reply_upvoted}: upvotes that count,
 * ...). Badges are worked out from the ledger when read, never stored, so they follow a change of
 * threshold at once, both ways.
 */
public record BadgeRule(String slug, String name, String of, int min) {
  public static final int MAX_BADGES = 30;
  static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  /** The badges of a site whose admin set none; their names are translated by the pages (badge.name.*). */
  public static final List<BadgeRule> DEFAULTS = List.of(
      new BadgeRule("contributor", "Contributor", "reputation", 10),
      new BadgeRule("trusted-voice", "Trusted voice", "reputation", 100),
      new BadgeRule("idea-maker", "Idea maker", ReputationKind.IDEA_ACCEPTED.wire(), 1),
      new BadgeRule("builder", "Builder", ReputationKind.Category.BUILDING.wire(), 20));

  /** What a badge may measure: total reputation, each category, each kind. */
  public static List<String> measures() {
    List<String> out = new ArrayList<>(List.of("reputation"));
    Arrays.stream(ReputationKind.Category.values()).forEach(c -> out.add(c.wire()));
    Arrays.stream(ReputationKind.values()).forEach(k -> out.add(k.wire()));
    return out;
  }

  boolean measuresTotal() {
    return of.equals("reputation");
  }

  boolean measuresCategory() {
    return Arrays.stream(ReputationKind.Category.values()).anyMatch(c -> c.wire().equals(of));
  }

  public JsonObject toJson() {
    return new JsonObject().put("slug", slug).put("name", name).put("of", of).put("min", min);
  }

  public static JsonArray toJson(List<BadgeRule> rules) {
    JsonArray out = new JsonArray();
    rules.forEach(r -> out.add(r.toJson()));
    return out;
  }

  /** The badges as stored in the settings (already checked). */
  public static List<BadgeRule> of(JsonArray stored) {
    List<BadgeRule> out = new ArrayList<>();
    for (Object o : stored) {
      JsonObject b = (JsonObject) o;
      out.add(new BadgeRule(b.getString("slug"), b.getString("name"), b.getString("of"), b.getInteger("min")));
    }
    return List.copyOf(out);
  }

  /**
   * Checks a settings change's {@code badges} (field {@code key}): up to {@link #MAX_BADGES}
   * {slug, name, of, min}, slugs distinct. Answers it normalized, or null with its errors added.
   */
  public static JsonArray validate(Object value, String key, List<ApiException.FieldError> errors) {
    if (!(value instanceof JsonArray arr) || arr.size() > MAX_BADGES) {
      errors.add(new ApiException.FieldError(key, "must be an array of up to " + MAX_BADGES + " {slug, name, of, min} objects"));
      return null;
    }
    JsonArray out = new JsonArray();
    Set<String> slugs = new HashSet<>();
    int before = errors.size();
    for (int i = 0; i < arr.size(); i++) {
      String field = key + "[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject b)) {
        errors.add(new ApiException.FieldError(field, "must be an object {slug, name, of, min}"));
        continue;
      }
      Object slug = b.getValue("slug");
      Object name = b.getValue("name");
      Object of = b.getValue("of");
      Object min = b.getValue("min");
      if (!(slug instanceof String s) || !SLUG.matcher(s).matches()) {
        errors.add(new ApiException.FieldError(field + ".slug", "must be 1 to 40 characters of a-z, 0-9 and -"));
      } else if (!slugs.add(s)) {
        errors.add(new ApiException.FieldError(field + ".slug", "must differ from the other badges' slugs"));
      }
      if (!(name instanceof String n) || n.isBlank() || n.strip().length() > 60 || n.indexOf('\u0000') >= 0) {
        errors.add(new ApiException.FieldError(field + ".name", "must be 1 to 60 characters"));
      }
      if (!(of instanceof String o) || !measures().contains(o)) {
        errors.add(new ApiException.FieldError(field + ".of", "must be one of " + String.join(", ", measures())));
      }
      if (!(min instanceof Number m) || m.doubleValue() != Math.rint(m.doubleValue()) || m.doubleValue() < 1
          || m.doubleValue() > 10_000_000) {
        errors.add(new ApiException.FieldError(field + ".min", "must be a whole number from 1 to 10000000"));
      }
      if (errors.size() == before) {
        out.add(new BadgeRule((String) slug, ((String) name).strip(), (String) of, ((Number) min).intValue()).toJson());
      }
    }
    return errors.size() == before ? out : null;
  }
}
