package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * {@code POST /locale}: the language switch of every page and the language setting. A plain form,
 * so it works without JavaScript. The choice is kept in a cookie (so a visitor who is not signed
 * in keeps it) and, for a member, on the account (so it follows them to other browsers and into
 * their e-mail digests); then the browser goes back to the page it came from, on this site only.
 */
public final class LanguageSwitch {
  private static final long COOKIE_SECONDS = 365L * 24 * 3600;

  /**
   * Keeps a member's choice on their account (a language code, or null to follow the browser).
   * Handed in, so the page kit stays below the features that store accounts.
   */
  private final BiFunction<Caller, String, Future<?>> rememberOnAccount;
  private final CsrfTokens csrf;
  private final Pages pages;
  private final boolean secureCookies;

  public LanguageSwitch(BiFunction<Caller, String, Future<?>> rememberOnAccount, CsrfTokens csrf, Pages pages,
      boolean secureCookies) {
    this.rememberOnAccount = rememberOnAccount;
    this.csrf = csrf;
    this.pages = pages;
    this.secureCookies = secureCookies;
  }

  public void mount(Router router) {
    router.post("/locale").handler(this::choose);
  }

  private void choose(RoutingContext ctx) {
    // Checked for visitors too: another site must not be able to switch someone's language.
    if (!csrf.matches(ctx)) {
      throw ApiException.forbidden("The form expired; reload the page and try again.");
    }
    String raw = ctx.request().getFormAttribute("locale");
    boolean followBrowser = raw == null || raw.isBlank();
    Locale chosen = followBrowser ? null : Messages.supported(raw);
    if (!followBrowser && (chosen == null || !chosen.getLanguage().equals(raw.strip()))) {
      throw ApiException.invalid("locale", "must be one of en, fr");
    }
    String back = RedirectTargets.sameSitePath(ctx.request().getFormAttribute("back"), "/");
    Cookie cookie = Cookie.cookie(PageLocale.COOKIE, chosen == null ? "" : chosen.getLanguage()).setPath("/")
        .setMaxAge(chosen == null ? 0 : COOKIE_SECONDS).setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(secureCookies);
    ctx.response().addCookie(cookie);
    Caller caller = AuthHandler.caller(ctx);
    if (!caller.signedIn()) {
      pages.redirect(ctx, back);
      return;
    }
    rememberOnAccount.apply(caller, chosen == null ? null : chosen.getLanguage()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        pages.redirect(ctx, back);
      }
    });
  }
}
