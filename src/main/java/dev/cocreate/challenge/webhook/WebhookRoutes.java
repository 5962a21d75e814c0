package dev.cocreate.challenge.webhook;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** /api/orgs/{slug}/webhooks. */
public final class WebhookRoutes {
  private static final int MAX_URL = 2000;

  private final WebhookService webhooks;

  public WebhookRoutes(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  public void mount(Router api) {
    api.post("/orgs/:slug/webhooks").handler(this::register);
    api.get("/orgs/:slug/webhooks").handler(this::list);
    api.get("/orgs/:slug/webhooks/:id/deliveries").handler(this::deliveries);
    api.delete("/orgs/:slug/webhooks/:id").handler(this::delete);
  }

  private void register(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String url = b.string("url", 1, MAX_URL);
    String secret = b.string("secret", 16, 200);
    Object rawEvents = b.raw().getValue("events");
    List<String> events = b.strings("events", 16, 64);
    if (rawEvents == null) {
      b.error("events", "is required");
    } else if (rawEvents instanceof JsonArray a && a.isEmpty()) {
      b.error("events", "must name at least one event");
    } else if (!WebhookEvents.ALL.containsAll(events)) {
      b.error("events", "must be some of " + String.join(", ", WebhookEvents.ALL.stream().sorted().toList()));
    }
    b.validate();
    respond(ctx, 201, webhooks.register(c, ctx.pathParam("slug"),
        new WebhookService.Registration(url, events.stream().distinct().toList(), secret)), Webhook::toJson);
  }

  private void list(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, webhooks.list(c, ctx.pathParam("slug")), list -> {
      JsonArray items = new JsonArray();
      list.forEach(w -> items.add(w.toJson()));
      return new JsonObject().put("items", items).put("nextCursor", null);
    });
  }

  private void deliveries(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, webhooks.deliveries(c, ctx.pathParam("slug"), idParam(ctx, "id"), ctx.request().getParam("cursor"),
        limitParam(ctx)), page -> page.toJson(Delivery::toJson));
  }

  private void delete(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, webhooks.delete(c, ctx.pathParam("slug"), idParam(ctx, "id")));
  }
}
