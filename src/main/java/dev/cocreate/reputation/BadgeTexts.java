package dev.cocreate.reputation;

import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Badges in the page's language: a built-in badge's name is translated; one an admin named is
 * shown as written. What earns a badge is said in words (its measure and minimum).
 */
public final class BadgeTexts {
  private final Pages pages;

  public BadgeTexts(Pages pages) {
    this.pages = pages;
  }

  /** The name of a badge ({@code {slug, name}}) as the page shows it. */
  public String name(RoutingContext ctx, JsonObject badge) {
    String slug = badge.getString("slug");
    boolean builtIn = BadgeRule.DEFAULTS.stream()
        .anyMatch(d -> d.slug().equals(slug) && d.name().equals(badge.getString("name")));
    return builtIn ? pages.text(ctx, "badge.name." + slug) : badge.getString("name");
  }

  /** "100 reputation", "1 idea accepted": what a badge ({@code {of, min}}) asks. */
  String earnedBy(RoutingContext ctx, JsonObject badge) {
    return pages.text(ctx, "badge.of." + badge.getString("of"), "min", badge.getInteger("min"));
  }

  /** A member's badges ({@code [{slug, name}]}) with their names as the page shows them, for the profile. */
  public JsonArray shown(RoutingContext ctx, JsonArray badges) {
    JsonArray out = new JsonArray();
    for (Object o : badges) {
      JsonObject b = (JsonObject) o;
      out.add(b.copy().put("label", name(ctx, b)));
    }
    return out;
  }
}
