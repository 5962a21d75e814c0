package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.notify.DigestService;
import dev.cocreate.notify.NotificationService;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.search.SearchRoutes;
import dev.cocreate.search.SearchService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The notifications page (with "mark all read" as a plain form), the search page, and the
 * digest's unsubscribe page, which needs no sign-in: the signed token in its link is the proof.
 */
public final class NotifyPages {
  private final Pages pages;
  private final NotificationService notifications;
  private final SearchService search;
  private final DigestService digests;

  public NotifyPages(Pages pages, NotificationService notifications, SearchService search, DigestService digests) {
    this.pages = pages;
    this.notifications = notifications;
    this.search = search;
    this.digests = digests;
  }

  public void mount(Router router) {
    router.get("/notifications").handler(this::list);
    router.post("/notifications/read").handler(this::markAllRead);
    router.post("/notifications/digest").handler(this::setDigest);
    router.get("/search").handler(this::search);
    router.get("/unsubscribe").handler(this::unsubscribe);
    // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the same address.
    router.post("/unsubscribe").handler(this::unsubscribe);
  }

  private void list(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login?next=/notifications");
      return;
    }
    String cursor = ctx.request().getParam("cursor");
    pages.render(ctx, "notifications", notifications.list(caller, false, cursor == null || cursor.isBlank() ? null : cursor, 50)
        .compose(page -> notifications.digestFrequency(caller).map(frequency -> {
          JsonArray items = new JsonArray();
          java.util.Locale locale = PageLocale.of(ctx);
          page.items().forEach(n -> items.add(n.toJson().put("summary", n.summary(pages.messages(), locale))));
          return pages.frame(ctx, pages.text(ctx, "nav.notifications")).put("items", items).put("nextCursor", page.nextCursor())
              .put("nextHref", page.nextCursor() == null ? null : "/notifications?" + query("cursor", page.nextCursor()))
              .put("digestOptions", new JsonArray()
                  .add(option("off", pages.text(ctx, "digest.off"), frequency))
                  .add(option("daily", pages.text(ctx, "digest.daily"), frequency))
                  .add(option("weekly", pages.text(ctx, "digest.weekly"), frequency)));
        })));
  }

  private void markAllRead(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login?next=/notifications");
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

  private static JsonObject option(String value, String label, String selected) {
    return new JsonObject().put("value", value).put("label", label).put("selected", value.equals(selected));
  }

  private void setDigest(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, "/login?next=/notifications");
      return;
    }
    String frequency = ctx.request().getFormAttribute("frequency");
    if (frequency == null || !List.of("off", "daily", "weekly").contains(frequency)) {
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

  private void search(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String q = ctx.request().getParam("q");
    JsonObject form = new JsonObject()
        .put("q", q == null ? "" : q)
        .put("type", ctx.request().getParam("type", ""))
        .put("space", ctx.request().getParam("space", ""))
        .put("author", ctx.request().getParam("author", ""));
    JsonObject model = pages.frame(ctx, pages.text(ctx, "nav.search")).put("form", form).put("types", types(ctx, form.getString("type")));
    if (q == null) {
      pages.render(ctx, "search", model);
      return;
    }
    SearchService.Request req;
    try {
      req = SearchRoutes.read(ctx, search);
    } catch (ApiException e) {
      pages.render(ctx, 400, "search", pages.withErrors(ctx, model, e));
      return;
    }
    String cursor = ctx.request().getParam("cursor");
    pages.render(ctx, "search", search.search(caller, req, cursor == null || cursor.isBlank() ? null : cursor, 20).map(page -> {
      JsonArray results = new JsonArray();
      page.items().forEach(h -> {
        JsonObject hit = h.toJson();
        results.add(hit.put("typeLabel", typeLabel(ctx, hit.getString("type"))));
      });
      String next = page.nextCursor() == null ? null : "/search?" + query("q", req.q()) + "&" + query("type", form.getString("type"))
          + "&" + query("space", form.getString("space")) + "&" + query("author", form.getString("author"))
          + "&" + query("cursor", page.nextCursor());
      return model.put("searched", true).put("results", results).put("nextHref", next);
    }));
  }

  private static String query(String name, String value) {
    return name + "=" + java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private JsonArray types(RoutingContext ctx, String selected) {
    JsonArray out = new JsonArray().add(new JsonObject().put("value", "").put("label", pages.text(ctx, "search.everything"))
        .put("selected", selected.isEmpty()));
    for (String t : search.types()) {
      String key = TYPE_PLURALS.get(t);
      out.add(new JsonObject().put("value", t).put("label", key == null ? t : pages.text(ctx, key))
          .put("selected", t.equals(selected)));
    }
    return out;
  }

  /** A result's kind on its badge; the search's own word when the bundle has none. */
  private String typeLabel(RoutingContext ctx, String type) {
    String key = TYPE_NAMES.get(type);
    return key == null ? type : pages.text(ctx, key);
  }

  private static final java.util.Map<String, String> TYPE_PLURALS = java.util.Map.of(
      "thread", "search.type.threads", "post", "search.type.posts", "idea", "search.type.ideas",
      "challenge", "search.type.challenges");
  private static final java.util.Map<String, String> TYPE_NAMES = java.util.Map.of(
      "thread", "search.badge.thread", "post", "search.badge.post", "idea", "search.badge.idea",
      "challenge", "search.badge.challenge");

  private void unsubscribe(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    digests.unsubscribe(token).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      boolean done = ar.result();
      pages.render(ctx, done ? 200 : 400, "unsubscribe", pages.frame(ctx, pages.text(ctx, done ? "unsubscribe.pageTitle" : "unsubscribe.invalidPageTitle"))
          .put("unsubscribed", done));
    });
  }
}
