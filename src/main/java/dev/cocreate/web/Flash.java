package dev.cocreate.web;

import dev.cocreate.account.CsrfTokens;
import dev.cocreate.platform.auth.SecretMac;
import dev.cocreate.platform.http.HeadRequests;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What a form's redirect has to tell the next page ("saved", "thanks for the flag", why a change
 * was refused), kept in a short-lived cookie signed by the server and read once. A page never takes
 * a message from its URL: whatever text a link carried ({@code /c/1?error=Your account is locked,
 * call ...}) was shown as the site's own words to whoever followed it. The signature covers the
 * caller's CSRF token as well, so a flash is only ever shown to the browser it was made for.
 */
public final class Flash {
  public static final String COOKIE = "cc_flash";
  private static final String PURPOSE = "flash";
  /** Between the text and the undo path; outside base64url's alphabet and the cookie's dot. */
  private static final char UNDO = '~';
  /** Long enough for any refusal the pages explain; a cookie must stay well under 4 KiB. */
  private static final int MAX_TEXT = 600;
  /** The next page normally follows within a second; an unread flash must not surface much later. */
  private static final long MAX_AGE_SECONDS = 120;

  /** A notice is announced politely (role=status); an error is an alert. */
  public enum Kind { NOTICE, ERROR }

  /** {@code undo}: the path a one-click "Undo" form posts to (null when the action has none). */
  public record Message(Kind kind, String text, String undo) {}

  private final SecretMac mac;
  private final CsrfTokens csrf;
  private final boolean secureCookies;

  public Flash(String secret, CsrfTokens csrf, boolean secureCookies) {
    this.mac = new SecretMac(secret);
    this.csrf = csrf;
    this.secureCookies = secureCookies;
  }

  /** Leaves {@code text} for the next page this browser shows. */
  public void set(RoutingContext ctx, Kind kind, String text) {
    set(ctx, kind, text, null);
  }

  /**
   * Leaves {@code text} with an "Undo" that posts to {@code undoPath} (a path on this site). The
   * path is signed with the text, so a flash cannot be made to post anywhere else.
   */
  public void set(RoutingContext ctx, Kind kind, String text, String undoPath) {
    if (text == null || text.isBlank()) {
      return;
    }
    String shown = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    String payload = (kind == Kind.ERROR ? "e" : "n")
        + Base64.getUrlEncoder().withoutPadding().encodeToString(shown.getBytes(StandardCharsets.UTF_8))
        + (undoPath == null ? "" : UNDO + Base64.getUrlEncoder().withoutPadding()
            .encodeToString(RedirectTargets.sameSitePath(undoPath, "/").getBytes(StandardCharsets.UTF_8)));
    String value = payload + "." + mac.sign(PURPOSE, csrf.tokenFor(ctx) + "\0" + payload);
    ctx.response().addCookie(cookie(value).setMaxAge(MAX_AGE_SECONDS));
  }

  /**
   * The message left for this page, cleared as it is read; null when there is none, or when it was
   * not signed by this server for this browser (then it is cleared all the same). A HEAD request
   * leaves it for the GET that shows it.
   */
  public Message take(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    if (c == null || HeadRequests.wasHead(ctx)) {
      return null;
    }
    ctx.response().addCookie(cookie("").setMaxAge(0));
    String value = c.getValue();
    int dot = value.lastIndexOf('.');
    if (dot < 2 || value.length() > 2 * MAX_TEXT * 4) {
      return null;
    }
    String payload = value.substring(0, dot);
    if (!mac.verify(PURPOSE, csrf.tokenFor(ctx) + "\0" + payload, value.substring(dot + 1))) {
      return null;
    }
    Kind kind = payload.charAt(0) == 'e' ? Kind.ERROR : Kind.NOTICE;
    int undo = payload.indexOf(UNDO);
    try {
      String text = new String(Base64.getUrlDecoder().decode(payload.substring(1, undo < 0 ? payload.length() : undo)),
          StandardCharsets.UTF_8);
      String undoPath = undo < 0 ? null
          : new String(Base64.getUrlDecoder().decode(payload.substring(undo + 1)), StandardCharsets.UTF_8);
      return new Message(kind, text, undoPath);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(secureCookies);
  }
}
