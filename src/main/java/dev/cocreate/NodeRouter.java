package dev.cocreate;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.PasswordResetRoutes;
import dev.cocreate.admin.AdminPages;
import dev.cocreate.admin.AdminRoutes;
import dev.cocreate.challenge.ChallengeCards;
import dev.cocreate.challenge.ChallengePages;
import dev.cocreate.codesign.CodesignPages;
import dev.cocreate.codesign.CodesignRoutes;
import dev.cocreate.codesign.SplitRoutes;
import dev.cocreate.facilitation.FacilitationPage;
import dev.cocreate.facilitation.FacilitationRoutes;
import dev.cocreate.forum.ComposerRoutes;
import dev.cocreate.forum.ForumPages;
import dev.cocreate.forum.ForumRoutes;
import dev.cocreate.forum.MemberPosts;
import dev.cocreate.jury.JuryPage;
import dev.cocreate.jury.JuryRoutes;
import dev.cocreate.live.LiveHub;
import dev.cocreate.moderation.MemberModerationRoutes;
import dev.cocreate.moderation.ModerationPages;
import dev.cocreate.moderation.ModerationRoutes;
import dev.cocreate.moderation.VisitRecorder;
import dev.cocreate.notify.NotificationRoutes;
import dev.cocreate.notify.NotifyPages;
import dev.cocreate.platform.http.ContentTypeCheck;
import dev.cocreate.platform.http.FailureHandler;
import dev.cocreate.platform.http.HeadRequests;
import dev.cocreate.platform.http.Health;
import dev.cocreate.platform.http.QueryCheck;
import dev.cocreate.platform.http.RequestLog;
import dev.cocreate.platform.http.SecurityHeaders;
import dev.cocreate.privacy.MemberDataRoutes;
import dev.cocreate.recommend.RecommendationRoutes;
import dev.cocreate.reputation.ReputationPages;
import dev.cocreate.reputation.ReputationRoutes;
import dev.cocreate.results.ResultPages;
import dev.cocreate.results.ResultRoutes;
import dev.cocreate.search.FeedRoutes;
import dev.cocreate.search.SearchRoutes;
import dev.cocreate.site.SitePages;
import dev.cocreate.stakeholder.StakeholderBlock;
import dev.cocreate.stakeholder.StakeholderPages;
import dev.cocreate.stakeholder.StakeholderRoutes;
import dev.cocreate.upload.AvatarForm;
import dev.cocreate.upload.UploadRoutes;
import dev.cocreate.web.Avatars;
import dev.cocreate.web.Flash;
import dev.cocreate.web.LanguageSwitch;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * How a node answers HTTP: the request pipeline every request passes (HEAD as GET, the connection
 * guard, the request log, security headers, assets, health and metrics, live, bodies, the caller,
 * the language), then every feature's API routes and pages, then one failure handler. {@link App}
 * builds the objects; this puts them in the order requests meet them.
 */
final class NodeRouter {
  private final App app;

  NodeRouter(App app) {
    this.app = app;
  }

  /** A router for one HTTP verticle instance. */
  Router router(Vertx instanceVertx) {
    boolean secureCookies = app.config.secureCookies();
    Pages pages = new Pages(app.templates, app.messages, app.csrf, new Flash(app.config.jwtSecret(), app.csrf, secureCookies),
        () -> app.settings.current().siteName(), () -> app.settings.current().ownDescription(), app.notifications::unreadCount, app.permissions, App.siteUrl(app.config));

    Router router = Router.router(instanceVertx);
    // First: a HEAD is routed again as a GET, and every handler below then runs once.
    router.route().handler(new HeadRequests());
    router.route().handler(app.connectionGuard::onRequest);
    router.route().handler(new RequestLog());
    router.route().handler(new QueryCheck());
    router.route().handler(new SecurityHeaders(secureCookies));
    app.assets.mount(router);
    Avatars.mount(router);
    new Health(app.db.pool()).mount(router);
    router.get("/metrics").handler(app.connectionGuard::beforeScrape).handler(PrometheusScrapingHandler.create(app.metricsRegistryName));
    // Before BodyHandler: a WebSocket upgrade must reach /live unread. /live authenticates itself.
    new LiveHub(instanceVertx, app.sessions, app.topicAccess, app.db.pool(), app.liveListener::lastSeenId, app.liveOptions(), app.liveStats)
        .withPresence(app.presence)
        .mount(router);
    // The multipart bodies, a file's upload: refused by its declared size before it is read, and
    // otherwise left unread for its route (the checks below stand aside for it).
    router.post("/api/uploads").handler(UploadRoutes::gate);
    router.post("/settings/avatar").handler(UploadRoutes::gate);
    // An idea's iteration form sends its file with a whole text beside it.
    router.post("/i/:id/iterations").handler(UploadRoutes.gateWithFields(App.JSON_BODY_LIMIT));
    // Before the body handler: a body the API would refuse (a multipart upload, a form) is never read.
    ContentTypeCheck jsonOnly = new ContentTypeCheck();
    router.route("/api/*").handler(ctx -> unlessUpload(ctx, jsonOnly));
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(App.JSON_BODY_LIMIT).setHandleFileUploads(false);
    router.route().handler(ctx -> unlessUpload(ctx, bodies));
    router.route().handler(new AuthHandler(app.sessions, app.csrf));
    // After the caller is known: a member's chosen language beats the browser's.
    router.route().handler(PageLocale::resolve);
    router.route().handler(new VisitRecorder(app.trust));

    Router api = Router.router(instanceVertx);
    new AccountRoutes(app.accounts, app.sessions, app.orgs, app.signup, app.reputation::profileJson).mount(api);
    new PasswordResetRoutes(app.passwordReset).mount(api);
    new AdminRoutes(app.settings, app.invites, app.permissions).mount(api);
    new MemberDataRoutes(app.memberData).mount(api);
    new ModerationRoutes(app.moderation).mount(api);
    new MemberModerationRoutes(app.memberModeration).mount(api);
    new ForumRoutes(app.spaces, app.forum, app.threadReads).mount(api);
    new FacilitationRoutes(app.facilitation).mount(api);
    app.challenges.mount(api);
    new StakeholderRoutes(app.stakeholders).mount(api);
    new ReputationRoutes(app.reputation, app.leaderboards).mount(api);
    new CodesignRoutes(app.codesign, app.credits).mount(api);
    new SplitRoutes(app.splits).mount(api);
    new JuryRoutes(app.jury).mount(api);
    new ResultRoutes(app.results).mount(api);
    new NotificationRoutes(app.notifications).mount(api);
    new RecommendationRoutes(app.recommendations).mount(api);
    new SearchRoutes(app.search).mount(api);
    UploadRoutes uploads = new UploadRoutes(app.uploads, app.csrf);
    uploads.mount(api);
    new ComposerRoutes(app.forum, app.db, app.users, app.limiter).mount(api);
    api.get("/openapi.json").handler(new OpenApi()::serve);
    router.route("/api/*").subRouter(api);

    uploads.mountFiles(router);
    new AvatarForm(pages, uploads, app.uploads).mount(router);
    // First among the pages: it also marks page requests of members who have app.moderation notices.
    new ModerationPages(pages, app.moderation, app.moderatedContent, app.permissions).mount(router);
    new SitePages(pages, new SitePages.Services(app.spaces, app.forum, new ChallengeCards(pages, app.challenges.challenges()), app.search,
        app.accounts, app.sessions, app.signup, app.memberData, app.memberModeration, app.permissions,
        app.passwordReset, app.accountSettings,
        new MemberPosts(app.db, app.permissions), app.challenges.ideas(), app.reputation, app.recommendations), app.csrf, secureCookies).mount(router);
    new ForumPages(pages, app.spaces, app.forum, app.permissions, app.db, app.moderation, app.threadReads).mount(router);
    CodesignPages codesign = new CodesignPages(pages, app.codesign, app.credits, app.splits, uploads, app.uploads);
    codesign.mount(router);
    new StakeholderPages(pages, app.stakeholders).mount(router);
    new ReputationPages(pages, app.reputation, app.leaderboards).mount(router);
    new ChallengePages(pages, app.challenges.challenges(), app.challenges.ideas(), app.orgs, app.forum, app.db, app.permissions,
        app.notifications, app.challenges.verdicts(), new StakeholderBlock(pages, app.stakeholders)).withIdeaBlock(codesign.ideaBlock()).mount(router);
    new JuryPage(pages, app.jury).mount(router);
    new FacilitationPage(pages, app.facilitation, app.spaces, app.permissions, app.db).mount(router);
    new ResultPages(pages, app.results, app.challenges.ideas(), App.siteUrl(app.config)).mount(router);
    new NotifyPages(pages, app.notifications, app.digests).mount(router);
    new FeedRoutes(app.db, app.spaces, app.forum, app.permissions, App.siteUrl(app.config)).mount(router);
    new AdminPages(pages, app.settings, app.invites, app.permissions).mount(router);
    new LanguageSwitch(app.accounts::setLocale, app.csrf, pages, secureCookies).mount(router);

    FailureHandler failures = new FailureHandler(pages::errorPage);
    router.route().failureHandler(failures);
    // Requests no route matched never reach the failure handler: answer them the same way.
    for (int status : new int[] {400, 404, 405, 413, 414, 415, 431}) {
      router.errorHandler(status, failures);
    }
    return router;
  }

  /** Runs {@code check} unless the upload gate left this request's body for its route. */
  private static void unlessUpload(RoutingContext ctx, Handler<RoutingContext> check) {
    if (ctx.get(UploadRoutes.UNREAD_BODY) != null) {
      ctx.next();
    } else {
      check.handle(ctx);
    }
  }
}
