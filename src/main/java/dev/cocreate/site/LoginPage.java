package dev.cocreate.site;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.SessionService;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.web.Pages;
import dev.cocreate.web.RedirectTargets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /login}: signing in, then on to the page that asked for it ({@code next}, on this site
 * only); and {@code POST /logout}, signing out.
 */
final class LoginPage {
  private final Pages pages;
  private final AccountService accounts;
  private final SessionService sessions;
  private final CsrfTokens csrf;
  private final SessionCookies cookies;

  LoginPage(Pages pages, AccountService accounts, SessionService sessions, CsrfTokens csrf, SessionCookies cookies) {
    this.pages = pages;
    this.accounts = accounts;
    this.sessions = sessions;
    this.csrf = csrf;
    this.cookies = cookies;
  }

  /** What login.hbs reads besides the frame: where to go after, and on a refusal what was typed and why. */
  record View(String next, String login, String error) {
    JsonObject into(JsonObject frame) {
      frame.put("next", next);
      if (login != null) {
        frame.put("login", login);
      }
      if (error != null) {
        frame.put("error", error);
      }
      return frame;
    }
  }

  void show(RoutingContext ctx) {
    pages.render(ctx, "login", new View(RedirectTargets.sameSitePath(ctx.request().getParam("next"), "/"), null, null)
        .into(frame(ctx)));
  }

  void submit(RoutingContext ctx) {
    if (!csrf.matches(ctx)) {
      throw ApiException.forbidden("The form expired; reload the page and try again.");
    }
    String login = trim(ctx.request().getFormAttribute("login"));
    String password = ctx.request().getFormAttribute("password");
    // Settled before anything happens: a hostile target signs the member in all the same, then goes home.
    String next = RedirectTargets.sameSitePath(ctx.request().getFormAttribute("next"), "/");
    JsonObject frame = frame(ctx);
    if (login.isEmpty() || password == null || password.isEmpty()) {
      pages.render(ctx, 400, "login", new View(next, login, pages.text(ctx, "login.missing")).into(frame));
      return;
    }
    // The same limits as the API's sign-in, in the same buckets: the service spends them.
    accounts.authenticate(login, password, AccountRoutes.clientIp(ctx))
        .compose(sessions::issueWebSession)
        .onSuccess(session -> {
          cookies.set(ctx, session);
          pages.redirect(ctx, next);
        })
        .onFailure(e -> {
          if (e instanceof ApiException api && (api.status() == 401 || api.status() == 403 || api.status() == 429)) {
            Pages.retryAfter(ctx, api);
            pages.render(ctx, api.status(), "login", new View(next, login, pages.problem(ctx, api)).into(frame));
          } else {
            ctx.fail(e);
          }
        });
  }

  /** {@code POST /logout}: the session revoked on the server, the cookie cleared, then home. */
  void logout(RoutingContext ctx) {
    var caller = AuthHandler.caller(ctx);
    Future<Void> revoke = caller.signedIn() ? sessions.revoke(caller.sessionId()) : Future.succeededFuture();
    revoke.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      cookies.clear(ctx);
      pages.redirect(ctx, "/");
    });
  }

  private JsonObject frame(RoutingContext ctx) {
    return pages.frame(ctx, pages.text(ctx, "nav.signIn"));
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
