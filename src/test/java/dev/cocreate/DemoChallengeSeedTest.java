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
  @DisplayName("acme's open challenge: ideas at several statuses, one a support short, official answers, a draft for the team")
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
  }
}
