package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Posting and voting are rate limited per member when limits are on")
class ForumRateLimitTest {
  static TestServer server;
  static ForumFixture f;
  static TestHttp alice;
  static TestHttp bob;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("rateLimits", "on"));
    f = new ForumFixture(server);
    alice = f.member("alice");
    bob = f.member("bob");
    f.space("general", "public");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("after 30 posts or 120 votes in a minute the answer is 429 with Retry-After; other members are unaffected")
  void limits() {
    JsonObject t = f.thread(alice, "general", "Chatty");
    long id = t.getLong("id");
    long firstId = t.getJsonObject("firstPost").getLong("id");
    // Buckets refill greedily (one post every 2 s, two votes a second), so allow for a few refills.
    Resp limited = null;
    int posts = 1;
    while (posts < 40) {
      Resp r = alice.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "post " + posts));
      if (r.status() == 429) {
        limited = r;
        break;
      }
      assertThat(r.status()).isEqualTo(201);
      posts++;
    }
    assertThat(limited).as("rate limited within 40 posts").isNotNull();
    assertThat(posts).isBetween(30, 35);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
    assertThat(bob.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "still fine")).status()).isEqualTo(201);

    Resp tooMany = null;
    int votes = 0;
    while (votes < 150) {
      Resp r = bob.put("/api/posts/" + firstId + "/vote", new JsonObject().put("value", votes % 2));
      if (r.status() == 429) {
        tooMany = r;
        break;
      }
      assertThat(r.status()).isEqualTo(200);
      votes++;
    }
    assertThat(tooMany).as("rate limited within 150 votes").isNotNull();
    assertThat(votes).isBetween(120, 135);
    assertThat(tooMany.header("Retry-After")).isNotNull();
  }
}
