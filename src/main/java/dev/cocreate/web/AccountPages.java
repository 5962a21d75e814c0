package dev.cocreate.web;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.SessionService;
import dev.cocreate.account.Signup;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Sign-in, registration, sign-out and profile pages. Forms post back here with a CSRF token. */
public final class AccountPages {
  private final Pages pages;
  private final AccountService accounts;
  private final SessionService sessions;
  private final CsrfTokens csrf;
  private final RateLimiter limiter;
  private final boolean secureCookies;

  private final Signup signup;

  public AccountPages(Pages pages, AccountService accounts, SessionService sessions, CsrfTokens csrf, RateLimiter limiter,
      boolean secureCookies, Signup signup) {
    this.signup = signup;
    this.pages = pages;
    this.accounts = accounts;
    this.sessions = sessions;
    this.csrf = csrf;
    this.limiter = limiter;
    this.secureCookies = secureCookies;
  }

  public void mount(Router router) {
    router.get("/login").handler(ctx -> pages.render(ctx, "login", pages.frame(ctx, pages.text(ctx, "nav.signIn"))
        .put("next", RedirectTargets.sameSitePath(ctx.request().getParam("next"), "/"))));
    router.post("/login").handler(this::login);
    router.get("/register").handler(ctx -> pages.render(ctx, registerStatus(), "register",
        withMode(pages.frame(ctx, pages.text(ctx, "register.title")))));
    router.post("/register").handler(this::register);
    router.post("/logout").handler(this::logout);
    router.get("/u/:username").handler(this::profile);
  }

  private void requireCsrf(RoutingContext ctx) {
    if (!csrf.matches(ctx)) {
      throw ApiException.forbidden("The form expired; reload the page and try again.");
    }
  }

  private void login(RoutingContext ctx) {
    requireCsrf(ctx);
    String login = trim(ctx.request().getFormAttribute("login"));
    String password = ctx.request().getFormAttribute("password");
    // Settled before anything happens: a hostile target signs the member in all the same, then goes home.
    String next = RedirectTargets.sameSitePath(ctx.request().getFormAttribute("next"), "/");
    JsonObject model = pages.frame(ctx, pages.text(ctx, "nav.signIn")).put("login", login).put("next", next);
    if (login.isEmpty() || password == null || password.isEmpty()) {
      pages.render(ctx, 400, "login", model.put("error", pages.text(ctx, "login.missing")));
      return;
    }
    // The same limits as the API's sign-in, in the same buckets: the service spends them.
    accounts.authenticate(login, password, AccountRoutes.clientIp(ctx))
        .compose(sessions::issueWebSession)
        .onSuccess(session -> {
          setSessionCookie(ctx, session);
          pages.redirect(ctx, next);
        })
        .onFailure(e -> {
          if (e instanceof ApiException api && (api.status() == 401 || api.status() == 403 || api.status() == 429)) {
            if (api.retryAfterSeconds() != null) {
              ctx.response().putHeader("Retry-After", String.valueOf(api.retryAfterSeconds()));
            }
            pages.render(ctx, api.status(), "login", model.put("error", pages.problem(ctx, api)));
          } else {
            ctx.fail(e);
          }
        });
  }

  private void register(RoutingContext ctx) {
    requireCsrf(ctx);
    var form = ctx.request().formAttributes();
    JsonObject input = new JsonObject()
        .put("username", trim(form.get("username")).toLowerCase())
        .put("email", trim(form.get("email")))
        .put("password", form.get("password") == null ? "" : form.get("password"))
        .put("displayName", trim(form.get("displayName")));
    String invite = trim(form.get("invite"));
    JsonObject model = withMode(pages.frame(ctx, pages.text(ctx, "register.title")))
        .put("form", input.copy().put("password", "").put("invite", invite));
    AccountService.Registration r;
    try {
      limiter.check(AccountService.AUTH_PER_IP, AccountRoutes.clientIp(ctx));
      r = AccountRoutes.readRegistration(new JsonBody(input));
    } catch (ApiException e) {
      pages.render(ctx, e.status(), "register", pages.withErrors(ctx, model, e));
      return;
    }
    signup.register(r, invite)
        .compose(sessions::issueWebSession)
        .onSuccess(session -> {
          setSessionCookie(ctx, session);
          pages.redirect(ctx, "/");
        })
        .onFailure(e -> {
          if (e instanceof ApiException api && (api.status() == 409 || api.status() == 400 || api.status() == 403)) {
            pages.render(ctx, api.status(), "register", pages.withErrors(ctx, model, api));
          } else {
            ctx.fail(e);
          }
        });
  }

  /** What the register page shows depends on who may register now. */
  private JsonObject withMode(JsonObject model) {
    return model.put("registrationClosed", signup.mode() == Signup.Mode.CLOSED)
        .put("inviteOnly", signup.mode() == Signup.Mode.INVITE_ONLY);
  }

  private int registerStatus() {
    return signup.mode() == Signup.Mode.CLOSED ? 403 : 200;
  }

  private void logout(RoutingContext ctx) {
    var caller = AuthHandler.caller(ctx);
    Future<Void> revoke = caller.signedIn() ? sessions.revoke(caller.sessionId()) : Future.succeededFuture();
    revoke.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().addCookie(Cookie.cookie(AuthHandler.SESSION_COOKIE, "").setPath("/").setMaxAge(0)
          .setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(secureCookies));
      pages.redirect(ctx, "/");
    });
  }

  private void profile(RoutingContext ctx) {
    pages.render(ctx, "profile", accounts.byUsername(ctx.pathParam("username")).map(u -> {
      JsonObject model = pages.frame(ctx, u.displayName() + " (@" + u.username() + ")")
          .put("profile", u.toJson().put("roleLabel", switch (u.role()) {
            case "admin" -> pages.text(ctx, "role.admin");
            case "moderator" -> pages.text(ctx, "role.moderator");
            case "member" -> pages.text(ctx, "role.member");
            default -> u.role();
          }));
      model.put("breadcrumbs", new JsonArray().add(new JsonObject().put("label", pages.text(ctx, "nav.home")).put("href", "/")));
      return model;
    }));
  }

  /** The session cookie, and the CSRF token of that session in place of the visitor's. */
  private void setSessionCookie(RoutingContext ctx, SessionService.NewWebSession session) {
    ctx.response().addCookie(Cookie.cookie(AuthHandler.SESSION_COOKIE, session.cookie()).setPath("/")
        .setMaxAge(sessions.sessionDays() * 86400L).setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(secureCookies));
    csrf.bindToSession(ctx, session.id());
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
