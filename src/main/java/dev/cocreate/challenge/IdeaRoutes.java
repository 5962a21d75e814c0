package dev.cocreate.challenge;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/** A challenge's ideas, /api/ideas and a member's supported ideas. */
public final class IdeaRoutes {
  private final IdeaService ideas;

  public IdeaRoutes(IdeaService ideas) {
    this.ideas = ideas;
  }

  public void mount(Router api) {
    api.post("/challenges/:id/ideas").handler(this::submit);
    api.get("/challenges/:id/ideas").handler(this::list);
    api.get("/ideas/:id").handler(this::get);
    api.put("/ideas/:id/support").handler(this::support);
    api.delete("/ideas/:id/support").handler(this::withdraw);
    api.post("/ideas/:id/status").handler(this::answer);
    api.post("/ideas/:id/merge").handler(this::merge);
    api.post("/ideas/:id/resubmit").handler(this::resubmit);
    api.get("/users/:username/supports").handler(this::supportedBy);
  }

  private void submit(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long challengeId = idParam(ctx, "id");
    NewIdea idea = NewIdea.from(body(ctx));
    respond(ctx, 201, ideas.submit(c, challengeId, idea), i -> i.toJson(true));
  }

  private void list(RoutingContext ctx) {
    String sortRaw = ctx.request().getParam("sort");
    IdeaSort sort;
    try {
      sort = sortRaw == null || sortRaw.isEmpty() ? IdeaSort.SUPPORT
          : IdeaSort.valueOf(sortRaw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("sort", "must be one of support, recent, trending");
    }
    String status = ctx.request().getParam("status");
    if (status != null && status.isEmpty()) {
      status = null;
    }
    if (status != null && IdeaStatus.parse(status).isEmpty()) {
      throw ApiException.invalid("status", "must be an idea status");
    }
    respond(ctx, ideas.list(AuthHandler.caller(ctx), idParam(ctx, "id"), sort, status, ctx.request().getParam("cursor"),
        limitParam(ctx)), page -> page.toJson(i -> i.toJson(false)));
  }

  private void get(RoutingContext ctx) {
    // One idea's read carries its breakdown by stakeholder type (lists do not: a query per idea).
    respond(ctx, ideas.get(AuthHandler.caller(ctx), idParam(ctx, "id")).compose(i -> i.withheld()
        ? Future.succeededFuture(i.toJson(true))
        : ideas.breakdown(i).map(b -> i.toJson(true).put("stakeholders", b))), j -> j);
  }

  private void support(RoutingContext ctx) {
    change(ctx, SupportChange.SUPPORT);
  }

  private void withdraw(RoutingContext ctx) {
    change(ctx, SupportChange.WITHDRAW);
  }

  private void change(RoutingContext ctx, SupportChange change) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, change.by(c, idParam(ctx, "id"), ideas), IdeaService.SupportState::toJson);
  }

  private void answer(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    IdeaAnswer answer = IdeaAnswer.from(body(ctx));
    respond(ctx, ideas.answer(c, id, answer), i -> i.toJson(true));
  }

  private void merge(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    IdeaMerge merge = IdeaMerge.from(body(ctx));
    respond(ctx, ideas.merge(c, id, merge.into(), merge.note()), i -> i.toJson(true));
  }

  private void resubmit(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, ideas.resubmit(c, idParam(ctx, "id")), i -> i.toJson(true));
  }

  private void supportedBy(RoutingContext ctx) {
    respond(ctx, ideas.supportedBy(AuthHandler.caller(ctx), ctx.pathParam("username"), ctx.request().getParam("cursor"),
        limitParam(ctx)), j -> j);
  }
}
