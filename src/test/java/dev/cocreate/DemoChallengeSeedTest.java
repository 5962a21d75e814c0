package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The demo firm has an open challenge worth looking at")
class DemoChallengeSeedTest {
  @RegisterExtension static final CocreateServer node = CocreateServer.start();

  @Test
  @DisplayName("acme's open challenge: ideas at several statuses, one a support short, official answers, a draft for the team; its network's group space and facilitator")
  void seedsTheChallenge(TestServer server) throws Exception {
    new Demo(server.server().app()).seedIfEmpty().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    TestHttp anon = server.http();
    var open = anon.get("/api/challenges?status=open&org=acme").items();
    assertThat(open).hasSize(1);
    long id = open.getJsonObject(0).getLong("id");
    var ideas = anon.get("/api/challenges/" + id + "/ideas?sort=support").items();
    List<String> statuses = ideas.stream().map(o -> ((JsonObject) o).getString("status")).distinct().toList();
    assertThat(statuses).contains("submitted", "shortlisted", "declined");
    JsonObject top = ideas.getJsonObject(0);
    assertThat(top.getInteger("supportCount")).isEqualTo(top.getInteger("supportThreshold") - 1);
    assertThat(ideas.stream().anyMatch(o -> !((JsonObject) o).getJsonArray("responses").isEmpty())).isTrue();
    assertThat(ideas.stream().allMatch(o -> ((JsonObject) o).getLong("threadId") != null)).isTrue();
    assertThat(anon.get("/api/orgs/acme").json().getJsonArray("challenges")).hasSize(1);

    TestHttp bob = server.http();
    bob.token(bob.post("/api/auth/login", new JsonObject().put("login", "bob").put("password", Demo.PASSWORD))
        .json().getString("token"));
    assertThat(bob.get("/api/orgs/acme").json().getJsonArray("challenges")).hasSize(2);
    assertThat(bob.get("/api/orgs/acme/stats").status()).isEqualTo(200);

    // Acme's network: a group space for its field testers, run by the facilitator the firm named,
    // and private to its members.
    TestHttp carol = server.http();
    carol.token(carol.post("/api/auth/login", new JsonObject().put("login", "carol").put("password", Demo.PASSWORD))
        .json().getString("token"));
    assertThat(carol.get("/api/spaces/acme-field-testers/facilitators").body()).contains("\"carol\"");
    assertThat(anon.get("/api/spaces/acme-field-testers").status()).isEqualTo(404);
    assertThat(carol.get("/api/orgs/acme/stakeholder").json().getString("type")).isEqualTo("customer");
  }

  @Test
  @DisplayName("a whole round at first start: rivet's decided round was judged, answered with rationales, its result "
      + "delivered and rated, and its next round is open and linked to it")
  void seedsAWholeRound(TestServer server) throws Exception {
    new Demo(server.server().app()).seedIfEmpty().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    TestHttp anon = server.http();
    var decided = anon.get("/api/challenges?status=decided&org=" + RoundDemo.ORG).items();
    assertThat(decided).hasSize(1);
    JsonObject finished = anon.get("/api/challenges/" + decided.getJsonObject(0).getLong("id")).json();
    long finishedId = finished.getLong("id");
    assertThat(finished.getJsonArray("supportStages")).hasSize(2);
    assertThat(finished.getJsonArray("criteria")).hasSize(3);

    var ideas = anon.get("/api/challenges/" + finishedId + "/ideas?sort=support").items();
    List<String> statuses = ideas.stream().map(o -> ((JsonObject) o).getString("status")).toList();
    assertThat(statuses).contains("accepted", "shortlisted", "declined");
    JsonObject declined = ideas.stream().map(o -> (JsonObject) o).filter(o -> "declined".equals(o.getString("status")))
        .findFirst().orElseThrow();
    JsonObject answer = declined.getJsonArray("responses").getJsonObject(declined.getJsonArray("responses").size() - 1);
    assertThat(answer.getJsonObject("rationale").fieldNames())
        .containsExactlyInAnyOrder(RoundDemo.SAFETY, RoundDemo.COST, RoundDemo.REPAIR);

    TestHttp bob = server.http();
    bob.token(bob.post("/api/auth/login", new JsonObject().put("login", "bob").put("password", Demo.PASSWORD))
        .json().getString("token"));
    var scores = bob.get("/api/challenges/" + finishedId + "/scores").json().getJsonArray("items");
    assertThat(scores.stream().map(o -> (JsonObject) o).filter(o -> o.getInteger("judges", 0) > 0).count())
        .isEqualTo(4);
    assertThat(scores.stream().map(o -> (JsonObject) o).anyMatch(o -> o.getInteger("judges", 0) == 1))
        .as("one judge declared a conflict on one idea").isTrue();

    var results = anon.get("/api/challenges/" + finishedId + "/results").items();
    assertThat(results).hasSize(1);
    JsonObject result = results.getJsonObject(0);
    assertThat(result.getString("status")).isEqualTo("delivered");
    assertThat(result.getInteger("progress")).isEqualTo(100);
    assertThat(result.getJsonArray("milestones")).hasSize(3);
    assertThat(result.getJsonArray("updates")).hasSize(3);
    assertThat(result.getJsonObject("rating").getInteger("count")).isEqualTo(3);

    var open = anon.get("/api/challenges?status=open&org=" + RoundDemo.ORG).items();
    assertThat(open).hasSize(1);
    JsonObject next = anon.get("/api/challenges/" + open.getJsonObject(0).getLong("id")).json();
    assertThat(next.getLong("previousRound")).isEqualTo(finishedId);
    assertThat(anon.get("/api/challenges/" + finishedId).json().getLong("nextRound")).isEqualTo(next.getLong("id"));
    assertThat(anon.get("/api/challenges/" + next.getLong("id") + "/ideas").items()).hasSize(2);
  }
}
