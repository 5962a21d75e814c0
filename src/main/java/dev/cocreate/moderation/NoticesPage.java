package dev.cocreate.moderation;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.json.Times;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/** {@code /notices}: what moderation has told the member about their own content and account, newest first. */
final class NoticesPage {
  static final int NOTICES_PAGE = 20;

  private final Pages pages;
  private final ModerationService moderation;
  private final ModerationTexts texts;

  NoticesPage(Pages pages, ModerationService moderation, ModerationTexts texts) {
    this.pages = pages;
    this.moderation = moderation;
    this.texts = texts;
  }

  /** One notice with what the page says about it: what happened, and the link to what it was about. */
  record Shown(ModerationNotice notice, String label, String targetLabel) {
    JsonObject toJson() {
      ModerationNotice n = notice;
      return new JsonObject()
          .put("id", n.id())
          .put("at", Times.iso(n.at()))
          .put("action", n.action())
          .put("label", label)
          .put("reason", n.reason())
          // A notice about the member's account links nowhere: they are on it.
          .put("targetHref", n.targetType().equals("user") ? null : ModerationTexts.targetHref(n.targetType(), n.targetId(), Map.of()))
          .put("targetLabel", targetLabel);
    }
  }

  /** What notices.hbs reads besides the frame. */
  record View(List<Shown> notices, String nextCursor) {
    JsonObject into(JsonObject frame) {
      JsonArray items = new JsonArray();
      notices.forEach(n -> items.add(n.toJson()));
      frame.put("notices", items);
      if (nextCursor != null) {
        frame.put("nextHref", "/notices?cursor=" + FormValues.encode(nextCursor));
      }
      return frame;
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login?next=" + FormValues.encode("/notices"));
      return;
    }
    String cursor = FormValues.blankToNull(ctx.request().getParam("cursor"));
    pages.render(ctx, "notices", moderation.notices(caller, cursor, NOTICES_PAGE, null).map(page -> {
      List<Shown> shown = page.items().stream().map(n -> new Shown(n, texts.told(ctx, n.action()), switch (n.targetType()) {
        case "post" -> pages.text(ctx, "notices.seePost");
        case "thread" -> pages.text(ctx, "notices.seeThread");
        default -> null;
      })).toList();
      return new View(shown, page.nextCursor()).into(pages.frame(ctx, pages.text(ctx, "notices.title")));
    }));
  }
}
