package dev.cocreate.jury;

import static dev.cocreate.platform.http.Http.body;
import static dev.cocreate.platform.http.Http.idParam;
import static dev.cocreate.platform.http.Http.respond;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** A challenge's jury, a judge's conflicts and scores, and the scores' tally. */
public final class JuryRoutes {
  private final JuryService jury;

  public JuryRoutes(JuryService jury) {
    this.jury = jury;
  }

  public void mount(Router api) {
    api.get("/challenges/:id/jury").handler(this::get);
    api.put("/challenges/:id/jury").handler(this::name);
    api.get("/challenges/:id/scores").handler(this::scores);
    api.post("/ideas/:id/conflict").handler(this::conflict);
    api.put("/ideas/:id/score").handler(this::score);
  }

  private void get(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, jury.jury(c, idParam(ctx, "id")), j -> j);
  }

  private void name(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    JuryNaming naming = JuryNaming.from(body(ctx));
    respond(ctx, jury.name(c, id, naming), j -> j);
  }

  private void scores(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, jury.scores(c, idParam(ctx, "id")), j -> j);
  }

  private void conflict(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    respond(ctx, jury.conflict(c, idParam(ctx, "id")), j -> j);
  }

  private void score(RoutingContext ctx) {
    Caller c = AuthHandler.requireUser(ctx);
    long id = idParam(ctx, "id");
    ScoreSheet sheet = ScoreSheet.from(body(ctx));
    respond(ctx, jury.score(c, id, sheet), j -> j);
  }
}
