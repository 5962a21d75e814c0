package dev.cocreate.codesign;

import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Co-design's records as its pages show them, in the page's language. */
final class CodesignTexts {
  private final Pages pages;

  CodesignTexts(Pages pages) {
    this.pages = pages;
  }

  JsonObject iteration(RoutingContext ctx, Iteration it) {
    JsonObject j = it.toJson();
    JsonArray images = new JsonArray();
    int k = 0;
    for (Object o : it.attachments()) {
      k++;
      images.add(((JsonObject) o).copy().put("alt", pages.text(ctx, "codesign.attachmentAlt", "k", Integer.toString(k),
          "n", Integer.toString(it.n()))));
    }
    return j.put("attachments", images).put("label", it.summary().isEmpty() && it.n() == 1
        ? pages.text(ctx, "codesign.original") : it.summary());
  }

  JsonArray iterations(RoutingContext ctx, List<Iteration> items) {
    JsonArray out = new JsonArray();
    items.forEach(i -> out.add(iteration(ctx, i)));
    return out;
  }

  JsonObject amendment(RoutingContext ctx, Amendment a) {
    return a.toJson().put("statusLabel", pages.text(ctx, "codesign.amendment." + a.status())).put("isOpen", a.open());
  }

  JsonArray amendments(RoutingContext ctx, List<Amendment> items) {
    JsonArray out = new JsonArray();
    items.forEach(a -> out.add(amendment(ctx, a)));
    return out;
  }

  JsonArray credits(RoutingContext ctx, List<Credit> items) {
    JsonArray out = new JsonArray();
    items.forEach(c -> out.add(c.toJson().put("kindLabel", pages.text(ctx, "codesign.credit." + c.kind()))));
    return out;
  }

  JsonObject coauthor(RoutingContext ctx, Coauthor c) {
    return c.toJson().put("statusLabel", pages.text(ctx, "codesign.coauthor." + c.status()));
  }

  /** Where the reward's split stands, for the idea page; null when the challenge has no reward. */
  JsonObject splitSummary(RoutingContext ctx, RewardSplits.View view) {
    if (!view.hasReward()) {
      return null;
    }
    JsonObject j = new JsonObject();
    view.split().ifPresent(split -> {
      JsonArray consented = new JsonArray();
      JsonArray pending = new JsonArray();
      split.shares().forEach(s -> (s.consented() ? consented : pending).add(new JsonObject()
          .put("displayName", s.displayName()).put("username", s.username()).put("percent", s.percent())
          .put("consentLabel", pages.text(ctx, "split.consent." + s.consent()))));
      j.put("statusLabel", pages.text(ctx, "split.status." + split.status())).put("consented", consented).put("pending", pending);
    });
    return j;
  }
}
