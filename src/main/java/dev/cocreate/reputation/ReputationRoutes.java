package dev.cocreate.reputation;

import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.limitParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/badges} (the badges and who holds each) and the leaderboards. */
public final class ReputationRoutes {
  private final ReputationService reputation;
  private final LeaderboardService leaderboards;

  public ReputationRoutes(ReputationService reputation, LeaderboardService leaderboards) {
    this.reputation = reputation;
    this.leaderboards = leaderboards;
  }

  public void mount(Router api) {
    api.get("/badges").handler(this::badges);
    api.get("/badges/:slug").handler(this::badge);
    api.get("/leaderboard").handler(this::overall);
    api.get("/challenges/:id/leaderboard").handler(this::challenge);
    api.get("/spaces/:slug/leaderboard").handler(this::space);
  }

  private void badges(RoutingContext ctx) {
    respond(ctx, reputation.catalogue(), items -> new JsonObject().put("items", items));
  }

  private void badge(RoutingContext ctx) {
    respond(ctx, reputation.holders(ctx.pathParam("slug"), ctx.request().getParam("cursor"), limitParam(ctx)),
        ReputationService.BadgeHolders::toJson);
  }

  private void overall(RoutingContext ctx) {
    String period = LeaderboardService.period(ctx.request().getParam("period"));
    respond(ctx, leaderboards.overall(period, limitParam(ctx)), LeaderboardService.Board::toJson);
  }

  private void challenge(RoutingContext ctx) {
    String period = LeaderboardService.period(ctx.request().getParam("period"));
    respond(ctx, leaderboards.challenge(AuthHandler.caller(ctx), idParam(ctx, "id"), period, limitParam(ctx)),
        LeaderboardService.Board::toJson);
  }

  private void space(RoutingContext ctx) {
    String period = LeaderboardService.period(ctx.request().getParam("period"));
    respond(ctx, leaderboards.space(AuthHandler.caller(ctx), ctx.pathParam("slug"), period, limitParam(ctx)),
        LeaderboardService.Board::toJson);
  }
}
