package dev.cocreate.site;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.SessionService;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/** The browser's session cookie: set by signing in or registering, cleared by signing out or deleting the account. */
final class SessionCookies {
  private final SessionService sessions;
  private final CsrfTokens csrf;
  private final boolean secureCookies;

  SessionCookies(SessionService sessions, CsrfTokens csrf, boolean secureCookies) {
    this.sessions = sessions;
    this.csrf = csrf;
    this.secureCookies = secureCookies;
  }

  /** The session cookie, and the CSRF token of that session in place of the visitor's. */
  void set(RoutingContext ctx, SessionService.NewWebSession session) {
    ctx.response().addCookie(Cookie.cookie(AuthHandler.SESSION_COOKIE, session.cookie()).setPath("/")
        .setMaxAge(sessions.sessionDays() * 86400L).setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(secureCookies));
    csrf.bindToSession(ctx, session.id());
  }

  void clear(RoutingContext ctx) {
    ctx.response().addCookie(Cookie.cookie(AuthHandler.SESSION_COOKIE, "").setPath("/").setMaxAge(0)
        .setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(secureCookies));
  }
}
