package dev.cocreate.stakeholder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Community.TokenMember;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A challenge's required share of a stakeholder type gates its threshold")
class SupportShareThresholdTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("dbPoolSize", 12));
  static Community community;
  static TestHttp owner;
  static String org;

  @BeforeAll
  static void setUp() {
    community = Community.in(server);
    owner = community.freshMember("shareowner");
    org = community.org(owner);
  }

  /** An open challenge of the firm whose threshold is {@code threshold} and that requires {@code percent}% of {@code type}. */
  static long challenge(int threshold, String type, int percent) {
    return community.openChallenge(owner, org, new JsonObject().put("supportThreshold", threshold)
        .put("minSupportShare", new JsonObject().put("type", type).put("percent", percent)));
  }

  static long idea(long challenge, String title) {
    TokenMember author = community.tokenMembers("shareauthor", 1).get(0);
    Resp r = community.as(author, "POST", "/api/challenges/" + challenge + "/ideas", Community.idea(title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static List<TokenMember> members(String prefix, String type, int n) {
    return community.stakeholders(org, prefix, type, n);
  }

  static Resp supportResp(TokenMember who, long ideaId) {
    return community.as(who, "PUT", "/api/ideas/" + ideaId + "/support", new JsonObject());
  }

  static JsonObject support(TokenMember who, long ideaId) {
    Resp r = supportResp(who, ideaId);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static String status(long ideaId) {
    return community.strings("select status from ideas where id = " + ideaId).get(0);
  }

  static long thresholdCredits(long ideaId) {
    return community.count("select count(*) from reputation_ledger where kind = 'idea_threshold' and source = 'idea:" + ideaId + "'");
  }

  static long thresholdEvents(long challenge, long ideaId) {
    return community.count("select count(*) from events where topic = 'challenge:" + challenge
        + "' and type = 'idea.threshold_reached' and data->>'ideaId' = '" + ideaId + "'");
  }

  @Test
  @DisplayName("30% customers required: confirmed staff support alone does not move the idea to review; customers bringing the share to 30% do, once")
  void staffAloneIsNotEnough() {
    long challenge = challenge(3, "customer", 30);
    assertThat(owner.get("/api/challenges/" + challenge).json().getJsonObject("minSupportShare"))
        .isEqualTo(new JsonObject().put("type", "customer").put("percent", 30));
    long idea = idea(challenge, "Refill stations");
    for (TokenMember staff : members("sharestaff", "staff", 4)) {
      community.confirmStaff(owner, org, staff.username());
      assertThat(support(staff, idea).getBoolean("reachedThreshold")).isFalse();
    }
    assertThat(status(idea)).isEqualTo("submitted");
    assertThat(community.count("select count(*) from ideas where id = " + idea + " and threshold_reached_at is null")).isEqualTo(1);
    List<TokenMember> customers = members("sharecust", "customer", 2);
    assertThat(support(customers.get(0), idea).getBoolean("reachedThreshold")).as("1 of 5 is a customer").isFalse();
    assertThat(status(idea)).isEqualTo("submitted");
    assertThat(support(customers.get(1), idea).getBoolean("reachedThreshold")).as("2 of 6 are customers").isTrue();
    assertThat(status(idea)).isEqualTo("in_review");
    assertThat(thresholdCredits(idea)).isEqualTo(1);
    assertThat(thresholdEvents(challenge, idea)).isEqualTo(1);
  }

  @Test
  @DisplayName("an owner's staff confirmation rechecks the share: the idea reaches its threshold when the confirmation brings it there")
  void confirmationRechecks() {
    long challenge = challenge(3, "staff", 50);
    long idea = idea(challenge, "Staff-backed rota");
    List<TokenMember> requested = members("sharereq", "staff", 2);
    requested.forEach(m -> support(m, idea));
    support(members("shareother", null, 1).get(0), idea);
    assertThat(status(idea)).as("requests count as nothing: 0 of 3 are staff").isEqualTo("submitted");
    community.confirmStaff(owner, org, requested.get(0).username());
    assertThat(status(idea)).as("1 of 3 is staff").isEqualTo("submitted");
    community.confirmStaff(owner, org, requested.get(1).username());
    assertThat(status(idea)).as("2 of 3 are staff").isEqualTo("in_review");
    assertThat(thresholdCredits(idea)).isEqualTo(1);
    assertThat(thresholdEvents(challenge, idea)).isEqualTo(1);
  }

  @Test
  @DisplayName("a withdrawal rechecks the share: the remaining supports can hold it")
  void withdrawalRechecks() {
    long challenge = challenge(2, "customer", 50);
    long idea = idea(challenge, "Repair cafe");
    TokenMember supplier = members("sharesup", "supplier", 1).get(0);
    support(supplier, idea);
    support(members("sharenone", null, 1).get(0), idea);
    support(members("sharecust", "customer", 1).get(0), idea);
    assertThat(status(idea)).as("1 of 3 is a customer").isEqualTo("submitted");
    Resp r = community.as(supplier, "DELETE", "/api/ideas/" + idea + "/support", null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getBoolean("reachedThreshold")).isTrue();
    assertThat(status(idea)).as("1 of 2 is a customer").isEqualTo("in_review");
  }

  @Test
  @DisplayName("a merge decides the surviving idea's share with the supports it brings")
  void mergeRechecks() {
    long challenge = challenge(3, "customer", 30);
    long survivor = idea(challenge, "Shared vans");
    long duplicate = idea(challenge, "Shared vans, again");
    members("sharemstaff", "staff", 2).forEach(m -> {
      community.confirmStaff(owner, org, m.username());
      support(m, survivor);
    });
    support(members("sharemcust", "customer", 1).get(0), duplicate);
    assertThat(status(survivor)).isEqualTo("submitted");
    Resp merged = owner.post("/api/ideas/" + duplicate + "/merge", new JsonObject().put("into", survivor));
    assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
    assertThat(status(survivor)).as("3 supports, 1 of them a customer's").isEqualTo("in_review");
    assertThat(thresholdCredits(survivor)).isEqualTo(1);
  }

  @Test
  @DisplayName("supports and staff confirmations racing each other: the idea reaches its threshold exactly once, and is not left behind")
  void concurrentSupportsAndConfirmations() {
    long challenge = challenge(4, "staff", 60);
    long idea = idea(challenge, "Night-shift kiosks");
    List<TokenMember> requested = members("sharerace", "staff", 6);
    List<Integer> statuses = Community.parallel(12, 12, i -> i < 6
        ? supportResp(requested.get(i), idea).status()
        : owner.post("/api/orgs/" + org + "/stakeholders/" + requested.get(i - 6).username() + "/confirm",
            new JsonObject()).status());
    assertThat(statuses.subList(0, 6)).containsOnly(200);
    assertThat(statuses.subList(6, 12)).containsOnly(204);
    assertThat(status(idea)).isEqualTo("in_review");
    assertThat(thresholdCredits(idea)).isEqualTo(1);
    assertThat(thresholdEvents(challenge, idea)).isEqualTo(1);
  }

  @Test
  @DisplayName("the required share is checked when written: a known type and a whole percent from 1 to 100, fixed once open")
  void shareValidation() {
    Resp bad = owner.post("/api/challenges", Community.brief(org)
        .put("minSupportShare", new JsonObject().put("type", "investor").put("percent", 120)));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("minSupportShare.type");
    Resp percent = owner.post("/api/challenges", Community.brief(org)
        .put("minSupportShare", new JsonObject().put("type", "customer").put("percent", 0)));
    assertThat(percent.body()).contains("minSupportShare.percent");
    long open = challenge(3, "customer", 30);
    Resp change = owner.patch("/api/challenges/" + open, new JsonObject()
        .put("minSupportShare", new JsonObject().put("type", "customer").put("percent", 10)));
    assertThat(change.status()).as(change.toString()).isEqualTo(409);
    Resp same = owner.patch("/api/challenges/" + open, new JsonObject().put("summary", "A new summary")
        .put("minSupportShare", new JsonObject().put("type", "customer").put("percent", 30)));
    assertThat(same.status()).as("the same share again is no change").isEqualTo(200);
  }
}
