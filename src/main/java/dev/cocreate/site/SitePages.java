package dev.cocreate.site;

import dev.cocreate.challenge.ChallengeCards;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;

/**
 * The pages that belong to no one feature, mounted: the home page, which gathers several, and the
 * member's own pages (sign-in, registration, profile, settings), which sit above the account
 * feature because the page kit they are built with stands on the account's identity types.
 */
public final class SitePages {
  private final HomePage home;

  public SitePages(Pages pages, SpaceService spaces, ForumService forum, ChallengeCards challenges) {
    this.home = new HomePage(pages, spaces, forum, challenges);
  }

  public void mount(Router router) {
    router.get("/").handler(home::show);
  }
}
