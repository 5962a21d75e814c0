package dev.cocreate.site;

import dev.cocreate.account.AccountService;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.SessionService;
import dev.cocreate.account.Signup;
import dev.cocreate.challenge.ChallengeCards;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.privacy.MemberData;
import dev.cocreate.search.SearchService;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.Router;

/**
 * The pages that belong to no one feature, mounted: the home page and search, which gather several,
 * and the member's own pages (sign-in, registration, profile, settings), which cannot live in the
 * account package: the page kit they are built with stands on the account's identity types, and
 * the account feature below it would then depend on the kit above it.
 */
public final class SitePages {
  private final HomePage home;
  private final SearchPage search;
  private final LoginPage login;
  private final RegisterPage register;
  private final ProfilePage profile;
  private final SettingsPage settings;
  private final AccountDeletion deletion;

  /** The services each page reads and writes, by the feature that owns them. */
  public record Services(SpaceService spaces, ForumService forum, ChallengeCards challenges, SearchService search,
      AccountService accounts, SessionService sessions, Signup signup, MemberData memberData) {}

  public SitePages(Pages pages, Services services, CsrfTokens csrf, boolean secureCookies) {
    SessionCookies cookies = new SessionCookies(services.sessions(), csrf, secureCookies);
    this.home = new HomePage(pages, services.spaces(), services.forum(), services.challenges());
    this.search = new SearchPage(pages, services.search());
    this.login = new LoginPage(pages, services.accounts(), services.sessions(), csrf, cookies);
    this.register = new RegisterPage(pages, services.sessions(), csrf, services.signup(), cookies);
    this.profile = new ProfilePage(pages, services.accounts());
    this.settings = new SettingsPage(pages);
    this.deletion = new AccountDeletion(pages, services.memberData(), settings, cookies);
  }

  public void mount(Router router) {
    router.get("/").handler(home::show);
    router.get("/login").handler(login::show);
    router.post("/login").handler(login::submit);
    router.get("/register").handler(register::show);
    router.post("/register").handler(register::submit);
    router.post("/logout").handler(login::logout);
    router.get("/u/:username").handler(profile::show);
    router.get("/search").handler(search::show);
    router.get("/settings").handler(settings::show);
    router.post("/settings/delete").handler(deletion::submit);
  }
}
