package dev.cocreate.platform.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** Liveness (the process answers) and readiness (the database answers too). */
public final class Health {
  private final Pool pool;

  public Health(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx ->
        pool.query("select 1").execute()
            .timeout(2, TimeUnit.SECONDS)
            .onComplete(ar -> Http.json(ctx, ar.succeeded() ? 200 : 503, new JsonObject()
                .put("status", ar.succeeded() ? "UP" : "DOWN")
                .put("checks", new JsonObject().put("database", ar.succeeded() ? "UP" : "DOWN")))));
  }
}
