package dev.cocreate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.db.StatementCounter;
import dev.cocreate.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The statement counter sees every statement of its request, and only those")
class StatementCounterTest {
  @Test
  @DisplayName("five statements, sequential, parallel and in a transaction, count five; another request's do not count")
  void countsPerRequest() throws Exception {
    Vertx vertx = Vertx.builder().withTracer(StatementCounter.FACTORY).build();
    Database db = new Database(vertx, DbTarget.parse(TestDatabase.get().freshDatabaseUrl()), 4);
    try {
      // Each HTTP request runs on a duplicated context of its own; two of them here.
      ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
      ContextInternal other = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
      Promise<List<Integer>> counted = Promise.promise();
      request.runOnContext(v -> {
        try {
          StatementCounter.begin();
        } catch (RuntimeException e) {
          counted.fail(e);
          return;
        }
        other.runOnContext(w -> db.pool().query("select 1").execute());
        db.pool().query("select 1").execute()
            .compose(r -> Future.all(
                db.pool().preparedQuery("select $1::int").execute(Tuple.of(2)),
                db.pool().preparedQuery("select $1::int").execute(Tuple.of(3))))
            .compose(r -> db.tx(conn -> conn.preparedQuery("select $1::int").execute(Tuple.of(4))
                .compose(x -> conn.query("select 5").execute())))
            .onComplete(ar -> {
              if (ar.failed()) {
                counted.fail(ar.cause());
              } else {
                counted.complete(List.of(StatementCounter.current()));
              }
            });
      });
      List<Integer> result = counted.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(result).containsExactly(5);
    } finally {
      // Closing Vert.x closes the pool with it.
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
