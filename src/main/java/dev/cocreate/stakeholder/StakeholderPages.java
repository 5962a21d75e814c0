package dev.cocreate.stakeholder;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The actions of the org page's stakeholder block ({@link StakeholderBlock}), and the org's members page ({@code /orgs/:slug/members}), where its team reads
 * its stakeholders and an owner confirms or refuses staff requests. Every action is a form that
 * posts and redirects (303).
 */
public final class StakeholderPages {
  private final Pages pages;
  private final StakeholderService stakeholders;
  private final StakeholderTexts texts;

  public StakeholderPages(Pages pages, StakeholderService stakeholders) {
    this.pages = pages;
    this.stakeholders = stakeholders;
    this.texts = new StakeholderTexts(pages);
  }

  public void mount(Router router) {
    router.post("/orgs/:slug/stakeholder").handler(this::declare);
    router.post("/orgs/:slug/stakeholder/withdraw").handler(this::withdraw);
    router.get("/orgs/:slug/members").handler(this::members);
    router.post("/orgs/:slug/members/:username/confirm").handler(ctx -> answer(ctx, true));
    router.post("/orgs/:slug/members/:username/refuse").handler(ctx -> answer(ctx, false));
  }

  private void declare(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String slug = ctx.pathParam("slug");
    Future<JsonObject> done;
    try {
      done = stakeholders.declare(caller, slug, StakeholderDeclaration.from(FormFields.of(ctx)));
    } catch (ApiException e) {
      done = Future.failedFuture(e);
    }
    back(ctx, done, "/orgs/" + slug + "#relation", "flash.stakeholderDeclared");
  }

  private void withdraw(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String slug = ctx.pathParam("slug");
    back(ctx, stakeholders.withdraw(caller, slug), "/orgs/" + slug + "#relation", "flash.stakeholderWithdrawn");
  }

  private void answer(RoutingContext ctx, boolean confirm) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    String slug = ctx.pathParam("slug");
    String username = ctx.pathParam("username");
    Future<Void> done = confirm ? stakeholders.confirmStaff(caller, slug, username)
        : stakeholders.refuseStaff(caller, slug, username);
    back(ctx, done, "/orgs/" + slug + "/members", confirm ? "flash.staffConfirmed" : "flash.staffRefused");
  }

  /** Back to {@code path} with a notice; a refusal the member can act on (bad input, nothing to answer) as the flash's error. */
  private void back(RoutingContext ctx, Future<?> done, String path, String noticeKey) {
    done.onComplete(ar -> {
      if (ar.succeeded()) {
        pages.flashNotice(ctx, pages.text(ctx, noticeKey));
        pages.redirect(ctx, path);
      } else if (ar.cause() instanceof ApiException e && answerable(e)) {
        pages.flashError(ctx, pages.problem(ctx, e));
        pages.redirect(ctx, path);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  /** Bad input, or nothing to withdraw or answer (another owner was quicker): said on the page; a missing org is not. */
  private static boolean answerable(ApiException e) {
    return e.status() == 400 || e.status() == 404 && !"org not found".equals(e.getMessage());
  }

  /** {@code /orgs/:slug/members}: the team's view of the org's stakeholders, staff requests first. */
  private void members(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    String slug = ctx.pathParam("slug");
    pages.render(ctx, "org-members", stakeholders.roster(caller, slug).map(roster -> {
      JsonArray requests = new JsonArray();
      JsonArray declared = new JsonArray();
      for (Object o : roster.stakeholders()) {
        JsonObject s = ((JsonObject) o).copy();
        s.put("typeLabel", texts.label(ctx, s.getString("type"))).put("revocable", "confirmed".equals(s.getString("status")))
            .put("statusText", pages.text(ctx, "stakeholder.status." + s.getString("status"), "type",
                texts.label(ctx, s.getString("type"))));
        ("requested".equals(s.getString("status")) ? requests : declared).add(s);
      }
      String name = roster.org().name();
      List<Crumb> trail = pages.trail(ctx, new Crumb(name, "/orgs/" + roster.org().slug()));
      return pages.frame(ctx, pages.text(ctx, "stakeholder.membersTitle", "org", name))
          .put("org", roster.org().toJson()).put("canConfirm", roster.canConfirm())
          .put("requests", requests).put("declared", declared).put("breadcrumbs", Crumb.toJson(trail));
    }));
  }
}
