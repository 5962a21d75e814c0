package dev.cocreate.account;

import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Resolves the caller of every request before any route runs, and enforces CSRF on unsafe
 * requests that rely on the session cookie (bearer-token clients are not exposed to CSRF).
 */
public final class AuthHandler implements Handler<RoutingContext> {
  public static final String CALLER = "caller";
  public static final String SESSION_COOKIE = "cc_session";

  private final SessionService sessions;
  private final CsrfTokens csrf;

  public AuthHandler(SessionService sessions, CsrfTokens csrf) {
    this.sessions = sessions;
    this.csrf = csrf;
  }

  public static Caller caller(RoutingContext ctx) {
    Caller c = ctx.get(CALLER);
    return c == null ? Caller.ANONYMOUS : c;
  }

  /** The signed-in caller, or 401. */
  public static Caller requireUser(RoutingContext ctx) {
    Caller c = caller(ctx);
    if (!c.signedIn()) {
      throw ApiException.unauthorized("Sign in first.");
    }
    return c;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 4096) {
        ctx.fail(ApiException.unauthorized("Use 'Authorization: Bearer <token>'."));
        return;
      }
      sessions.fromBearer(authorization.substring(7).trim()).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          ctx.put(CALLER, ar.result());
          ctx.next();
        }
      });
      return;
    }
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    if (cookie == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 200) {
      ctx.put(CALLER, Caller.ANONYMOUS);
      ctx.next();
      return;
    }
    sessions.fromCookie(cookie.getValue()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      Caller caller = ar.result();
      ctx.put(CALLER, caller);
      // An unread multipart body (an upload) carries its _csrf field inside: its route checks it once read.
      if (caller.signedIn() && isUnsafe(ctx) && ctx.get(Http.UNREAD_MULTIPART) == null
          && !csrf.matches(ctx)) {
        ctx.fail(ApiException.forbidden("The CSRF token is missing or wrong; reload the page and try again."));
        return;
      }
      ctx.next();
    });
  }

  static boolean isUnsafe(RoutingContext ctx) {
    return switch (ctx.request().method().name()) {
      case "GET", "HEAD", "OPTIONS" -> false;
      default -> true;
    };
  }
}
