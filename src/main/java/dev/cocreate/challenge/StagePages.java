package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What the support stages and budget add to the challenge and idea pages: a member's "N of M
 * supports left" and the author's resubmit button's action ({@code POST /i/:id/resubmit}).
 */
final class StagePages {
  private final Pages pages;
  private final IdeaService ideas;
  private final Database db;

  StagePages(Pages pages, IdeaService ideas, Database db) {
    this.pages = pages;
    this.ideas = ideas;
    this.db = db;
  }

  /**
   * Adds {@code supportBudget: {left, of, text}} to a page's model whose {@code challenge} has a
   * budget, for a signed-in member: what they may still support there.
   */
  Future<JsonObject> withBudget(RoutingContext ctx, Caller caller, JsonObject model) {
    JsonObject challenge = model.getJsonObject("challenge");
    Integer budget = challenge == null ? null : challenge.getInteger("supportBudget");
    if (budget == null || !caller.signedIn()) {
      return Future.succeededFuture(model);
    }
    return SupportBudget.spent(db.pool(), challenge.getLong("id"), caller.id()).map(spent -> {
      int left = Math.max(0, budget - spent);
      return model.put("supportBudget", new JsonObject().put("left", left).put("of", budget)
          .put("text", pages.text(ctx, "idea.supportsLeft", "left", left, "of", budget)));
    });
  }

  /** {@code POST /i/:id/resubmit}: the author puts their expired idea back on the stages; back to its page. */
  void resubmit(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    ideas.resubmit(caller, id).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      pages.flashNotice(ctx, pages.text(ctx, "flash.ideaResubmitted"));
      pages.redirect(ctx, "/i/" + id);
    });
  }
}
