package dev.cocreate.privacy;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** {@code GET /api/me/export} and {@code DELETE /api/me}. */
public final class MemberDataRoutes {
  private final MemberData data;

  public MemberDataRoutes(MemberData data) {
    this.data = data;
  }

  public void mount(Router api) {
    api.get("/me/export").handler(this::export);
    api.delete("/me").handler(this::delete);
  }

  private void export(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    data.export(c).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      sendExport(ctx, c, ar.result());
    });
  }

  /** The export as a download: a JSON file named after the member and the day. */
  public static void sendExport(RoutingContext ctx, Caller c, JsonObject doc) {
    String day = LocalDate.now(ZoneOffset.UTC).toString();
    ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"cocreate-" + c.user().username() + "-" + day + ".json\"")
        .putHeader("Cache-Control", "no-store")
        .end(doc.encodePrettily());
  }

  private void delete(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    JsonBody b = body(ctx);
    Object pw = b.raw().getValue("password");
    if (!(pw instanceof String s) || s.isEmpty()) {
      b.error("password", pw == null ? "is required to delete the account" : "must be a string");
    }
    b.validate();
    // Rate limited by MemberData with the sign-in's per-account bucket: a stolen token is no password oracle.
    respondNoContent(ctx, data.deleteAccount(c, (String) pw));
  }
}
