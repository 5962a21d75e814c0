package dev.cocreate.challenge;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /challenges}: the challenges the visitor may read, open ones by default, with a filter by phase. */
final class ChallengeListPage {
  static final int LISTED = 100;
  private static final List<String> FILTERS = List.of("open", "review", "decided", "closed", "all");

  private final Pages pages;
  private final ChallengeService challenges;
  private final ChallengeCards cards;
  private final ChallengeTexts texts;

  ChallengeListPage(Pages pages, ChallengeService challenges, ChallengeCards cards, ChallengeTexts texts) {
    this.pages = pages;
    this.challenges = challenges;
    this.cards = cards;
    this.texts = texts;
  }

  /** One link of the phase filter. */
  record Filter(String value, String label, boolean current) {
    JsonObject toJson() {
      return new JsonObject().put("value", value).put("label", label).put("current", current);
    }
  }

  /** What challenges.hbs reads besides the frame; {@code phaseLabel} names the phase in the "none" sentence. */
  record View(JsonArray challenges, List<Filter> filters, String phaseLabel, List<Crumb> breadcrumbs) {
    JsonObject into(JsonObject frame) {
      JsonArray filterJson = new JsonArray();
      filters.forEach(f -> filterJson.add(f.toJson()));
      return frame.put("challenges", challenges).put("filters", filterJson).put("phaseLabel", phaseLabel)
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String raw = ctx.request().getParam("phase", "open");
    // Null is every phase; an unknown phase shows the open ones.
    String phase = raw.equals("all") ? null : ChallengePhase.parse(raw).map(ChallengePhase::wire).orElse("open");
    List<Filter> filters = FILTERS.stream().map(p -> new Filter(p,
        p.equals("all") ? pages.text(ctx, "challenges.filterAll") : texts.phase(ctx, p),
        p.equals(phase == null ? "all" : phase))).toList();
    pages.render(ctx, "challenges", challenges.list(caller, phase, null, null, LISTED).map(page ->
        new View(cards.cards(ctx, page.items()), filters, phase == null ? "" : texts.phaseInSentence(ctx, phase),
            pages.trail(ctx)).into(pages.feed(pages.share(ctx, pages.frame(ctx, pages.text(ctx, "nav.challenges")), "website", null,
                "/challenges"), pages.text(ctx, "feed.challenges"), "/feeds/challenges.atom"))));
  }
}
