package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The demo community has a forum worth looking at")
class DemoForumSeedTest {
  @RegisterExtension static final CocreateServer node = CocreateServer.start();

  @Test
  @DisplayName("spaces of every visibility, a thread nested five deep, votes, an edit and their live events")
  void seedsTheForum(TestServer server) throws Exception {
    new Demo(server.server().app()).seedIfEmpty().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    TestHttp anon = server.http();
    assertThat(anon.get("/api/spaces").body()).contains("general", "ideas-lab").doesNotContain("members-lounge", "frontline");
    TestHttp alice = server.http();
    Resp login = alice.post("/api/auth/login", new JsonObject().put("login", "alice").put("password", Demo.PASSWORD));
    alice.token(login.json().getString("token"));
    assertThat(alice.get("/api/spaces").body()).contains("members-lounge", "frontline");
    TestHttp carol = server.http();
    carol.token(carol.post("/api/auth/login", new JsonObject().put("login", "carol").put("password", Demo.PASSWORD))
        .json().getString("token"));
    assertThat(carol.get("/api/spaces/frontline").status()).isEqualTo(404);

    long welcome = anon.get("/api/spaces/general/threads").items().getJsonObject(0).getLong("id");
    assertThat(anon.get("/api/threads/" + welcome).json().getInteger("voteScore")).isEqualTo(3);
    var posts = anon.get("/api/threads/" + welcome + "/posts?limit=100").items();
    int deepest = posts.stream().mapToInt(p -> ((JsonObject) p).getInteger("depth")).max().orElse(0);
    assertThat(deepest).isGreaterThanOrEqualTo(4);
    assertThat(posts.stream().anyMatch(p -> ((JsonObject) p).containsKey("editedAt"))).isTrue();
    String url = server.dbUrl();
    assertThat(TestDatabase.queryLong(url, "select count(*) from post_revisions where reason = 'clarify'")).isEqualTo(1);
    assertThat(TestDatabase.queryLong(url, "select count(*) from events where type = 'post.created'")).isGreaterThan(8);
    // Ideas the demo challenge seeds have threads of their own; these are the forum's.
    assertThat(TestDatabase.queryLong(url, "select count(*) from events where type = 'thread.created' and not data ? 'ideaId'"))
        .isEqualTo(4);
  }
}
