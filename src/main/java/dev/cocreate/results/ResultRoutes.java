package dev.cocreate.results;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** /api/challenges/{id}/results and /api/results/{id}: results, their updates and ratings. */
public final class ResultRoutes {
  private final ResultService results;

  public ResultRoutes(ResultService results) {
    this.results = results;
  }

  public void mount(Router api) {
    api.post("/challenges/:id/results").handler(this::record);
    api.get("/challenges/:id/results").handler(this::list);
    api.get("/results/:id").handler(this::get);
    api.post("/results/:id/updates").handler(this::update);
    api.put("/results/:id/rating").handler(this::rate);
  }

  private void record(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    NewResult req = NewResult.from(body(ctx));
    respond(ctx, 201, results.record(c, id, req), ResultService.View::toJson);
  }

  private void list(RoutingContext ctx) {
    respond(ctx, results.ofChallenge(AuthHandler.caller(ctx), idParam(ctx, "id")), board -> {
      JsonArray items = new JsonArray();
      board.results().forEach(v -> items.add(v.toJson()));
      return new JsonObject().put("items", items).put("canRecord", board.canRecord()).put("nextCursor", null);
    });
  }

  private void get(RoutingContext ctx) {
    respond(ctx, results.get(AuthHandler.caller(ctx), idParam(ctx, "id")), ResultService.View::toJson);
  }

  private void update(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    ResultUpdate req = ResultUpdate.from(body(ctx));
    respond(ctx, 201, results.update(c, id, req), ResultService.View::toJson);
  }

  private void rate(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    ResultRating req = ResultRating.from(body(ctx));
    respond(ctx, results.rate(c, id, req), ResultService.View::toJson);
  }
}
