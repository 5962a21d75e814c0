package dev.cocreate.codesign;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.moderation.Flag;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** An idea's reward split over the API: read, proposed, consented to or declined, and disputed. */
public final class SplitRoutes {
  private final RewardSplits splits;

  public SplitRoutes(RewardSplits splits) {
    this.splits = splits;
  }

  public void mount(Router api) {
    api.get("/ideas/:id/split").handler(this::read);
    api.put("/ideas/:id/split").handler(this::propose);
    api.post("/ideas/:id/split/consent").handler(ctx -> answer(ctx, true));
    api.post("/ideas/:id/split/decline").handler(ctx -> answer(ctx, false));
    api.post("/ideas/:id/split/dispute").handler(this::dispute);
  }

  private void read(RoutingContext ctx) {
    respond(ctx, splits.view(AuthHandler.caller(ctx), idParam(ctx, "id")), RewardSplits.View::toJson);
  }

  private void propose(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    SplitProposal proposal = SplitProposal.from(body(ctx));
    respond(ctx, splits.propose(c, id, proposal), RewardSplit::toJson);
  }

  private void answer(RoutingContext ctx, boolean consent) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    // The body is optional: {"round": n} pins the answer to the proposal read.
    var buf = ctx.body().buffer();
    SplitAnswer a = buf == null || buf.length() == 0 ? SplitAnswer.ANY_ROUND : SplitAnswer.from(body(ctx));
    respond(ctx, consent ? splits.consent(c, id, a.round()) : splits.decline(c, id, a.round()), RewardSplit::toJson);
  }

  private void dispute(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    CreditDispute d = CreditDispute.from(body(ctx));
    respond(ctx, 201, splits.dispute(c, id, d), Flag::toJson);
  }
}
