package dev.cocreate.stakeholder;

import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Stakeholder types as pages show them, in the page's language: a select's options and a breakdown's rows. */
public final class StakeholderTexts {
  private final Pages pages;

  public StakeholderTexts(Pages pages) {
    this.pages = pages;
  }

  /** A type's name ("customer", or "none" for the undeclared). */
  public String label(RoutingContext ctx, String wire) {
    return pages.text(ctx, "stakeholder.type." + wire);
  }

  /** {@code [{value, label, selected}]} for every type, {@code selected} the one that matches {@code chosen}. */
  public JsonArray options(RoutingContext ctx, String chosen) {
    JsonArray out = new JsonArray();
    for (String wire : StakeholderType.wires()) {
      out.add(new JsonObject().put("value", wire).put("label", label(ctx, wire)).put("selected", wire.equals(chosen)));
    }
    return out;
  }

  /**
   * A breakdown ({@code {supports: {type: n}, participants: {type: n}}}) as a table's rows: one per
   * type, then none, each {@code {label, supports, participants}}.
   */
  public JsonArray rows(RoutingContext ctx, JsonObject breakdown) {
    JsonArray out = new JsonArray();
    JsonObject supports = breakdown.getJsonObject("supports");
    JsonObject participants = breakdown.getJsonObject("participants");
    for (String key : StakeholderType.breakdownKeys()) {
      out.add(new JsonObject().put("type", key).put("label", label(ctx, key))
          .put("supports", supports.getLong(key, 0L)).put("participants", participants.getLong(key, 0L)));
    }
    return out;
  }
}
