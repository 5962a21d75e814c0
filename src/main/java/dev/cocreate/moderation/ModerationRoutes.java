package dev.cocreate.moderation;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** /api/posts/{id}/flags, /api/moderation/* and the member's own notices under /api/me. */
public final class ModerationRoutes {
  private static final Set<String> QUEUE_TARGET_TYPES = Set.of("post");

  private final ModerationService moderation;

  public ModerationRoutes(ModerationService moderation) {
    this.moderation = moderation;
  }

  public void mount(Router api) {
    api.post("/posts/:id/flags").handler(this::flagPost);
    api.get("/moderation/queue").handler(this::queue);
    api.post("/moderation/queue/:targetType/:targetId/claim").handler(this::claim);
    api.delete("/moderation/queue/:targetType/:targetId/claim").handler(this::release);
    api.post("/moderation/actions").handler(this::act);
    api.get("/moderation/log").handler(this::log);
    api.get("/me/moderation-notices").handler(ctx -> notices(ctx, null));
    api.get("/me/warnings").handler(ctx -> notices(ctx, "warn"));
  }

  private void flagPost(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long postId = idParam(ctx, "id");
    FlagRequest flag = FlagRequest.from(body(ctx));
    respond(ctx, 201, moderation.flagPost(c, postId, flag), Flag::toJson);
  }

  private void queue(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    int limit = limitParam(ctx);
    respond(ctx, moderation.queue(c, cursorParam(ctx), limit), page -> page.toJson(ModerationService.QueueItem::toJson));
  }

  private void claim(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    String type = queueTargetType(ctx);
    respond(ctx, moderation.claim(c, type, idParam(ctx, "targetId")), ModerationService.Claim::toJson);
  }

  private void release(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    String type = queueTargetType(ctx);
    respondNoContent(ctx, moderation.release(c, type, idParam(ctx, "targetId")));
  }

  private void act(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    ActionRequest req = ActionRequest.from(body(ctx));
    respond(ctx, moderation.act(c, req), ModerationLog.Entry::toJson);
  }

  private void log(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    int limit = limitParam(ctx);
    String targetType = ctx.request().getParam("targetType");
    String rawId = ctx.request().getParam("targetId");
    Long targetId = null;
    if (targetType != null || rawId != null) {
      if (targetType == null || !Set.of("post", "thread", "user", "idea").contains(targetType)) {
        throw ApiException.invalid("targetType", "must be post, thread, user or idea, together with targetId");
      }
      try {
        targetId = Long.parseLong(rawId == null ? "" : rawId);
      } catch (NumberFormatException e) {
        throw ApiException.invalid("targetId", "must be an id, together with targetType");
      }
    }
    respond(ctx, moderation.log(c, cursorParam(ctx), limit, targetType, targetId),
        page -> page.toJson(ModerationLog.Entry::toJson));
  }

  private void notices(RoutingContext ctx, String onlyAction) {
    Caller c = AuthHandler.requireUser(ctx);
    int limit = limitParam(ctx);
    respond(ctx, moderation.notices(c, cursorParam(ctx), limit, onlyAction), page -> page.toJson(ModerationNotice::toJson));
  }

  private static String queueTargetType(RoutingContext ctx) {
    String type = ctx.pathParam("targetType");
    if (!QUEUE_TARGET_TYPES.contains(type)) {
      throw ApiException.notFound("queue item");
    }
    return type;
  }

  private static String cursorParam(RoutingContext ctx) {
    String cursor = ctx.request().getParam("cursor");
    return cursor == null || cursor.isEmpty() ? null : cursor;
  }
}
