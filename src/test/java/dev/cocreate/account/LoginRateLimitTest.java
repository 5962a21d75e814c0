package dev.cocreate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Brute force on login is rate limited")
class LoginRateLimitTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("rateLimits", "on"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("wrong passwords get 429 with Retry-After after the limit; the right password works after the window")
  void bruteForce() throws InterruptedException {
    TestHttp http = server.http();
    http.register("victim");
    int firstLimited = -1;
    Resp limited = null;
    for (int i = 0; i < 15; i++) {
      Resp r = http.post("/api/auth/login", new JsonObject().put("login", "victim").put("password", "guess number " + i));
      if (r.status() == 429) {
        firstLimited = i;
        limited = r;
        break;
      }
      assertThat(r.status()).isEqualTo(401);
    }
    assertThat(firstLimited).as("attempt that was first refused").isBetween(8, 10);
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(limited.json().getInteger("status")).isEqualTo(429);
    // Even the right password is refused while the window is closed...
    assertThat(http.post("/api/auth/login", new JsonObject().put("login", "victim").put("password", "correct horse battery")).status())
        .isEqualTo(429);
    // ...and accepted once the bucket has refilled a token.
    Thread.sleep((retryAfter + 1) * 1000);
    assertThat(http.post("/api/auth/login", new JsonObject().put("login", "victim").put("password", "correct horse battery")).status())
        .isEqualTo(200);
  }
}
