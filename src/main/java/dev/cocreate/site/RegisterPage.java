package dev.cocreate.site;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.NewAccount;
import dev.cocreate.account.SessionService;
import dev.cocreate.account.Signup;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /register}: creating an account, as the site's registration setting allows (open, by
 * invitation, or closed, which the page says with a 403), then signed in and home.
 */
final class RegisterPage {
  private final Pages pages;
  private final SessionService sessions;
  private final CsrfTokens csrf;
  private final Signup signup;
  private final SessionCookies cookies;

  RegisterPage(Pages pages, SessionService sessions, CsrfTokens csrf, Signup signup, SessionCookies cookies) {
    this.pages = pages;
    this.sessions = sessions;
    this.csrf = csrf;
    this.signup = signup;
    this.cookies = cookies;
  }

  /** The form as typed (the password never shown again). */
  record Draft(String username, String email, String displayName, String invite) {
    JsonObject toJson() {
      return new JsonObject().put("username", username).put("email", email).put("password", "").put("displayName", displayName)
          .put("invite", invite);
    }
  }

  /** What register.hbs reads besides the frame: who may register now, and the form when it was refused. */
  record View(Signup.Mode mode, Draft form) {
    JsonObject into(JsonObject frame) {
      frame.put("registrationClosed", mode == Signup.Mode.CLOSED).put("inviteOnly", mode == Signup.Mode.INVITE_ONLY);
      if (form != null) {
        frame.put("form", form.toJson());
      }
      return frame;
    }
  }

  void show(RoutingContext ctx) {
    Signup.Mode mode = signup.mode();
    pages.render(ctx, mode == Signup.Mode.CLOSED ? 403 : 200, "register", new View(mode, null).into(frame(ctx)));
  }

  void submit(RoutingContext ctx) {
    if (!csrf.matches(ctx)) {
      throw ApiException.forbidden("The form expired; reload the page and try again.");
    }
    var form = ctx.request().formAttributes();
    // The page takes a username in any case and keeps it as the lower case the API requires.
    String username = trim(form.get("username")).toLowerCase();
    JsonObject model = new View(signup.mode(), new Draft(username, trim(form.get("email")), trim(form.get("displayName")),
        trim(form.get("invite")))).into(frame(ctx));
    NewAccount account;
    try {
      account = NewAccount.from(new FormFields(form).with("username", username));
    } catch (ApiException e) {
      pages.render(ctx, e.status(), "register", pages.withErrors(ctx, model, e));
      return;
    }
    signup.register(account, AccountRoutes.clientIp(ctx))
        .compose(sessions::issueWebSession)
        .onSuccess(session -> {
          cookies.set(ctx, session);
          pages.flashNotice(ctx, pages.text(ctx, "flash.registered"));
          pages.redirect(ctx, "/");
        })
        .onFailure(e -> {
          if (e instanceof ApiException api && (api.status() == 409 || api.status() == 400 || api.status() == 403
              || api.status() == 429)) {
            Pages.retryAfter(ctx, api);
            pages.render(ctx, api.status(), "register", pages.withErrors(ctx, model, api));
          } else {
            ctx.fail(e);
          }
        });
  }

  private JsonObject frame(RoutingContext ctx) {
    return pages.frame(ctx, pages.text(ctx, "register.title"));
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }
}
