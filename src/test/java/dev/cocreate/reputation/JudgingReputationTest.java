package dev.cocreate.reputation;

import static dev.cocreate.support.Community.score;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Reputation for evaluation: a judge who judged a challenge through earns once, when it is decided")
class JudgingReputationTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("scoring every idea (a declared conflict counts as done) earns 10 for evaluation; a judge who left one unscored earns nothing; the recompute agrees")
  void judgedThroughEarnsOnce() {
    TestHttp firm = community.freshMember("jr_firm");
    String org = community.org(firm);
    TestHttp author = community.freshMember("jr_author");
    Community.Reviewed r = community.challengeInReview(firm, org, new JsonObject(), author, "Crates", "Pallets", "Straps");
    TestHttp ann = community.freshMember("jr_ann");
    TestHttp ben = community.freshMember("jr_ben");
    community.nameJury(firm, r.challengeId(), ann, ben);
    List<Long> ideas = r.ideaIds();
    assertThat(ann.post("/api/ideas/" + ideas.get(0) + "/conflict", new JsonObject()).status()).isEqualTo(200);
    for (long idea : ideas.subList(1, 3)) {
      assertThat(score(ann, idea, "Ann", "Weight saved", 7, "Cost", 6).status()).isEqualTo(200);
    }
    assertThat(score(ben, ideas.get(0), "Ben", "Weight saved", 5, "Cost", 5).status()).isEqualTo(200);
    String annName = community.username(ann);
    String benName = community.username(ben);
    assertThat(community.reputationOf(annName)).as("nothing before the decision: scores may still change").isZero();

    community.moveChallenge(firm, r.challengeId(), "decided");
    JsonObject annNow = community.reputation(annName);
    assertThat(annNow.getInteger("reputation")).isEqualTo(10);
    assertThat(annNow.getJsonObject("reputationBreakdown").getInteger("evaluation")).isEqualTo(10);
    assertThat(community.reputationOf(benName)).as("ben left two ideas unscored").isZero();

    community.moveChallenge(firm, r.challengeId(), "closed");
    assertThat(community.reputationOf(annName)).as("closing earns nothing more").isEqualTo(10);
    assertThat(community.recomputeReputation()).as("totals the recompute corrected").isZero();
    assertThat(community.reputationOf(annName)).isEqualTo(10);
  }
}
