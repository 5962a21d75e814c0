package dev.cocreate.stakeholder;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.respond;
import static dev.cocreate.platform.http.Http.respondNoContent;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/orgs/{slug}/stakeholder} (the caller's own type towards the org) and
 * {@code /api/orgs/{slug}/stakeholders} (the org's list, and an owner's answer to staff requests).
 */
public final class StakeholderRoutes {
  private final StakeholderService stakeholders;

  public StakeholderRoutes(StakeholderService stakeholders) {
    this.stakeholders = stakeholders;
  }

  public void mount(Router api) {
    api.get("/orgs/:slug/stakeholder").handler(this::mine);
    api.put("/orgs/:slug/stakeholder").handler(this::declare);
    api.delete("/orgs/:slug/stakeholder").handler(this::withdraw);
    api.get("/orgs/:slug/stakeholders").handler(this::list);
    api.post("/orgs/:slug/stakeholders/:username/confirm").handler(this::confirm);
    api.delete("/orgs/:slug/stakeholders/:username").handler(this::refuse);
  }

  private void mine(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, stakeholders.mine(c, ctx.pathParam("slug")), j -> j);
  }

  private void declare(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    StakeholderDeclaration d = StakeholderDeclaration.from(body(ctx));
    respond(ctx, stakeholders.declare(c, ctx.pathParam("slug"), d), j -> j);
  }

  private void withdraw(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, stakeholders.withdraw(c, ctx.pathParam("slug")));
  }

  private void list(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, stakeholders.list(c, ctx.pathParam("slug")), items -> new JsonObject().put("items", items));
  }

  private void confirm(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, stakeholders.confirmStaff(c, ctx.pathParam("slug"), ctx.pathParam("username")));
  }

  private void refuse(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respondNoContent(ctx, stakeholders.refuseStaff(c, ctx.pathParam("slug"), ctx.pathParam("username")));
  }
}
