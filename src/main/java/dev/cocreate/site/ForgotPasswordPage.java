package dev.cocreate.site;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.PasswordReset;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /password/forgot}: asking for a reset link. Whatever the address, an accepted request shows
 * the same page, so it tells nobody whether the address has an account.
 */
final class ForgotPasswordPage {
  private final Pages pages;
  private final PasswordReset resets;
  private final CsrfTokens csrf;

  ForgotPasswordPage(Pages pages, PasswordReset resets, CsrfTokens csrf) {
    this.pages = pages;
    this.resets = resets;
    this.csrf = csrf;
  }

  /** What password-forgot.hbs reads besides the frame: the address typed, whether it was sent, a refusal. */
  record View(String email, boolean sent, JsonObject errors, String error) {
    JsonObject into(JsonObject frame) {
      return frame.put("email", email).put("sent", sent).put("errors", errors).put("error", error);
    }
  }

  void show(RoutingContext ctx) {
    pages.render(ctx, "password-forgot", new View("", false, null, null).into(frame(ctx)));
  }

  void submit(RoutingContext ctx) {
    if (!csrf.matches(ctx)) {
      throw ApiException.forbidden("The form expired; reload the page and try again.");
    }
    String typed = ctx.request().getFormAttribute("email");
    PasswordReset.Request request;
    try {
      request = PasswordReset.Request.from(FormFields.of(ctx));
    } catch (ApiException e) {
      again(ctx, typed, e);
      return;
    }
    pages.afterSubmit(ctx, resets.request(request, AccountRoutes.clientIp(ctx), PageLocale.of(ctx))
            .map(v -> "/password/forgot?sent=1"),
        where -> where, status -> status == 429, e -> again(ctx, typed, e));
  }

  /** {@code ?sent=1}: the page after a request, the same for every address. */
  void showOrSent(RoutingContext ctx) {
    if ("1".equals(ctx.request().getParam("sent"))) {
      pages.render(ctx, "password-forgot", new View("", true, null, null).into(frame(ctx)));
    } else {
      show(ctx);
    }
  }

  private void again(RoutingContext ctx, String typed, ApiException e) {
    Pages.retryAfter(ctx, e);
    JsonObject shown = pages.withErrors(ctx, new JsonObject(), e);
    pages.render(ctx, e.status(), "password-forgot", new View(typed == null ? "" : typed, false,
        shown.getJsonObject("errors"), shown.getString("error")).into(frame(ctx)));
  }

  private JsonObject frame(RoutingContext ctx) {
    return pages.frame(ctx, pages.text(ctx, "reset.forgotTitle"));
  }
}
