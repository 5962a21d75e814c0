package dev.cocreate.reputation;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The badges page ({@code /badges}: every badge, what earns it and how many hold it), a badge's
 * holders ({@code /badges/:slug}, a page at a time) and the leaderboards ({@code /leaderboard},
 * {@code /c/:id/leaderboard}, {@code /s/:slug/leaderboard}, each with {@code ?period=}).
 */
public final class ReputationPages {
  private final Pages pages;
  private final ReputationService reputation;
  private final LeaderboardService leaderboards;
  private final BadgeTexts texts;

  public ReputationPages(Pages pages, ReputationService reputation, LeaderboardService leaderboards) {
    this.pages = pages;
    this.reputation = reputation;
    this.leaderboards = leaderboards;
    this.texts = new BadgeTexts(pages);
  }

  public void mount(Router router) {
    router.get("/badges").handler(this::badges);
    router.get("/badges/:slug").handler(this::badge);
    router.get("/leaderboard").handler(ctx -> board(ctx, period -> leaderboards.overall(period, Leaderboard.MAX)));
    router.get("/c/:id/leaderboard").handler(ctx -> board(ctx, period ->
        leaderboards.challenge(AuthHandler.caller(ctx), Http.idParam(ctx, "id"), period, Leaderboard.MAX)));
    router.get("/s/:slug/leaderboard").handler(ctx -> board(ctx, period ->
        leaderboards.space(AuthHandler.caller(ctx), ctx.pathParam("slug"), period, Leaderboard.MAX)));
  }

  private void badges(RoutingContext ctx) {
    pages.render(ctx, "badges", reputation.catalogue().map(items -> {
      JsonArray shown = new JsonArray();
      for (Object o : items) {
        JsonObject b = (JsonObject) o;
        shown.add(b.copy().put("label", texts.name(ctx, b)).put("earnedBy", texts.earnedBy(ctx, b)));
      }
      return pages.frame(ctx, pages.text(ctx, "badges.title")).put("badges", shown)
          .put("breadcrumbs", Crumb.toJson(pages.trail(ctx)));
    }));
  }

  private void badge(RoutingContext ctx) {
    String slug = ctx.pathParam("slug");
    pages.render(ctx, "badge", reputation.holders(slug, ctx.request().getParam("cursor"), Http.limitParam(ctx)).map(h -> {
      JsonObject rule = h.rule().toJson();
      String name = texts.name(ctx, rule);
      String next = h.page().nextCursor();
      return pages.frame(ctx, name).put("badge", rule.put("label", name).put("earnedBy", texts.earnedBy(ctx, rule)))
          .put("count", h.count()).put("members", new JsonArray(h.page().items()))
          .put("nextHref", next == null ? null : "/badges/" + slug + "?cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8))
          .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, new Crumb(pages.text(ctx, "badges.title"), "/badges"))));
    }));
  }

  private interface BoardOf {
    Future<LeaderboardService.Board> apply(String period);
  }

  /** A leaderboard page; the period links keep the scope (the page's own path). */
  private void board(RoutingContext ctx, BoardOf of) {
    String period;
    try {
      period = LeaderboardService.period(ctx.request().getParam("period"));
    } catch (ApiException e) {
      ctx.fail(e);
      return;
    }
    String path = ctx.request().path();
    pages.render(ctx, "leaderboard", of.apply(period).map(board -> {
      String title = board.place() == null ? pages.text(ctx, "leaderboard.overall")
          : pages.text(ctx, "leaderboard.of", "name", board.place().name());
      JsonArray periods = new JsonArray();
      for (Leaderboard.Period p : Leaderboard.Period.values()) {
        periods.add(new JsonObject().put("href", path + "?period=" + p.wire()).put("label", pages.text(ctx, "leaderboard.period." + p.wire()))
            .put("current", p.wire().equals(board.period())));
      }
      Crumb[] trail = board.place() == null ? new Crumb[0]
          : new Crumb[] {new Crumb(board.place().name(), board.place().path())};
      return pages.frame(ctx, title).put("title", title).put("items", board.items()).put("periods", periods)
          .put("periodLabel", pages.text(ctx, "leaderboard.period." + board.period()))
          .put("breadcrumbs", Crumb.toJson(pages.trail(ctx, trail)));
    }));
  }
}
