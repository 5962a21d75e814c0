package dev.cocreate.admin;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.account.Invite;
import dev.cocreate.account.Invites;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/site} for everyone; {@code /api/admin/settings} and {@code /api/admin/invites} for admins. */
public final class AdminRoutes {
  private final SiteSettingsService settings;
  private final Invites invites;
  private final Permissions permissions;

  public AdminRoutes(SiteSettingsService settings, Invites invites, Permissions permissions) {
    this.settings = settings;
    this.invites = invites;
    this.permissions = permissions;
  }

  public void mount(Router api) {
    api.get("/site").handler(ctx -> Http.json(ctx, 200, settings.current().toPublicJson()));
    api.get("/admin/settings").handler(ctx -> {
      requireAdmin(ctx);
      Http.json(ctx, 200, settings.current().toJson());
    });
    api.put("/admin/settings").handler(ctx -> {
      Caller c = requireAdmin(ctx);
      respond(ctx, settings.update(c, SettingsChange.from(body(ctx))), SiteSettings::toJson);
    });
    api.post("/admin/invites").handler(ctx -> {
      Caller c = requireAdmin(ctx);
      JsonBody b = ctx.body().length() <= 0 ? new JsonBody(new JsonObject()) : body(ctx);
      Integer days = b.integer("expiresInDays", 1, 365, false);
      b.validate();
      respond(ctx, 201, invites.create(c, days), Invite::toJson);
    });
    api.get("/admin/invites").handler(ctx -> {
      Caller c = requireAdmin(ctx);
      respond(ctx, invites.recent(c, Http.limitParam(ctx)), page -> page.toJson(Invite::toJson));
    });
  }

  private Caller requireAdmin(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    if (!permissions.canAdministerSite(c)) {
      throw ApiException.forbidden("Only an admin can do this.");
    }
    return c;
  }
}
