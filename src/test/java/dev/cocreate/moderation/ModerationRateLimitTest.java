package dev.cocreate.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Flagging is rate limited by trust level")
class ModerationRateLimitTest {
  /** The limits' clock, moved on by the test: a window passes without sleeping. */
  static final TestClock clock = new TestClock();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("rateLimits", "on").put("moderation", new JsonObject()
        .put("rateLimits", new JsonObject()
            .put("flag", rates("2/2s", "4/2s", "50/1m", "50/1m")))), clock);
  static Community community;
  static long thread;
  static List<Long> posts = new ArrayList<>();

  static JsonArray rates(String... perLevel) {
    return new JsonArray(List.of((Object[]) perLevel));
  }

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("rate");
    community.space("general", "public");
    TestHttp op = community.member("rate_op", 1);
    thread = community.thread(op, "general", "Targets").getLong("id");
    for (int i = 0; i < 8; i++) {
      posts.add(community.reply(op, thread, "target " + i).getLong("id"));
    }
  }

  @Test
  @DisplayName("a level-0 member's third flag within the window is 429 with Retry-After, and the limit resets")
  void flagBurstAndReset() {
    TestHttp fresh = community.member("rate_fresh", 0);
    assertThat(community.flag(fresh, posts.get(0), "spam").status()).isEqualTo(201);
    assertThat(community.flag(fresh, posts.get(1), "spam").status()).isEqualTo(201);
    Resp limited = community.flag(fresh, posts.get(2), "spam");
    assertThat(limited.status()).isEqualTo(429);
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 2L);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    assertThat(community.count("select count(*) from flags where flagger_id = " + community.userId("rate_fresh"))).isEqualTo(2);
    clock.advance(Duration.ofSeconds(retryAfter));
    assertThat(community.flag(fresh, posts.get(2), "spam").status()).isEqualTo(201);
  }

  @Test
  @DisplayName("a level-1 member has the larger level-1 limit; the limits are per member")
  void higherLevelHigherLimit() {
    TestHttp trusted = community.member("rate_trusted", 1);
    for (int i = 0; i < 4; i++) {
      assertThat(community.flag(trusted, posts.get(4 + i), "spam").status()).as("flag " + (i + 1)).isEqualTo(201);
    }
    assertThat(community.flag(trusted, posts.get(3), "spam").status()).isEqualTo(429);
    TestHttp other = community.member("rate_other", 0);
    assertThat(community.flag(other, posts.get(3), "spam").status()).as("someone else's bucket").isEqualTo(201);
  }

  @Test
  @DisplayName("the thread page's flag form spends the same limit as the API: a third flag by form is refused with 429")
  void formAndApiShareTheLimit() {
    TestHttp api = community.member("rate_both", 0);
    assertThat(community.flag(api, posts.get(5), "spam").status()).isEqualTo(201);
    assertThat(community.flag(api, posts.get(6), "spam").status()).isEqualTo(201);

    TestHttp browser = server.http();
    browser.getHtml("/login");
    assertThat(browser.form("/login", Map.of("login", "rate_both", "password", "correct horse battery", "_csrf",
        browser.cookie("cc_csrf"))).status()).isEqualTo(303);
    Resp limited = browser.form("/posts/" + posts.get(7) + "/flag", Map.of("_csrf", browser.cookie("cc_csrf"),
        "reason", "spam"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotNull();
    assertThat(limited.header("Content-Type")).startsWith("text/html");
    assertThat(community.count("select count(*) from flags where flagger_id = " + community.userId("rate_both"))).isEqualTo(2);
  }
}
