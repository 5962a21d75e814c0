package dev.cocreate.challenge;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgService;
import dev.cocreate.stakeholder.StakeholderBlock;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /orgs/:slug}: a firm, its team and its challenges; its team also reads the last thirty
 * days' statistics, drawn by {@link OrgChart}.
 */
final class OrgPage {
  static final int STATS_DAYS = 30;

  private final Pages pages;
  private final ChallengeService challenges;
  private final OrgService orgs;
  private final ChallengeCards cards;
  private final ChallengeTexts texts;
  private final ChallengeTeam team;
  private final OrgChart chart;
  private final StakeholderBlock stakeholders;

  OrgPage(Pages pages, ChallengeService challenges, OrgService orgs, ChallengeCards cards, ChallengeTexts texts,
      ChallengeTeam team, StakeholderBlock stakeholders) {
    this.stakeholders = stakeholders;
    this.pages = pages;
    this.challenges = challenges;
    this.orgs = orgs;
    this.cards = cards;
    this.texts = texts;
    this.team = team;
    this.chart = new OrgChart(pages, texts);
  }

  /**
   * What org.hbs reads besides the frame; {@code stats} (with the chart and the breakdown by
   * stakeholder type) only for the firm's team; {@code relation} the signed-in member's own type
   * towards the org (null for a visitor).
   */
  record View(JsonObject org, boolean team, JsonArray challenges, JsonObject stats, JsonObject relation,
      List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      frame.put("org", org).put("team", team).put("challenges", challenges).put("relation", relation)
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
      if (stats != null) {
        frame.put("stats", stats);
      }
      return frame;
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String slug = ctx.pathParam("slug");
    pages.render(ctx, "org", orgs.view(slug, caller).compose(org -> {
      boolean onTeam = team.onTeam(org, caller);
      org.getJsonArray("members", new JsonArray()).forEach(m -> {
        JsonObject member = (JsonObject) m;
        member.put("roleLabel", texts.orgRole(ctx, member.getString("role", "")));
      });
      JsonArray cardsOfOrg = cards.cards(ctx, org.getJsonArray("challenges", new JsonArray()), org);
      return stakeholders.relation(ctx, caller, org.getString("slug")).compose(relation -> {
        if (!onTeam) {
          return Future.succeededFuture(model(ctx, new View(org, false, cardsOfOrg, null, relation, pages.trail(ctx))));
        }
        return challenges.orgStats(caller, org.getString("slug"), STATS_DAYS).map(stats -> model(ctx, new View(org, true,
            cardsOfOrg, chart.of(ctx, stats).put("stakeholderRows", stakeholders.rows(ctx, stats.getJsonObject("stakeholders"))),
            relation, pages.trail(ctx))));
      });
    }));
  }

  private JsonObject model(RoutingContext ctx, View view) {
    return view.into(pages.frame(ctx, view.org().getString("name")));
  }
}
