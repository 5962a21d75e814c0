package dev.cocreate.notify;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /notifications}: the member's notifications, newest first, with "mark all read" and the
 * digest frequency as plain forms.
 */
final class NotificationsPage {
  static final int PER_PAGE = 50;
  private static final List<String> FREQUENCIES = List.of("off", "daily", "weekly");
  private static final Map<String, String> FREQUENCY_LABELS = Map.of("off", "digest.off", "daily", "digest.daily",
      "weekly", "digest.weekly");

  private final Pages pages;
  private final NotificationService notifications;

  NotificationsPage(Pages pages, NotificationService notifications) {
    this.pages = pages;
    this.notifications = notifications;
  }

  /** One choice of the digest's frequency. */
  record DigestOption(String value, String label, boolean selected) {
    JsonObject toJson() {
      return new JsonObject().put("value", value).put("label", label).put("selected", selected);
    }
  }

  /** What notifications.hbs reads besides the frame; each item's summary is in the page's language. */
  record View(JsonArray items, String nextCursor, List<DigestOption> digestOptions) {
    JsonObject into(JsonObject frame) {
      JsonArray options = new JsonArray();
      digestOptions.forEach(o -> options.add(o.toJson()));
      return frame.put("items", items).put("nextCursor", nextCursor)
          .put("nextHref", nextCursor == null ? null : "/notifications?cursor=" + FormValues.encode(nextCursor))
          .put("digestOptions", options);
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = signedIn(ctx);
    if (caller == null) {
      return;
    }
    String cursor = FormValues.blankToNull(ctx.request().getParam("cursor"));
    pages.render(ctx, "notifications", notifications.list(caller, false, cursor, PER_PAGE)
        .compose(page -> notifications.digestFrequency(caller).map(frequency -> {
          JsonArray items = new JsonArray();
          Locale locale = PageLocale.of(ctx);
          page.items().forEach(n -> items.add(n.toJson().put("summary", n.summary(pages.messages(), locale))));
          List<DigestOption> options = FREQUENCIES.stream()
              .map(f -> new DigestOption(f, pages.text(ctx, FREQUENCY_LABELS.get(f)), f.equals(frequency))).toList();
          return new View(items, page.nextCursor(), options).into(pages.frame(ctx, pages.text(ctx, "nav.notifications")));
        })));
  }

  /**
   * {@code GET /notifications/:id/open}: the list's link. Marks the notification read and lands on
   * the first post it announces, so it works without JavaScript and never stays unread after a click.
   */
  void open(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    notifications.open(caller, Http.idParam(ctx, "id")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, ar.result());
      }
    });
  }

  /** {@code POST /notifications/read}: every notification marked read. */
  void markAllRead(RoutingContext ctx) {
    Caller caller = signedIn(ctx);
    if (caller == null) {
      return;
    }
    notifications.markRead(caller, List.of(), true).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, "/notifications");
      }
    });
  }

  /** {@code POST /notifications/digest}: how often the member wants the digest by e-mail. */
  void setDigest(RoutingContext ctx) {
    Caller caller = signedIn(ctx);
    if (caller == null) {
      return;
    }
    String frequency = ctx.request().getFormAttribute("frequency");
    if (frequency == null || !FREQUENCIES.contains(frequency)) {
      ctx.fail(ApiException.invalid("frequency", "must be off, daily or weekly"));
      return;
    }
    notifications.setDigestFrequency(caller, frequency).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, "/notifications");
      }
    });
  }

  /** The signed-in member, or null after sending the browser to sign in and come back here. */
  private Caller signedIn(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login?next=/notifications");
      return null;
    }
    return caller;
  }
}
