package dev.cocreate.challenge;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /api/challenges, a challenge's revisions, export and similar ideas, and /api/orgs/{slug}/stats. */
public final class ChallengeRoutes {

  private final ChallengeService challenges;
  private final IdeaService ideas;

  public ChallengeRoutes(ChallengeService challenges, IdeaService ideas) {
    this.challenges = challenges;
    this.ideas = ideas;
  }

  public void mount(Router api) {
    api.post("/challenges").handler(this::create);
    api.get("/challenges").handler(this::list);
    api.get("/challenges/:id").handler(this::get);
    api.patch("/challenges/:id").handler(this::edit);
    api.post("/challenges/:id/transition").handler(this::transition);
    api.get("/challenges/:id/revisions").handler(this::revisions);
    api.get("/challenges/:id/round-log").handler(this::roundLog);
    api.get("/challenges/:id/export.csv").handler(this::export);
    api.get("/challenges/:id/similar").handler(this::similar);
    api.get("/orgs/:slug/stats").handler(this::orgStats);
  }

  private void create(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    String org = b.string("org", 1, 64);
    ChallengeService.Brief brief = BriefDraft.from(b, true);
    b.validate();
    respond(ctx, 201, challenges.create(c, org, brief), ChallengeService.View::toJson);
  }

  private void edit(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    JsonBody b = body(ctx);
    ChallengeService.Brief patch = BriefDraft.from(b, false);
    b.validate();
    if (patch.equals(new ChallengeService.Brief(null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null))) {
      throw ApiException.badRequest("Send at least one field of the brief to change.");
    }
    respond(ctx, challenges.edit(c, id, patch), ChallengeService.View::toJson);
  }

  private void transition(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    PhaseChange change = PhaseChange.from(body(ctx));
    respond(ctx, challenges.transition(c, id, change), ChallengeService.View::toJson);
  }

  private void list(RoutingContext ctx) {
    String phase = ctx.request().getParam("status");
    if (phase != null && phase.isEmpty()) {
      phase = null;
    }
    if (phase != null && ChallengePhase.parse(phase).isEmpty()) {
      throw ApiException.invalid("status", "must be one of draft, open, review, decided, closed");
    }
    String org = ctx.request().getParam("org");
    respond(ctx, challenges.list(AuthHandler.caller(ctx), phase, org == null || org.isEmpty() ? null : org,
        ctx.request().getParam("cursor"), limitParam(ctx)), page -> page.toJson(Challenge::toJson));
  }

  private void get(RoutingContext ctx) {
    respond(ctx, challenges.get(AuthHandler.caller(ctx), idParam(ctx, "id")), ChallengeService.View::toJson);
  }

  private void roundLog(RoutingContext ctx) {
    respond(ctx, challenges.roundLog(AuthHandler.caller(ctx), idParam(ctx, "id")),
        items -> new JsonObject().put("items", items).put("nextCursor", null));
  }

  private void revisions(RoutingContext ctx) {
    respond(ctx, challenges.revisions(AuthHandler.caller(ctx), idParam(ctx, "id")), j -> j);
  }

  private void export(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    ideas.exportCsv(c, id).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response()
          .putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
          .putHeader("Content-Disposition", "attachment; filename=\"challenge-" + id + "-ideas.csv\"")
          .putHeader("Cache-Control", "no-store")
          .end(ar.result());
    });
  }

  private void similar(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    String text = ctx.request().getParam("text");
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.codePointCount(0, trimmed.length()) < 3 || trimmed.length() > 500 || trimmed.indexOf('\u0000') >= 0) {
      throw ApiException.invalid("text", "must be 3 to 500 characters");
    }
    respond(ctx, ideas.similar(c, id, trimmed), j -> j);
  }

  private void orgStats(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    String raw = ctx.request().getParam("days");
    int days = 30;
    if (raw != null && !raw.isEmpty()) {
      try {
        days = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        days = -1;
      }
      if (days < 1 || days > 365) {
        throw ApiException.invalid("days", "must be a whole number from 1 to 365");
      }
    }
    respond(ctx, challenges.orgStats(c, ctx.pathParam("slug"), days), j -> j);
  }
}
