package dev.cocreate.site;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.ChallengeCards;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Space;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.forum.SpaceVisibility;
import dev.cocreate.recommend.Recommendation;
import dev.cocreate.recommend.RecommendationService;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /}: the spaces a visitor may read, the threads active in them, the open challenges, and
 * for a signed-in member the ideas recommended to them ("For you", left out when there are none).
 */
final class HomePage {
  static final int ACTIVE_THREADS = 20;

  private final Pages pages;
  private final SpaceService spaces;
  private final ForumService forum;
  private final ChallengeCards challenges;
  private final RecommendationService recommendations;

  HomePage(Pages pages, SpaceService spaces, ForumService forum, ChallengeCards challenges,
      RecommendationService recommendations) {
    this.pages = pages;
    this.spaces = spaces;
    this.forum = forum;
    this.challenges = challenges;
    this.recommendations = recommendations;
  }

  /**
   * What home.hbs reads besides the frame. {@code challenges} is null when they could not be had:
   * the home page still shows the forum. {@code forYou} is empty for a visitor, and when there is
   * nothing to recommend or it could not be had.
   */
  record View(List<SpaceCard> spaces, List<ForumThread> threads, JsonArray challenges, List<ForYou> forYou) {
    JsonObject into(JsonObject frame) {
      JsonArray forYouJson = new JsonArray();
      forYou.forEach(f -> forYouJson.add(new JsonObject().put("title", f.title()).put("url", f.url()).put("reason", f.reason())));
      frame.put("forYou", forYouJson.isEmpty() ? null : forYouJson);
      JsonArray spaceJson = new JsonArray();
      spaces.forEach(s -> spaceJson.add(s.space().toJson().put("visibilityLabel", s.visibilityLabel())));
      JsonArray threadJson = new JsonArray();
      threads.forEach(t -> threadJson.add(t.toViewerJson()));
      return frame.put("spaces", spaceJson).put("threads", threadJson).put("challenges", challenges);
    }
  }

  /** A recommended idea: its title, its page, and why it is recommended in the page's language. */
  record ForYou(String title, String url, String reason) {}

  /** A space in the home page's list: its visibility said in the page's language. */
  record SpaceCard(Space space, String visibilityLabel) {}

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    pages.render(ctx, "home", challenges.openOnHome(ctx, caller).compose(open -> forYou(ctx, caller).compose(mine ->
        spaces.readable(caller).compose(list -> forum.activeThreads(caller, list, ACTIVE_THREADS).map(threads -> new View(
            list.stream().map(s -> new SpaceCard(s, pages.text(ctx, SpaceVisibility.labelKey(s)))).toList(), threads, open, mine)
            .into(homeFrame(ctx)))))));
  }

  /** The member's short list of recommendations; none for a visitor, and none when they cannot be had: the page still shows. */
  private Future<List<ForYou>> forYou(RoutingContext ctx, Caller caller) {
    if (!caller.signedIn()) {
      return Future.succeededFuture(List.of());
    }
    return recommendations.forCaller(caller, RecommendationService.SHORT_LIST)
        .map(list -> list.stream().map(r -> forYou(ctx, r)).toList())
        .otherwise(List.of());
  }

  private ForYou forYou(RoutingContext ctx, Recommendation r) {
    return new ForYou(r.title(), r.path(), recommendations.reasonText(r, PageLocale.of(ctx)));
  }

  /** The home page is titled by the site's name alone, described by the site, and links the challenges' feed. */
  private JsonObject homeFrame(RoutingContext ctx) {
    JsonObject frame = pages.frame(ctx, pages.text(ctx, "home.title")).put("homePage", true);
    pages.share(ctx, frame, "website", null, "/");
    frame.getJsonObject("share").put("title", frame.getString("siteName"));
    return pages.feed(frame, pages.text(ctx, "feed.challenges"), "/feeds/challenges.atom");
  }
}
