package dev.cocreate.site;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.AccountSettings;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.PasswordReset;
import dev.cocreate.account.SessionService;
import dev.cocreate.account.Signup;
import dev.cocreate.challenge.ChallengeCards;
import dev.cocreate.challenge.IdeaService;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.MemberPosts;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.moderation.MemberModeration;
import dev.cocreate.privacy.MemberData;
import dev.cocreate.recommend.RecommendationService;
import dev.cocreate.reputation.ReputationService;
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
  private final ForgotPasswordPage forgot;
  private final ResetPasswordPage reset;

  /** The services each page reads and writes, by the feature that owns them. */
  public record Services(SpaceService spaces, ForumService forum, ChallengeCards challenges, SearchService search,
      AccountService accounts, SessionService sessions, Signup signup, MemberData memberData,
      MemberModeration members, Permissions permissions, PasswordReset resets, AccountSettings settings,
      MemberPosts memberPosts, IdeaService ideas, ReputationService reputation, RecommendationService recommendations) {}

  public SitePages(Pages pages, Services services, CsrfTokens csrf, boolean secureCookies) {
    SessionCookies cookies = new SessionCookies(services.sessions(), csrf, secureCookies);
    this.home = new HomePage(pages, services.spaces(), services.forum(), services.challenges(), services.recommendations());
    this.search = new SearchPage(pages, services.search());
    this.login = new LoginPage(pages, services.accounts(), services.sessions(), csrf, cookies);
    this.register = new RegisterPage(pages, services.sessions(), csrf, services.signup(), cookies);
    this.profile = new ProfilePage(pages, services.accounts(), services.members(), services.permissions(), services.forum(),
        services.memberPosts(), services.ideas(), services.reputation());
    this.settings = new SettingsPage(pages, services.settings(), services.recommendations());
    this.deletion = new AccountDeletion(pages, services.memberData(), settings, cookies);
    this.forgot = new ForgotPasswordPage(pages, services.resets(), csrf);
    this.reset = new ResetPasswordPage(pages, services.resets(), csrf);
  }

  public void mount(Router router) {
    router.get("/").handler(home::show);
    router.get("/login").handler(login::show);
    router.post("/login").handler(login::submit);
    router.get("/register").handler(register::show);
    router.post("/register").handler(register::submit);
    router.post("/logout").handler(login::logout);
    router.get("/u/:username").handler(profile::show);
    router.post("/u/:username/suspension").handler(profile::suspend);
    router.post("/u/:username/suspension/lift").handler(profile::liftSuspension);
    router.post("/u/:username/silence").handler(profile::silence);
    router.post("/u/:username/silence/lift").handler(profile::liftSilence);
    router.get("/search").handler(search::show);
    router.get("/password/forgot").handler(forgot::showOrSent);
    router.post("/password/forgot").handler(forgot::submit);
    router.get("/password/reset").handler(reset::show);
    router.post("/password/reset").handler(reset::submit);
    router.get("/settings").handler(settings::show);
    router.post("/settings/delete").handler(deletion::submit);
    router.post("/settings/password").handler(settings::changePassword);
    router.post("/settings/profile").handler(settings::editProfile);
    router.post("/settings/email").handler(settings::changeEmail);
    router.get("/settings/email/confirm").handler(settings::confirmEmail);
    router.post("/settings/time-zone").handler(settings::setTimeZone);
    router.post("/settings/recommendations").handler(settings::setRecommendationsOptOut);
  }
}
