package dev.cocreate.site;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.ChallengeCards;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Space;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.forum.SpaceVisibility;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /}: the spaces a visitor may read, the threads active in them, and the open challenges. */
final class HomePage {
  static final int ACTIVE_THREADS = 20;

  private final Pages pages;
  private final SpaceService spaces;
  private final ForumService forum;
  private final ChallengeCards challenges;

  HomePage(Pages pages, SpaceService spaces, ForumService forum, ChallengeCards challenges) {
    this.pages = pages;
    this.spaces = spaces;
    this.forum = forum;
    this.challenges = challenges;
  }

  /**
   * What home.hbs reads besides the frame. {@code challenges} is null when they could not be had:
   * the home page still shows the forum.
   */
  record View(List<SpaceCard> spaces, List<ForumThread> threads, JsonArray challenges) {
    JsonObject into(JsonObject frame) {
      JsonArray spaceJson = new JsonArray();
      spaces.forEach(s -> spaceJson.add(s.space().toJson().put("visibilityLabel", s.visibilityLabel())));
      JsonArray threadJson = new JsonArray();
      threads.forEach(t -> threadJson.add(t.toViewerJson()));
      return frame.put("spaces", spaceJson).put("threads", threadJson).put("challenges", challenges);
    }
  }

  /** A space in the home page's list: its visibility said in the page's language. */
  record SpaceCard(Space space, String visibilityLabel) {}

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    pages.render(ctx, "home", challenges.openOnHome(ctx, caller).compose(open -> spaces.readable(caller).compose(list ->
        forum.activeThreads(caller, list, ACTIVE_THREADS).map(threads -> new View(
            list.stream().map(s -> new SpaceCard(s, pages.text(ctx, SpaceVisibility.labelKey(s)))).toList(), threads, open)
            .into(pages.frame(ctx, pages.text(ctx, "home.title")))))));
  }
}
