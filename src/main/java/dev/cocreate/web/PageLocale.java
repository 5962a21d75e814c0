package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;

/**
 * Which language a page speaks to this request: the signed-in member's chosen language, else the
 * visitor's choice from the language switch (a cookie), else the browser's {@code Accept-Language},
 * else English. Runs after the caller is known; pages read the answer with {@link #of}.
 */
public final class PageLocale {
  /** Remembers an anonymous visitor's choice from the language switch. */
  public static final String COOKIE = "cc_locale";
  private static final String KEY = "cocreate.locale";

  private PageLocale() {}

  public static void resolve(RoutingContext ctx) {
    ctx.put(KEY, negotiate(ctx));
    ctx.next();
  }

  public static Locale of(RoutingContext ctx) {
    Locale locale = ctx.get(KEY);
    return locale == null ? negotiate(ctx) : locale;
  }

  private static Locale negotiate(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (caller != null && caller.signedIn()) {
      Locale chosen = Messages.supported(caller.user().locale());
      if (chosen != null) {
        return chosen;
      }
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    Locale picked = cookie == null ? null : Messages.supported(cookie.getValue());
    if (picked != null) {
      return picked;
    }
    Locale accepted = fromAcceptLanguage(ctx.request().getHeader("Accept-Language"));
    return accepted == null ? Messages.ENGLISH : accepted;
  }

  /** The best supported language the header accepts (its q-values respected), or null. */
  static Locale fromAcceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 500) {
      return null;
    }
    try {
      List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
      return Locale.lookup(ranges, Messages.SUPPORTED);
    } catch (IllegalArgumentException malformed) {
      // A header no browser sends: answer in the default language rather than fail the page.
      return null;
    }
  }
}
