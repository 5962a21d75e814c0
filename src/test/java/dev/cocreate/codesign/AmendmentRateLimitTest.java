package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Amendments are rate limited per member, as each opens a thread")
class AmendmentRateLimitTest {
  static final TestClock clock = new TestClock();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("rateLimits", "on"), clock);

  @Test
  @DisplayName("the 11th amendment in ten minutes is 429 with Retry-After; a malformed one spends nothing; others are unaffected")
  void eleventhIsRefused() {
    Community community = Community.in(server);
    TestHttp author = community.member(Community.unique("author"), 2);
    TestHttp proposer = community.member(Community.unique("proposer"), 2);
    long idea = community.ideaToCodesign(community.member(Community.unique("firm"), 2), author, "Lantern").getLong("id");
    assertThat(proposer.post("/api/ideas/" + idea + "/amendments", new JsonObject()).status()).isEqualTo(400);
    for (int i = 0; i < 10; i++) {
      community.amend(proposer, idea, "Details of a *Lantern*, take " + i, "");
    }
    Resp limited = proposer.post("/api/ideas/" + idea + "/amendments", new JsonObject().put("body", "One more"));
    assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
    community.amend(community.member(Community.unique("other"), 2), idea, "Details of another *Lantern*", "");
    clock.advance(Duration.ofMinutes(10));
    community.amend(proposer, idea, "Details of a *Lantern*, later", "");
  }
}
