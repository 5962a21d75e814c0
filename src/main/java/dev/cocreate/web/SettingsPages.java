package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.privacy.MemberData;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /settings}: a member's own account page, with their data to download and the account deletion. */
public final class SettingsPages {
  private final Pages pages;
  private final MemberData data;
  private final boolean secureCookies;

  public SettingsPages(Pages pages, MemberData data, boolean secureCookies) {
    this.pages = pages;
    this.data = data;
    this.secureCookies = secureCookies;
  }

  public void mount(Router router) {
    router.get("/settings").handler(ctx -> {
      if (signedIn(ctx)) {
        show(ctx, 200, null);
      }
    });
    router.post("/settings/delete").handler(this::delete);
  }

  private boolean signedIn(RoutingContext ctx) {
    if (AuthHandler.caller(ctx).signedIn()) {
      return true;
    }
    pages.redirect(ctx, "/login?next=/settings");
    return false;
  }

  private void show(RoutingContext ctx, int status, String error) {
    Caller c = AuthHandler.caller(ctx);
    String chosen = c.user().locale();
    JsonArray languages = new JsonArray().add(new JsonObject().put("code", "").put("name", pages.text(ctx, "settings.followBrowser"))
        .put("selected", dev.cocreate.platform.i18n.Messages.supported(chosen) == null));
    for (java.util.Locale l : dev.cocreate.platform.i18n.Messages.SUPPORTED) {
      languages.add(new JsonObject().put("code", l.getLanguage()).put("name", pages.messages().text(l, "language.name"))
          .put("selected", l.getLanguage().equals(chosen)));
    }
    JsonObject model = pages.frame(ctx, pages.text(ctx, "settings.title"))
        .put("account", c.user().toJson().put("email", c.user().email()))
        .put("languageChoices", languages)
        .put("error", error)
        .put("breadcrumbs", new JsonArray().add(new JsonObject().put("label", pages.text(ctx, "nav.home")).put("href", "/")));
    pages.render(ctx, status, "settings", model);
  }

  private void delete(RoutingContext ctx) {
    if (!signedIn(ctx)) {
      return;
    }
    Caller c = AuthHandler.caller(ctx);
    String password = ctx.request().getFormAttribute("password");
    if (password == null || password.isEmpty()) {
      show(ctx, 400, pages.text(ctx, "settings.passwordMissing"));
      return;
    }
    data.deleteAccount(c, password).onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof ApiException e && e.status() == 403) {
          show(ctx, 403, pages.text(ctx, "settings.wrongPassword"));
        } else if (ar.cause() instanceof ApiException e && e.status() == 429) {
          // Too many password tries on this account (sign-in's bucket, spent by MemberData).
          ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
          show(ctx, 429, pages.problem(ctx, e));
        } else {
          ctx.fail(ar.cause());
        }
        return;
      }
      ctx.response().addCookie(Cookie.cookie(AuthHandler.SESSION_COOKIE, "").setPath("/").setMaxAge(0)
          .setHttpOnly(true).setSameSite(CookieSameSite.LAX).setSecure(secureCookies));
      // Rendered as an anonymous visitor: the session is gone.
      ctx.put(AuthHandler.CALLER, Caller.ANONYMOUS);
      pages.render(ctx, 200, "account-deleted", pages.frame(ctx, pages.text(ctx, "deleted.pageTitle")));
    });
  }
}
