package dev.cocreate.notify;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import dev.cocreate.web.RedirectTargets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /me/following}: what the member follows, with its level (changeable there) and each
 * thread's unread count; and {@code POST /watch}, the follow control every page posts to.
 */
final class FollowingPage {
  static final int PER_PAGE = 50;

  private final Pages pages;
  private final NotificationService notifications;

  FollowingPage(Pages pages, NotificationService notifications) {
    this.pages = pages;
    this.notifications = notifications;
  }

  /** What following.hbs reads besides the frame: each item with its follow control. */
  record View(JsonArray items, String nextCursor) {
    JsonObject into(JsonObject frame) {
      return frame.put("items", items).put("nextCursor", nextCursor)
          .put("nextHref", nextCursor == null ? null : "/me/following?cursor=" + FormValues.encode(nextCursor));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String cursor = FormValues.blankToNull(ctx.request().getParam("cursor"));
    pages.render(ctx, "following", notifications.following(caller, cursor, PER_PAGE).map(page -> {
      JsonArray items = new JsonArray();
      for (Following f : page.items()) {
        items.add(f.toJson().put("unreadHref", f.unreadUrl())
            .put("kindLabel", pages.text(ctx, f.ideaId() != null ? "following.kind.idea" : "following.kind." + f.targetType()))
            .put("control", WatchControl.of(pages, ctx, f.targetType(), f.targetId(), f.level().wire())));
      }
      return new View(items, page.nextCursor()).into(pages.frame(ctx, pages.text(ctx, "following.title")));
    }));
  }

  /**
   * {@code POST /watch} {@code targetType, targetId, level, next}: sets the member's level and goes
   * back to {@code next} (a path of this site), where the control shows the new level.
   */
  void submit(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String type = FormValues.orEmpty(ctx.request().getFormAttribute("targetType"));
    WatchTargets.Kind kind = WatchTargets.Kind.of(type);
    String rawLevel = FormValues.orEmpty(ctx.request().getFormAttribute("level"));
    long id;
    try {
      id = Long.parseLong(FormValues.orEmpty(ctx.request().getFormAttribute("targetId")).strip());
    } catch (NumberFormatException e) {
      id = 0;
    }
    if (kind == null || id <= 0) {
      ctx.fail(ApiException.invalid("targetType", "must name a thread, challenge or idea"));
      return;
    }
    if (!NotificationRoutes.LEVELS.contains(rawLevel)) {
      ctx.fail(ApiException.invalid("level", "must be watching, tracking or muted"));
      return;
    }
    String next = RedirectTargets.sameSitePath(ctx.request().getFormAttribute("next"), "/me/following");
    notifications.watch(caller, kind, id, WatchLevel.of(rawLevel)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, next);
      }
    });
  }
}
