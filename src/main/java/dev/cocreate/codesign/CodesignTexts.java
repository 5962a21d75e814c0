package dev.cocreate.codesign;

import dev.cocreate.web.PageLocale;
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

  /**
   * An iteration as its pages show it: its label, and each attachment with what a reader needs
   * before opening it (its name, kind and size) and, for an image, its alternative text.
   */
  JsonObject iteration(RoutingContext ctx, Iteration it) {
    JsonObject j = it.toJson();
    JsonArray files = new JsonArray();
    int k = 0;
    for (Object o : j.getJsonArray("attachments")) {
      k++;
      JsonObject a = ((JsonObject) o).copy();
      String type = a.getString("mediaType") == null ? "" : a.getString("mediaType");
      a.put("typeLabel", pages.text(ctx, type.equals("application/pdf") ? "codesign.typePdf" : "codesign.typeImage"));
      Integer size = a.getInteger("size");
      a.put("sizeLabel", size == null ? null : size(ctx, size));
      if (a.getBoolean("image")) {
        a.put("alt", pages.text(ctx, "codesign.attachmentAlt", "k", Integer.toString(k), "n", Integer.toString(it.n())));
      }
      files.add(a);
    }
    return j.put("attachments", files).put("label", it.summary().isEmpty() && it.n() == 1
        ? pages.text(ctx, "codesign.original") : it.summary());
  }

  /** A file's size in the page's language: "840 KB", "1.4 MB" ("840 Ko", "1,4 Mo"). */
  private String size(RoutingContext ctx, int bytes) {
    if (bytes < 1024 * 1024) {
      return pages.text(ctx, "codesign.sizeKb", "size", Long.toString(Math.max(1, Math.round(bytes / 1024.0))));
    }
    return pages.text(ctx, "codesign.sizeMb", "size", String.format(PageLocale.of(ctx), "%.1f", bytes / (1024.0 * 1024.0)));
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
