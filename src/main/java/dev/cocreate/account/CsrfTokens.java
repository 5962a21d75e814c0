package dev.cocreate.account;

import dev.cocreate.platform.auth.SecretMac;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * CSRF tokens bound to the one they were issued to, signed with the server's secret. A plain
 * double-submit token (any cookie value repeated in the form) could be defeated by whoever can
 * plant a cookie (a sibling subdomain, a network attacker on plain HTTP): they set {@code cc_csrf}
 * and the field to the same value of their choosing. Now:
 * <ul>
 *   <li>a signed-in member's token is the HMAC of their session's id: only the server can make it,
 *       it is the same on every page of that session and worthless for any other session;</li>
 *   <li>a visitor (the sign-in, registration and language forms come before any session) gets a
 *       random value with its HMAC, kept in the {@code cc_csrf} cookie and repeated by the form;
 *       a value the server did not sign is refused, so no pair can be made up.</li>
 * </ul>
 * Pages put the token in a hidden {@code _csrf} field and the {@code csrf-token} meta tag (for the
 * {@code X-CSRF-Token} header of script requests); the cookie carries the same value.
 */
public final class CsrfTokens {
  public static final String COOKIE = "cc_csrf";
  public static final String HEADER = "X-CSRF-Token";
  public static final String FIELD = "_csrf";
  private static final String SESSION_PURPOSE = "csrf-session";
  private static final String VISITOR_PURPOSE = "csrf-visitor";
  /** 24 random bytes in base64url. */
  private static final int NONCE_CHARS = 32;
  private static final int MAX_TOKEN_CHARS = 200;

  private final SecureRandom random = new SecureRandom();
  private final SecretMac mac;
  private final boolean secureCookies;

  public CsrfTokens(boolean secureCookies, String secret) {
    this.secureCookies = secureCookies;
    this.mac = new SecretMac(secret);
  }

  /** The caller's token for the forms of this page, setting the cookie when it does not hold it yet. */
  public String tokenFor(RoutingContext ctx) {
    String known = ctx.get(COOKIE);
    if (known != null) {
      return known;
    }
    Caller caller = AuthHandler.caller(ctx);
    Cookie cookie = ctx.request().getCookie(COOKIE);
    String token;
    if (caller.signedIn()) {
      token = forSession(caller.sessionId());
    } else if (cookie != null && isVisitorToken(cookie.getValue())) {
      token = cookie.getValue();
    } else {
      token = newVisitorToken();
    }
    if (cookie == null || !cookie.getValue().equals(token)) {
      setCookie(ctx, token);
    }
    ctx.put(COOKIE, token);
    return token;
  }

  /**
   * After sign-in: the visitor's token is replaced by the session's, so a token seen before
   * signing in (by whoever planted it, too) is worthless afterwards.
   */
  public void bindToSession(RoutingContext ctx, UUID sessionId) {
    String token = forSession(sessionId);
    setCookie(ctx, token);
    ctx.put(COOKIE, token);
  }

  /**
   * True when the request repeats, in the header or the form field, the token issued to this
   * caller: their session's for a member, a server-signed one equal to their cookie for a visitor.
   */
  public boolean matches(RoutingContext ctx) {
    String sent = ctx.request().getHeader(HEADER);
    if (sent == null) {
      sent = ctx.request().getFormAttribute(FIELD);
    }
    if (sent == null || sent.isEmpty() || sent.length() > MAX_TOKEN_CHARS) {
      return false;
    }
    Caller caller = AuthHandler.caller(ctx);
    if (caller.signedIn()) {
      return SecretMac.constantTimeEquals(forSession(caller.sessionId()), sent);
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie != null && SecretMac.constantTimeEquals(cookie.getValue(), sent) && isVisitorToken(sent);
  }

  /** A session's token: the same for every page of the session, made only by the server. */
  public String forSession(UUID sessionId) {
    return mac.sign(SESSION_PURPOSE, sessionId.toString());
  }

  private String newVisitorToken() {
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    return nonce + "." + mac.sign(VISITOR_PURPOSE, nonce);
  }

  private boolean isVisitorToken(String value) {
    if (value == null || value.length() > MAX_TOKEN_CHARS) {
      return false;
    }
    int dot = value.indexOf('.');
    return dot == NONCE_CHARS && mac.verify(VISITOR_PURPOSE, value.substring(0, dot), value.substring(dot + 1));
  }

  private void setCookie(RoutingContext ctx, String token) {
    ctx.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX).setSecure(secureCookies));
  }
}
