package dev.cocreate.notify;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** /api/notifications, thread watches and /api/me/digest. */
public final class NotificationRoutes {
  static final Set<String> LEVELS = Set.of("watching", "tracking", "muted");
  static final Set<String> FREQUENCIES = Set.of("off", "daily", "weekly");

  private final NotificationService notifications;

  public NotificationRoutes(NotificationService notifications) {
    this.notifications = notifications;
  }

  public void mount(Router api) {
    api.get("/notifications").handler(this::list);
    api.post("/notifications/read").handler(this::read);
    for (WatchTargets.Kind kind : WatchTargets.Kind.values()) {
      String path = "/" + kind.name().toLowerCase(java.util.Locale.ROOT) + "s/:id/watch";
      api.get(path).handler(ctx -> watchLevel(ctx, kind));
      api.put(path).handler(ctx -> watch(ctx, kind));
      api.delete(path).handler(ctx -> unwatch(ctx, kind));
    }
    api.get("/me/watching").handler(this::following);
    api.get("/me/digest").handler(this::digest);
    api.put("/me/digest").handler(this::setDigest);
  }

  private void list(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    int limit = limitParam(ctx);
    String unread = ctx.request().getParam("unread");
    String cursor = ctx.request().getParam("cursor");
    respond(ctx, notifications.list(c, "true".equals(unread), cursor == null || cursor.isEmpty() ? null : cursor, limit)
            .compose(page -> notifications.unreadCount(c.id()).map(n -> page.toJson(Notification::toJson).put("unreadCount", n))),
        j -> j);
  }

  private void read(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    Boolean all = b.bool("all");
    List<Long> ids = ids(b);
    if (!Boolean.TRUE.equals(all) && ids.isEmpty()) {
      b.error("ids", "give the ids to mark read, or all: true");
    }
    b.validate();
    respond(ctx, notifications.markRead(c, ids, Boolean.TRUE.equals(all)), left -> new JsonObject().put("unreadCount", left));
  }

  private void watchLevel(RoutingContext ctx, WatchTargets.Kind kind) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, notifications.watchLevel(c, kind, idParam(ctx, "id")), NotificationRoutes::levelJson);
  }

  private void watch(RoutingContext ctx, WatchTargets.Kind kind) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    respond(ctx, notifications.watch(c, kind, id, level(ctx)), NotificationRoutes::levelJson);
  }

  private void unwatch(RoutingContext ctx, WatchTargets.Kind kind) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, notifications.unwatch(c, kind, idParam(ctx, "id")));
  }

  private void following(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    int limit = limitParam(ctx);
    String cursor = ctx.request().getParam("cursor");
    respond(ctx, notifications.following(c, cursor == null || cursor.isEmpty() ? null : cursor, limit),
        page -> page.toJson(Following::toJson));
  }

  private void digest(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, notifications.digestFrequency(c), f -> new JsonObject().put("frequency", f));
  }

  private void setDigest(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String frequency = b.oneOf("frequency", FREQUENCIES, true);
    b.validate();
    respond(ctx, notifications.setDigestFrequency(c, frequency), f -> new JsonObject().put("frequency", f));
  }

  /** The body's {@code level}: watching when the body is empty or names none (PUT .../watch means "watch it"). */
  static WatchLevel level(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
      return WatchLevel.WATCHING;
    }
    JsonBody b = body(ctx);
    String level = b.oneOf("level", LEVELS, false);
    b.validate();
    return level == null ? WatchLevel.WATCHING : WatchLevel.of(level);
  }

  static JsonObject levelJson(WatchLevel level) {
    return new JsonObject().put("level", level.wire());
  }

  private static List<Long> ids(JsonBody b) {
    Object raw = b.raw().getValue("ids");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray arr) || arr.size() > 1000) {
      b.error("ids", "must be an array of at most 1000 notification ids");
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0) {
        b.error("ids", "must contain notification ids");
        return List.of();
      }
      out.add(n.longValue());
    }
    return out;
  }
}
