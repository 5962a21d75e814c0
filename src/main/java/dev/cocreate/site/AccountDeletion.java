package dev.cocreate.site;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.privacy.MemberData;
import dev.cocreate.web.Pages;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /settings/delete}: the member deletes their account with their password; the page
 * that answers says it is gone (account-deleted.hbs), or the settings page comes back with why not.
 */
final class AccountDeletion {
  private final Pages pages;
  private final MemberData data;
  private final SettingsPage settings;
  private final SessionCookies cookies;

  AccountDeletion(Pages pages, MemberData data, SettingsPage settings, SessionCookies cookies) {
    this.pages = pages;
    this.data = data;
    this.settings = settings;
    this.cookies = cookies;
  }

  void submit(RoutingContext ctx) {
    if (!settings.signedIn(ctx)) {
      return;
    }
    Caller c = AuthHandler.caller(ctx);
    String password = ctx.request().getFormAttribute("password");
    if (password == null || password.isEmpty()) {
      settings.show(ctx, 400, pages.text(ctx, "settings.passwordMissing"));
      return;
    }
    data.deleteAccount(c, password).onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof ApiException e && e.status() == 403) {
          settings.show(ctx, 403, pages.text(ctx, "settings.wrongPassword"));
        } else if (ar.cause() instanceof ApiException e && e.status() == 429) {
          // Too many password tries on this account (sign-in's bucket, spent by MemberData).
          ctx.response().putHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
          settings.show(ctx, 429, pages.problem(ctx, e));
        } else {
          ctx.fail(ar.cause());
        }
        return;
      }
      cookies.clear(ctx);
      // Rendered as an anonymous visitor: the session is gone.
      ctx.put(AuthHandler.CALLER, Caller.ANONYMOUS);
      pages.render(ctx, 200, "account-deleted", pages.frame(ctx, pages.text(ctx, "deleted.pageTitle")));
    });
  }
}
