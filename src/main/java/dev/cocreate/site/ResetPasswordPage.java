package dev.cocreate.site;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.PasswordReset;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /password/reset?token=}: the page the e-mailed link opens, where the member chooses a new
 * password; then on to sign in, every other session having ended.
 */
final class ResetPasswordPage {
  private final Pages pages;
  private final PasswordReset resets;
  private final CsrfTokens csrf;

  ResetPasswordPage(Pages pages, PasswordReset resets, CsrfTokens csrf) {
    this.pages = pages;
    this.resets = resets;
    this.csrf = csrf;
  }

  /** What password-reset.hbs reads besides the frame: the link's token, and a refusal. */
  record View(String token, JsonObject errors, String error) {
    JsonObject into(JsonObject frame) {
      return frame.put("token", token).put("errors", errors).put("error", error);
    }
  }

  void show(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    pages.render(ctx, "password-reset", new View(token == null ? "" : token, null, null).into(frame(ctx)));
  }

  void submit(RoutingContext ctx) {
    if (!csrf.matches(ctx)) {
      throw ApiException.forbidden("The form expired; reload the page and try again.");
    }
    String token = ctx.request().getFormAttribute("token");
    PasswordReset.Confirmation confirmation;
    try {
      confirmation = PasswordReset.Confirmation.from(FormFields.of(ctx), ctx.request().getFormAttribute("password"));
    } catch (ApiException e) {
      again(ctx, token, e);
      return;
    }
    pages.afterSubmit(ctx, resets.confirm(confirmation, AccountRoutes.clientIp(ctx))
            .onSuccess(u -> pages.flashNotice(ctx, pages.text(ctx, "reset.done"))),
        u -> "/login", status -> status == 400 || status == 429, e -> again(ctx, token, e));
  }

  private void again(RoutingContext ctx, String token, ApiException e) {
    Pages.retryAfter(ctx, e);
    JsonObject shown = pages.withErrors(ctx, new JsonObject(), e);
    JsonObject errors = shown.getJsonObject("errors");
    // A dead link is no field the member can fix: the page says so above the form, and only that.
    boolean onlyTheLink = errors.size() == 1 && errors.containsKey("token");
    pages.render(ctx, e.status(), "password-reset", new View(token == null ? "" : token, errors,
        onlyTheLink ? null : shown.getString("error")).into(frame(ctx)));
  }

  private JsonObject frame(RoutingContext ctx) {
    return pages.frame(ctx, pages.text(ctx, "reset.title"));
  }
}
