package dev.cocreate.codesign;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** An idea's co-design over the API: iterations and their diffs, co-authors, amendments and the credit ledger. */
public final class CodesignRoutes {
  private final CodesignService codesign;
  private final CreditLedger ledger;

  public CodesignRoutes(CodesignService codesign, CreditLedger ledger) {
    this.codesign = codesign;
    this.ledger = ledger;
  }

  public void mount(Router api) {
    api.get("/ideas/:id/iterations").handler(this::iterations);
    api.post("/ideas/:id/iterations").handler(this::publish);
    api.get("/ideas/:id/diff").handler(this::diff);
    api.get("/ideas/:id/coauthors").handler(this::coauthors);
    api.post("/ideas/:id/coauthors").handler(this::invite);
    api.post("/ideas/:id/coauthors/accept").handler(ctx -> answer(ctx, true));
    api.post("/ideas/:id/coauthors/decline").handler(ctx -> answer(ctx, false));
    api.get("/ideas/:id/amendments").handler(this::amendments);
    api.post("/ideas/:id/amendments").handler(this::propose);
    api.get("/amendments/:id").handler(this::amendment);
    api.post("/amendments/:id/accept").handler(this::accept);
    api.post("/amendments/:id/decline").handler(this::decline);
    api.get("/ideas/:id/credits").handler(this::credits);
    api.post("/posts/:id/incorporated").handler(this::incorporated);
  }

  private static <T> Function<List<T>, Object> items(Function<T, JsonObject> each) {
    return list -> {
      JsonArray items = new JsonArray();
      list.forEach(x -> items.add(each.apply(x)));
      return new JsonObject().put("items", items);
    };
  }

  private void iterations(RoutingContext ctx) {
    respond(ctx, codesign.iterations(AuthHandler.caller(ctx), idParam(ctx, "id")), CodesignService.Iterations::toJson);
  }

  private void publish(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    NewIteration it = NewIteration.from(body(ctx));
    respond(ctx, 201, codesign.publish(c, id, it), Iteration::toJson);
  }

  private void diff(RoutingContext ctx) {
    long id = idParam(ctx, "id");
    int from = number(ctx, "from");
    int to = number(ctx, "to");
    respond(ctx, codesign.diff(AuthHandler.caller(ctx), id, from, to), CodesignService.Diff::toJson);
  }

  /** An iteration's number from the query: a positive integer. */
  static int number(RoutingContext ctx, String name) {
    String raw = ctx.request().getParam(name);
    try {
      int n = Integer.parseInt(raw == null ? "" : raw.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid(name, "must be an iteration's number");
  }

  private void coauthors(RoutingContext ctx) {
    respond(ctx, codesign.coauthors(AuthHandler.caller(ctx), idParam(ctx, "id")), items(Coauthor::toJson));
  }

  private void invite(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    CoauthorInvite invite = CoauthorInvite.from(body(ctx));
    respond(ctx, 201, codesign.invite(c, id, invite), Coauthor::toJson);
  }

  private void answer(RoutingContext ctx, boolean accept) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, codesign.answerInvite(c, idParam(ctx, "id"), accept), Coauthor::toJson);
  }

  private void amendments(RoutingContext ctx) {
    respond(ctx, codesign.amendments(AuthHandler.caller(ctx), idParam(ctx, "id")), items(Amendment::toJson));
  }

  private void propose(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    NewAmendment a = NewAmendment.from(body(ctx));
    respond(ctx, 201, codesign.propose(c, id, a), Amendment::toJson);
  }

  private void amendment(RoutingContext ctx) {
    respond(ctx, codesign.amendment(AuthHandler.caller(ctx), idParam(ctx, "id")), Amendment::toJson);
  }

  private void accept(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, codesign.accept(c, idParam(ctx, "id")), CodesignService.Accepted::toJson);
  }

  private void decline(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    AmendmentDecline d = AmendmentDecline.from(body(ctx));
    respond(ctx, codesign.decline(c, id, d), Amendment::toJson);
  }

  private void credits(RoutingContext ctx) {
    respond(ctx, ledger.credits(AuthHandler.caller(ctx), idParam(ctx, "id")), items(Credit::toJson));
  }

  private void incorporated(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    ledger.incorporated(c, idParam(ctx, "id")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Http.json(ctx, ar.result().added() ? 201 : 200, ar.result().credit().toJson());
      }
    });
  }
}
