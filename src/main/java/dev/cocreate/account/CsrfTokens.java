package dev.cocreate.account;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Double-submit CSRF tokens: a random value in an HttpOnly cookie, repeated by pages in a hidden
 * `_csrf` field or the `X-CSRF-Token` header. Another origin can neither read nor set the cookie,
 * so it cannot repeat the value.
 */
public final class CsrfTokens {
  public static final String COOKIE = "cc_csrf";
  public static final String HEADER = "X-CSRF-Token";
  public static final String FIELD = "_csrf";
  private final SecureRandom random = new SecureRandom();
  private final boolean secureCookies;

  public CsrfTokens(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  /** The caller's token, creating the cookie when the browser has none yet. */
  public String tokenFor(RoutingContext ctx) {
    String existing = ctx.get(COOKIE);
    if (existing != null) {
      return existing;
    }
    Cookie c = ctx.request().getCookie(COOKIE);
    String value;
    if (c != null && c.getValue().length() >= 20 && c.getValue().length() <= 100) {
      value = c.getValue();
    } else {
      byte[] raw = new byte[24];
      random.nextBytes(raw);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      ctx.response().addCookie(Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.LAX).setSecure(secureCookies));
    }
    ctx.put(COOKIE, value);
    return value;
  }

  /** True when the request repeats the cookie's token in the header or form field. */
  public boolean matches(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    if (c == null || c.getValue().isEmpty()) {
      return false;
    }
    String sent = ctx.request().getHeader(HEADER);
    if (sent == null) {
      sent = ctx.request().getFormAttribute(FIELD);
    }
    return sent != null
        && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), c.getValue().getBytes(StandardCharsets.UTF_8));
  }
}
