package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Support stages: deadlines, extensions and expiry by the cluster clock")
class SupportStagesTest {
  /** Stage deadlines fall by this clock: a test moves it by days instead of waiting. */
  static final TestClock clock = TestClock.startingNow();
  static final JsonObject OVERRIDES = new JsonObject().put("dbPoolSize", 16).put("webhooksAllowPrivate", true);
  @RegisterExtension static final CocreateServer server = CocreateServer.start(OVERRIDES, clock);
  static Community community;

  @BeforeAll
  static void setUp() {
    community = Community.in(server);
  }

  static JsonObject idea(long id) {
    Resp r = server.http().get("/api/ideas/" + id);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  static Instant deadline(JsonObject idea) {
    String d = idea.getJsonObject("stage").getString("deadline");
    return d == null ? null : Instant.parse(d);
  }

  /** Events of the type about the idea on its challenge's topic (the idea's own topic carries a copy). */
  static long events(String type, long ideaId) {
    return community.count("select count(*) from events where topic like 'challenge:%' and type = '" + type
        + "' and data->>'ideaId' = '" + ideaId + "'");
  }

  static long eventsOn(String topic, String type, long ideaId) {
    return community.count("select count(*) from events where topic = '" + topic + "' and type = '" + type
        + "' and data->>'ideaId' = '" + ideaId + "'");
  }

  static long notificationsOf(TestHttp who, String kind, long ideaId) {
    return community.notifications(who).stream()
        .filter(n -> n.getString("kind").equals(kind) && n.getLong("targetId") == ideaId).count();
  }

  @Test
  @DisplayName("A brief's stages must rise and end at the threshold; the challenge and its ideas show them")
  void stagesAreValidatedAndShown() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    JsonObject brief = Community.brief(org).put("supportThreshold", 200);
    Resp falling = owner.post("/api/challenges", brief.copy().put("supportStages", new JsonArray()
        .add(new JsonObject().put("supporters", 100).put("withinDays", 60))
        .add(new JsonObject().put("supporters", 50).put("withinDays", 60))));
    assertThat(falling.status()).isEqualTo(400);
    assertThat(falling.body()).contains("supportStages[1].supporters");
    Resp short_ = owner.post("/api/challenges", brief.copy().put("supportStages", new JsonArray()
        .add(new JsonObject().put("supporters", 100).put("withinDays", 60))));
    assertThat(short_.status()).isEqualTo(400);
    assertThat(short_.body()).contains("supportStages[0].supporters", "must equal supportThreshold");
    Resp noDays = owner.post("/api/challenges", brief.copy().put("supportStages", new JsonArray()
        .add(new JsonObject().put("supporters", 200).put("withinDays", 0))));
    assertThat(noDays.status()).isEqualTo(400);
    assertThat(noDays.body()).contains("supportStages[0].withinDays");

    long id = community.stagedChallenge(owner, org, Community.twoStages(), 3, clock.instant());
    JsonObject challenge = server.http().get("/api/challenges/" + id).json();
    assertThat(challenge.getJsonArray("supportStages")).isEqualTo(Community.twoStages());
    assertThat(challenge.getInteger("supportBudget")).isEqualTo(3);
    // Once open, members support under them: they are fixed, like the threshold.
    assertThat(owner.patch("/api/challenges/" + id, new JsonObject().put("supportBudget", 5)).status()).isEqualTo(409);

    JsonObject submitted = community.submitIdea(community.freshMember("author"), id, "Staged idea");
    assertThat(submitted.getJsonObject("stage").getInteger("index")).isEqualTo(1);
    assertThat(submitted.getJsonObject("stage").getInteger("of")).isEqualTo(2);
    assertThat(submitted.getJsonObject("stage").getInteger("supporters")).isEqualTo(100);
    assertThat(Duration.between(clock.instant().plus(Duration.ofDays(60)), deadline(submitted)).abs())
        .isLessThan(Duration.ofSeconds(1));

    long plain = community.stagedChallenge(owner, org, new JsonArray(), null, clock.instant());
    assertThat(server.http().get("/api/challenges/" + plain).json().getJsonArray("supportStages")).isEmpty();
    assertThat(community.submitIdea(community.freshMember("author"), plain, "No stages").getValue("stage")).isNull();
  }

  @Test
  @DisplayName("An idea reaching 100 supporters on day 59 moves on once and gets its extension; one at 99 on day 61 expires once")
  void reachingAStageExtendsTheDeadlineAndMissingItExpires() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.stagedChallenge(owner, org, Community.twoStages(), null, clock.instant());
    TestHttp author = community.freshMember("author");
    JsonObject reaching = community.submitIdea(author, challenge, "Reaches its stage");
    long reachingId = reaching.getLong("id");
    Instant firstDeadline = deadline(reaching);
    TestHttp laggard = community.freshMember("laggard");
    long missingId = community.submitIdea(laggard, challenge, "Misses its stage").getLong("id");
    community.supportersViaSql(reachingId, "early", 99);
    List<String> missingSupporters = community.supportersViaSql(missingId, "loyal", 99);

    clock.advance(Duration.ofDays(59));
    TestHttp hundredth = community.freshMember("hundredth");
    Resp tipped = hundredth.put("/api/ideas/" + reachingId + "/support", null);
    assertThat(tipped.status()).as(tipped.toString()).isEqualTo(200);
    assertThat(tipped.json().getInteger("supportCount")).isEqualTo(100);
    assertThat(community.freshMember("hundred-first").put("/api/ideas/" + reachingId + "/support", null).status())
        .isEqualTo(200);

    JsonObject moved = idea(reachingId);
    assertThat(moved.getJsonObject("stage").getInteger("index")).isEqualTo(2);
    assertThat(moved.getJsonObject("stage").getInteger("reached")).isEqualTo(1);
    assertThat(moved.getJsonObject("stage").getInteger("supporters")).isEqualTo(200);
    // The extension is the next stage's days added to the deadline it beat, not counted from today.
    assertThat(deadline(moved)).isEqualTo(firstDeadline.plus(Duration.ofDays(365)));
    assertThat(events("idea.stage_reached", reachingId)).isEqualTo(1);
    assertThat(eventsOn("challenge:" + challenge, "idea.stage_reached", reachingId)).isEqualTo(1);
    assertThat(eventsOn("thread:" + moved.getLong("threadId"), "idea.stage_reached", reachingId)).isEqualTo(1);
    assertThat(notificationsOf(author, "idea_stage", reachingId)).isEqualTo(1);
    assertThat(notificationsOf(hundredth, "idea_stage", reachingId)).isEqualTo(1);

    clock.advance(Duration.ofDays(2));
    community.awaitCount("select count(*) from ideas where id = " + missingId + " and status = 'expired'", 1);
    // The same ticks passed the first idea's old deadline: it moved on, so it stays.
    assertThat(idea(reachingId).getString("status")).isEqualTo("submitted");

    JsonObject expired = idea(missingId);
    assertThat(expired.getString("status")).isEqualTo("expired");
    assertThat(expired.getInteger("supportCount")).isZero();
    assertThat(community.count("select count(*) from idea_supports where idea_id = " + missingId)).isZero();
    assertThat(community.notifications(laggard)).anySatisfy(n -> {
      assertThat(n.getString("kind")).isEqualTo("idea_status");
      assertThat(n.getLong("targetId")).isEqualTo(missingId);
      assertThat(n.getJsonObject("data").getString("status")).isEqualTo("expired");
    });
    Resp late = Community.send(server.http(), missingSupporters.get(0), "PUT", "/api/ideas/" + missingId + "/support", null);
    assertThat(late.status()).isEqualTo(409);

    // More ticks, proven by a later idea expiring after them: the first one expired once.
    long later = community.submitIdea(community.freshMember("later"), challenge, "Expires later").getLong("id");
    community.exec("update ideas set stage_deadline = now() - interval '400 days' where id = " + later);
    community.awaitCount("select count(*) from ideas where id = " + later + " and status = 'expired'", 1);
    assertThat(community.count("select count(*) from events where topic like 'challenge:%' and type = 'idea.status' and data->>'status' = 'expired' "
        + "and data->>'ideaId' = '" + missingId + "'")).isEqualTo(1);
    assertThat(community.count("select count(*) from notifications n join users u on u.id = n.user_id where n.kind = "
        + "'idea_status' and n.target_id = " + missingId + " and u.username = '" + community.username(laggard) + "'"))
        .isEqualTo(1);
    assertThat(community.count("select count(*) from notifications where kind = 'idea_status' and target_id = "
        + missingId + " and count > 1")).isZero();
  }

  @Test
  @DisplayName("Its author, and only they, resubmits an expired idea: submitted again on a new stage clock")
  void theAuthorResubmitsAnExpiredIdea() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.stagedChallenge(owner, org, Community.twoStages(), null, clock.instant());
    TestHttp author = community.freshMember("author");
    long id = community.submitIdea(author, challenge, "Second chance").getLong("id");
    assertThat(author.post("/api/ideas/" + id + "/resubmit", null).status()).isEqualTo(409);
    community.exec("update ideas set stage_deadline = now() - interval '400 days' where id = " + id);
    community.awaitCount("select count(*) from ideas where id = " + id + " and status = 'expired'", 1);

    long duplicate = community.submitIdea(community.freshMember("twin"), challenge, "Second chance again").getLong("id");
    assertThat(owner.post("/api/ideas/" + duplicate + "/merge", new JsonObject().put("into", id)).status())
        .as("supports merged into an expired idea would be released already").isEqualTo(409);
    assertThat(community.freshMember("stranger").post("/api/ideas/" + id + "/resubmit", null).status()).isEqualTo(403);
    Resp again = author.post("/api/ideas/" + id + "/resubmit", null);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().getString("status")).isEqualTo("submitted");
    assertThat(again.json().getJsonObject("stage").getInteger("index")).isEqualTo(1);
    assertThat(Duration.between(clock.instant().plus(Duration.ofDays(60)), deadline(again.json())).abs())
        .isLessThan(Duration.ofSeconds(1));
    assertThat(community.freshMember("fan").put("/api/ideas/" + id + "/support", null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("Two nodes, 50 supporters at once across a stage: one event, one notification each, one webhook delivery")
  void aStageIsReachedOnceAcrossNodes() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    assertThat(owner.post("/api/orgs/" + org + "/webhooks", new JsonObject().put("url", "http://127.0.0.1:9/hook")
        .put("events", new JsonArray().add("idea.stage_reached")).put("secret", "s".repeat(20))).status()).isEqualTo(201);
    long challenge = community.stagedChallenge(owner, org, Community.twoStages(), null, clock.instant());
    TestHttp author = community.freshMember("author");
    long id = community.submitIdea(author, challenge, "Crowd at the boundary").getLong("id");
    community.supportersViaSql(id, "before", 75);
    List<String> crowd = community.membersViaSql(Community.unique("crowd") + "x", 50);

    try (TestServer second = TestServer.startOn(server.dbUrl(), OVERRIDES, clock)) {
      List<Resp> answers = Community.parallel(50, 25, k -> Community.send(k % 2 == 0 ? server.http() : second.http(),
          crowd.get(k), "PUT", "/api/ideas/" + id + "/support", null));
      assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));

      // Both nodes' clocks race for ideas past their deadline: each expires once.
      TestHttp lapsing = community.freshMember("lapsing");
      List<Long> lapsed = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long lapsedId = community.submitIdea(lapsing, challenge, "Lapsed " + i).getLong("id");
        community.supportersViaSql(lapsedId, "lapsed", 3);
        lapsed.add(lapsedId);
      }
      String ids = lapsed.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
      community.exec("update ideas set stage_deadline = now() - interval '400 days' where id in (" + ids + ")");
      community.awaitCount("select count(*) from ideas where status = 'expired' and id in (" + ids + ")", 8);
      assertThat(community.count("select count(*) from events where topic like 'challenge:%' and type = 'idea.status' "
          + "and data->>'status' = 'expired' and (data->>'ideaId')::bigint in (" + ids + ")")).isEqualTo(8);
      assertThat(community.count("select coalesce(sum(count), 0) from notifications where kind = 'idea_status' "
          + "and target_id in (" + ids + ") and user_id = " + community.userId(community.username(lapsing)))).isEqualTo(8);
      assertThat(community.count("select count(*) from idea_supports where idea_id in (" + ids + ")")).isZero();
    }
    assertThat(idea(id).getInteger("supportCount")).isEqualTo(125);
    assertThat(idea(id).getJsonObject("stage").getInteger("reached")).isEqualTo(1);
    assertThat(events("idea.stage_reached", id)).isEqualTo(1);
    assertThat(notificationsOf(author, "idea_stage", id)).isEqualTo(1);
    assertThat(community.count("select max(count) from notifications where kind = 'idea_stage' and target_id = " + id))
        .isEqualTo(1);
    assertThat(community.count("select count(*) from webhook_deliveries d join webhooks w on w.id = d.webhook_id "
        + "join orgs o on o.id = w.org_id where o.slug = '" + org + "' and d.event = 'idea.stage_reached'")).isEqualTo(1);
    assertThat(community.strings("select body from webhook_deliveries d join webhooks w on w.id = d.webhook_id "
        + "join orgs o on o.id = w.org_id where o.slug = '" + org + "' and d.event = 'idea.stage_reached'").get(0))
        .contains("\"stage\":1");
  }
}
