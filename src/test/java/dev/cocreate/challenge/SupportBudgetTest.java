package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Support budgets: counted in the database, given back by declined ideas")
class SupportBudgetTest {
  static final int BUDGET = 5;
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("dbPoolSize", 16));
  static Community community;

  @BeforeAll
  static void setUp() {
    community = Community.in(server);
  }

  static long spent(String username, long challenge) {
    return community.count("select count(*) from idea_supports s join ideas i on i.id = s.idea_id join users u on "
        + "u.id = s.user_id where i.challenge_id = " + challenge + " and u.username = '" + username + "'");
  }

  @Test
  @DisplayName("50 concurrent supports by one member never exceed the budget; the rest are 409 with what remains")
  void concurrentSupportsNeverExceedTheBudget() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.stagedChallenge(owner, org, new JsonArray(), BUDGET, java.time.Instant.now());
    TestHttp author = community.freshMember("author");
    List<Long> ideas = community.ideasViaSql(challenge, community.userId(community.username(author)), 50);
    TestHttp member = community.freshMember("spender");

    List<Resp> answers = Community.parallel(50, 25, k -> Community.send(server.http(), member.token(), "PUT",
        "/api/ideas/" + ideas.get(k) + "/support", null));
    assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(BUDGET);
    List<Resp> refused = answers.stream().filter(r -> r.status() != 200).toList();
    assertThat(refused).hasSize(50 - BUDGET).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
      assertThat(r.json().getInteger("remaining")).isZero();
      assertThat(r.json().getInteger("budget")).isEqualTo(BUDGET);
    });
    assertThat(spent(community.username(member), challenge)).isEqualTo(BUDGET);
    // Supporting again an idea already supported is no new spend, and never refused.
    long supported = ideas.stream().filter(i -> community.count("select count(*) from idea_supports where idea_id = " + i) == 1)
        .findFirst().orElseThrow();
    assertThat(member.put("/api/ideas/" + supported + "/support", null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("A declined idea gives its supports back; a withdrawn support too")
  void aDeclinedIdeaGivesItsSupportsBack() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.stagedChallenge(owner, org, new JsonArray(), 2, java.time.Instant.now());
    TestHttp author = community.freshMember("author");
    List<Long> ideas = community.ideasViaSql(challenge, community.userId(community.username(author)), 4);
    TestHttp member = community.freshMember("spender");
    assertThat(member.put("/api/ideas/" + ideas.get(0) + "/support", null).status()).isEqualTo(200);
    assertThat(member.put("/api/ideas/" + ideas.get(1) + "/support", null).status()).isEqualTo(200);
    assertThat(member.put("/api/ideas/" + ideas.get(2) + "/support", null).status()).isEqualTo(409);

    assertThat(owner.post("/api/ideas/" + ideas.get(0) + "/status", new JsonObject().put("status", "in_review")
        .put("note", "Looking")).status()).isEqualTo(200);
    assertThat(member.put("/api/ideas/" + ideas.get(2) + "/support", null).status()).isEqualTo(409);
    assertThat(owner.post("/api/ideas/" + ideas.get(0) + "/status", new JsonObject().put("status", "declined")
        .put("note", "Not for us")).status()).isEqualTo(200);
    assertThat(member.put("/api/ideas/" + ideas.get(2) + "/support", null).status()).isEqualTo(200);
    assertThat(member.put("/api/ideas/" + ideas.get(3) + "/support", null).status()).isEqualTo(409);

    assertThat(member.delete("/api/ideas/" + ideas.get(1) + "/support").status()).isEqualTo(200);
    assertThat(member.put("/api/ideas/" + ideas.get(3) + "/support", null).status()).isEqualTo(200);
  }
}
