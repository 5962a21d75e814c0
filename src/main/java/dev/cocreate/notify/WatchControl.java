package dev.cocreate.notify;

import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The follow control a page shows (partials/watch-form.hbs): the three levels with the member's
 * selected, posting to {@code /watch}. Built here so every page that offers it (a thread, a
 * challenge, an idea, the following list) offers the same choice with the same words.
 */
public final class WatchControl {
  private WatchControl() {}

  /** For {@code type} ({@code thread}, {@code challenge}, {@code idea}) {@code id} at the member's {@code level} (a wire name). */
  public static JsonObject of(Pages pages, RoutingContext ctx, String type, long id, String level) {
    JsonArray options = new JsonArray();
    for (WatchLevel l : WatchLevel.values()) {
      options.add(new JsonObject().put("value", l.wire()).put("label", pages.text(ctx, "watch.level." + l.wire()))
          .put("selected", l.wire().equals(level)));
    }
    return new JsonObject().put("type", type).put("id", id).put("level", level)
        .put("levelLabel", pages.text(ctx, "watch.level." + level)).put("options", options);
  }
}
