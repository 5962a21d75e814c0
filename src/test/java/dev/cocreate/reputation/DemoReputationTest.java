package dev.cocreate.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.DemoCommunity;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The demo community's members have the reputation its own events earned them")
class DemoReputationTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  @Test
  @DisplayName("non-zero reputations, in ideation and building, that the recompute rebuilds unchanged from the demo's votes and answers")
  void demoReputationsAreEarned() {
    DemoCommunity.seed(server.node());
    Community community = Community.in(server);
    assertThat(community.count("select count(*) from users where reputation > 0")).isGreaterThanOrEqualTo(3);
    // Dave's compostable pouches were shortlisted by the firm: ideation.
    JsonObject dave = community.reputation("dave");
    assertThat(dave.getJsonObject("reputationBreakdown").getInteger("ideation")).isPositive();
    assertThat(community.count("select count(*) from users u where u.reputation > 0 and exists "
        + "(select 1 from reputation_ledger l where l.user_id = u.id and l.category = 'building')")).isPositive();
    // Every point comes from a row of the ledger, and the rows from the demo's own events.
    assertThat(community.count("select count(*) from users u where u.reputation <> "
        + "(select coalesce(sum(points), 0) from reputation_ledger l where l.user_id = u.id)")).isZero();
    var before = community.reputationSnapshot();
    assertThat(community.recomputeReputation()).isZero();
    assertThat(community.reputationSnapshot()).isEqualTo(before);
  }
}
