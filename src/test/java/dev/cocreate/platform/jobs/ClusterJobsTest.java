package dev.cocreate.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Cluster jobs: two nodes on one database run each periodic job once per period")
class ClusterJobsTest {
  @RegisterExtension static final CocreateServer nodeA = CocreateServer.start();
  static TestServer nodeB;

  @BeforeAll
  static void start() {
    nodeB = TestServer.startOn(nodeA.dbUrl(), new JsonObject());
    TestDatabase.execOn(nodeA.dbUrl(), """
        create table test_job_log (job text not null, node text not null,
          started_at timestamptz not null, ended_at timestamptz not null)""");
  }

  @AfterAll
  static void stop() {
    nodeB.close();
  }

  /**
   * Registers the same job on both nodes; each run logs its node and its claim time (the
   * transaction's now(), which is what the claim compares).
   */
  static void registerOnBoth(String name, Duration period) {
    for (TestServer node : List.of(nodeA.node(), nodeB)) {
      String label = node == nodeA.node() ? "A" : "B";
      node.server().app().jobs().register(name, period, tx -> tx.preparedQuery(
              "insert into test_job_log values ($1, $2, now(), clock_timestamp())")
          .execute(Tuple.of(name, label)));
    }
  }

  record Run(String node, OffsetDateTime start, OffsetDateTime end) {}

  static List<Run> runs(String job) {
    DbTarget t = DbTarget.parse(nodeA.dbUrl());
    List<Run> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select node, started_at, ended_at from test_job_log where job = '" + job
            + "' order by started_at")) {
      while (rs.next()) {
        out.add(new Run(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getObject(3, OffsetDateTime.class)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Test
  @DisplayName("a job with a 400 ms period, ticked by both nodes every 80 ms, runs at most once per 400 ms, and keeps running")
  void oncePerPeriodAcrossNodes() {
    Duration period = Duration.ofMillis(400);
    registerOnBoth("every-400ms", period);
    // Each node ticks it about five times a period: without the claim it would run about ten
    // times a period. How soon the runs come depends on the machine; their spacing is the rule.
    Eventually.until("six runs of every-400ms", () -> runs("every-400ms").size() >= 6);
    nodeA.server().app().jobs().stop(); // not needed for the assertion, but keeps the count still
    nodeB.server().app().jobs().stop();
    List<Run> runs = runs("every-400ms");
    for (int i = 1; i < runs.size(); i++) {
      Duration gap = Duration.between(runs.get(i - 1).start(), runs.get(i).start());
      assertThat(gap).as("gap between run %d and %d", i - 1, i).isGreaterThanOrEqualTo(period);
    }
  }

  @Test
  @DisplayName("a run that takes longer than a tick is never overlapped by the other node")
  void slowRunsDoNotOverlap() {
    ClusterJobs a = new ClusterJobs(nodeA.server().vertx(), nodeA.server().app().db(), "A");
    ClusterJobs b = new ClusterJobs(nodeB.server().vertx(), nodeB.server().app().db(), "B");
    for (ClusterJobs jobs : List.of(a, b)) {
      String label = jobs == a ? "A" : "B";
      jobs.register("slow", Duration.ofMillis(50), tx -> tx.preparedQuery("""
              with s as (select clock_timestamp() as t0, pg_sleep(0.25))
              insert into test_job_log select 'slow', $1, s.t0, clock_timestamp() from s""")
          .execute(Tuple.of(label)));
      jobs.start();
    }
    Eventually.until("four slow runs", () -> runs("slow").size() >= 4);
    a.stop();
    b.stop();
    // A run still in flight commits its row later or never; the rows committed so far are what is checked.
    List<Run> runs = runs("slow");
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).start()).as("run %d starts after run %d ended", i, i - 1)
          .isAfterOrEqualTo(runs.get(i - 1).end());
    }
  }

  @Test
  @DisplayName("a failed run gives its claim back: the next tick, on either node, runs it again")
  void failedRunIsRetried() {
    ClusterJobs a = new ClusterJobs(nodeA.server().vertx(), nodeA.server().app().db(), "A");
    AtomicInteger attempts = new AtomicInteger();
    a.register("flaky", Duration.ofHours(1), tx -> attempts.incrementAndGet() == 1
        ? Future.failedFuture(new IllegalStateException("first run fails"))
        : tx.query("insert into test_job_log values ('flaky', 'A', now(), now())").execute());
    ClusterJobs.Job job = a.job("flaky");
    assertThat(await(a.tick(job))).as("the failing run").isFalse();
    assertThat(await(a.tick(job))).as("the retry").isTrue();
    assertThat(await(a.tick(job))).as("a third tick within the hour").isFalse();
    assertThat(runs("flaky")).hasSize(1);
    assertThat(TestDatabase.queryLong(nodeA.dbUrl(), "select runs from job_runs where name = 'flaky'")).isEqualTo(1);
  }

  @Test
  @DisplayName("the challenge clock ticks on both nodes, yet a challenge past its deadline moves to review once")
  void challengeAutoCloseOnce() {
    TestHttp owner = nodeA.http();
    owner.register("clock_owner");
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "clock-firm").put("name", "Clock firm")).status())
        .isEqualTo(201);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Resp draft = owner.post("/api/challenges", new JsonObject().put("org", "clock-firm")
          .put("title", "Due " + i).put("summary", "S").put("problem", "P").put("desiredOutcomes", "O")
          .put("criteria", new JsonArray().add(new JsonObject().put("name", "Fit").put("weight", 1)))
          .put("ipTerms", "Shared").put("closesAt", OffsetDateTime.now().plusDays(1).withNano(0).toString()));
      long id = draft.json().getLong("id");
      assertThat(owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")).status())
          .isEqualTo(200);
      ids.add(id);
    }
    String in = ids.toString().replace("[", "(").replace("]", ")");
    TestDatabase.execOn(nodeA.dbUrl(), "update challenges set closes_at = now() - interval '1 second' where id in " + in);
    Eventually.until("both nodes' challenge clocks to move all five", () -> TestDatabase.queryLong(nodeA.dbUrl(),
        "select count(*) from challenges where phase = 'review' and id in " + in) == 5);
    // What each node's clock runs on every tick, run again on both: nothing is left to move.
    for (TestServer node : List.of(nodeA.node(), nodeB, nodeA.node(), nodeB)) {
      assertThat(result(node.server().app().challenges().challenges().closeDue())).as("moved by a later tick").isEmpty();
    }
    assertThat(TestDatabase.queryLong(nodeA.dbUrl(), "select count(*) from events where type = 'challenge.transition'"
        + " and data->>'to' = 'review' and (data->>'challengeId')::bigint in " + in)).as("one announcement each").isEqualTo(5);
  }

  static boolean await(Future<Boolean> f) {
    try {
      return f.recover(e -> Future.succeededFuture(false)).toCompletionStage().toCompletableFuture().get(10,
          TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T result(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
