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
          page.items().forEach(n -> items.add(n.toJson()));
          return pages.frame(ctx, "Notifications").put("items", items).put("nextCursor", page.nextCursor())
              .put("digest", frequency);
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

  private void search(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String q = ctx.request().getParam("q");
    JsonObject form = new JsonObject()
        .put("q", q == null ? "" : q)
        .put("type", ctx.request().getParam("type", ""))
        .put("space", ctx.request().getParam("space", ""))
        .put("author", ctx.request().getParam("author", ""));
    JsonObject model = pages.frame(ctx, "Search").put("form", form).put("types", types(form.getString("type")));
    if (q == null) {
      pages.render(ctx, "search", model);
      return;
    }
    SearchService.Request req;
    try {
      req = SearchRoutes.read(ctx, search);
    } catch (ApiException e) {
      pages.render(ctx, 400, "search", AccountPages.withErrors(model, e));
      return;
    }
    String cursor = ctx.request().getParam("cursor");
    pages.render(ctx, "search", search.search(caller, req, cursor == null || cursor.isBlank() ? null : cursor, 20).map(page -> {
      JsonArray results = new JsonArray();
      page.items().forEach(h -> results.add(h.toJson()));
      String next = page.nextCursor() == null ? null : "/search?" + query("q", req.q()) + "&" + query("type", form.getString("type"))
          + "&" + query("space", form.getString("space")) + "&" + query("author", form.getString("author"))
          + "&" + query("cursor", page.nextCursor());
      return model.put("searched", true).put("results", results).put("nextHref", next);
    }));
  }

  private static String query(String name, String value) {
    return name + "=" + java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
  }

  private JsonArray types(String selected) {
    JsonArray out = new JsonArray().add(new JsonObject().put("value", "").put("label", "Everything").put("selected", selected.isEmpty()));
    for (String t : search.types()) {
      out.add(new JsonObject().put("value", t).put("label", Character.toUpperCase(t.charAt(0)) + t.substring(1) + "s")
          .put("selected", t.equals(selected)));
    }
    return out;
  }

  private void unsubscribe(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    digests.unsubscribe(token).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      boolean done = ar.result();
      pages.render(ctx, done ? 200 : 400, "unsubscribe", pages.frame(ctx, done ? "Unsubscribed" : "Link not valid")
          .put("unsubscribed", done));
    });
  }
}
