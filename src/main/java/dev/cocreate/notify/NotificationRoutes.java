package dev.cocreate.notify;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** /api/notifications, thread watches and /api/me/digest. */
public final class NotificationRoutes {
  static final Set<String> LEVELS = Set.of("watching", "tracking", "muted");
  static final Set<String> FREQUENCIES = Set.of("off", "daily", "weekly");

  private final NotificationService notifications;
  /** Whether the caller may read a challenge: only then may they follow it (else 404). */
  private final BiFunction<Caller, Long, Future<Boolean>> canReadChallenge;

  public NotificationRoutes(NotificationService notifications, BiFunction<Caller, Long, Future<Boolean>> canReadChallenge) {
    this.notifications = notifications;
    this.canReadChallenge = canReadChallenge;
  }

  public void mount(Router api) {
    api.get("/notifications").handler(this::list);
    api.post("/notifications/read").handler(this::read);
    api.get("/threads/:id/watch").handler(this::threadWatch);
    api.put("/threads/:id/watch").handler(this::watchThread);
    api.delete("/threads/:id/watch").handler(this::unwatchThread);
    api.get("/challenges/:id/watch").handler(ctx -> challengeWatch(ctx, "get"));
    api.put("/challenges/:id/watch").handler(ctx -> challengeWatch(ctx, "put"));
    api.delete("/challenges/:id/watch").handler(ctx -> challengeWatch(ctx, "delete"));
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

  private void threadWatch(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, notifications.threadWatch(c, idParam(ctx, "id")), NotificationRoutes::levelJson);
  }

  private void watchThread(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    respond(ctx, notifications.watchThread(c, id, level(ctx)), NotificationRoutes::levelJson);
  }

  private void unwatchThread(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, notifications.unwatchThread(c, idParam(ctx, "id")));
  }

  private void challengeWatch(RoutingContext ctx, String method) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    WatchLevel wanted = method.equals("put") ? level(ctx) : null;
    Future<Long> readable = canReadChallenge.apply(c, id)
        .compose(ok -> ok ? Future.succeededFuture(id) : Future.failedFuture(ApiException.notFound("challenge")));
    switch (method) {
      case "put" -> respond(ctx, notifications.watch(c, "challenge", readable, wanted), NotificationRoutes::levelJson);
      case "delete" -> respondNoContent(ctx, notifications.unwatch(c, "challenge", readable));
      default -> respond(ctx, notifications.watchLevel(c, "challenge", readable), NotificationRoutes::levelJson);
    }
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
