package dev.cocreate.account;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.platform.http.JsonBody;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /api/auth/password-reset and /api/auth/password-reset/confirm: a forgotten password, reset by e-mail. */
public final class PasswordResetRoutes {
  /** The one answer to every accepted request, whether the address is an account's or not. */
  static final JsonObject ACCEPTED = new JsonObject()
      .put("message", "If this address belongs to an account, a link to reset its password is on its way.");

  private final PasswordReset resets;

  public PasswordResetRoutes(PasswordReset resets) {
    this.resets = resets;
  }

  public void mount(Router api) {
    api.post("/auth/password-reset").handler(this::request);
    api.post("/auth/password-reset/confirm").handler(this::confirm);
  }

  private void request(RoutingContext ctx) {
    PasswordReset.Request r = PasswordReset.Request.from(body(ctx));
    respond(ctx, 202, resets.request(r, AccountRoutes.clientIp(ctx), Messages.ENGLISH), v -> ACCEPTED.copy());
  }

  private void confirm(RoutingContext ctx) {
    JsonBody b = body(ctx);
    PasswordReset.Confirmation c = PasswordReset.Confirmation.from(b, b.raw().getValue("password"));
    respond(ctx, resets.confirm(c, AccountRoutes.clientIp(ctx)), u -> new JsonObject().put("user", u.toJson()));
  }
}
