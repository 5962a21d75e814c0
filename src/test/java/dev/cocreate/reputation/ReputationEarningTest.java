package dev.cocreate.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Reputation is earned once per event, in the transaction of what earns it")
class ReputationEarningTest {
  static final int UPVOTE = ReputationKind.REPLY_UPVOTED.points();
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestServer nodeB;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("rep");
    community.space("rep-general", "public");
    nodeB = TestServer.startOn(server.dbUrl(), new JsonObject());
  }

  @AfterAll
  static void stop() {
    nodeB.close();
  }

  static long replyBy(TestHttp author) {
    long thread = community.thread(author, "rep-general", "A thread " + Community.unique("t")).getLong("id");
    return community.reply(author, thread, "A reply worth voting for").getLong("id");
  }

  static JsonObject breakdown(String username) {
    return community.reputation(username).getJsonObject("reputationBreakdown");
  }

  @Test
  @DisplayName("20 members upvoting at once on two nodes give exactly 20 x points; repeated votes add nothing; withdrawn ones take theirs back")
  void concurrentUpvotesEarnOnceEach() {
    String amy = Community.unique("amy");
    TestHttp author = community.member(amy);
    long post = replyBy(author);
    List<String> voters = community.membersViaSql(Community.unique("upv"), 20);
    TestHttp onA = server.http();
    TestHttp onB = nodeB.http();
    // Each voter votes twice at once, once through each node: 40 requests, 20 votes.
    List<Resp> answers = Community.parallel(40, 16, i -> Community.send(i % 2 == 0 ? onA : onB, voters.get(i / 2), "PUT",
        "/api/posts/" + post + "/vote", new JsonObject().put("value", 1)));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));

    assertThat(community.reputationOf(amy)).isEqualTo(20 * UPVOTE);
    assertThat(breakdown(amy).getInteger("building")).isEqualTo(20 * UPVOTE);
    assertThat(breakdown(amy).getInteger("ideation")).isZero();
    assertThat(community.count("select count(*) from reputation_ledger where user_id = " + community.userId(amy))).isEqualTo(20);

    // 5 withdraw and 3 turn to a downvote, at once on both nodes: 12 upvotes still count.
    List<Resp> changes = Community.parallel(8, 8, i -> Community.send(i % 2 == 0 ? onA : onB, voters.get(i), "PUT",
        "/api/posts/" + post + "/vote", new JsonObject().put("value", i < 5 ? 0 : -1)));
    changes.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    assertThat(community.reputationOf(amy)).isEqualTo(12 * UPVOTE);
    assertThat(community.count("select reputation from users where username = '" + amy + "'")).isEqualTo(12L * UPVOTE);
  }

  @Test
  @DisplayName("a self-vote is refused and earns nothing; votes between two members who only vote for each other earn nothing")
  void selfAndMutualOnlyVotesEarnNothing() {
    String bob = Community.unique("bob");
    String cat = Community.unique("cat");
    String dan = Community.unique("dan");
    TestHttp b = community.member(bob);
    TestHttp c = community.member(cat);
    TestHttp d = community.member(dan);
    long bobs = replyBy(b);
    long cats = replyBy(c);
    long dans = replyBy(d);

    assertThat(community.vote(b, bobs, 1).status()).isEqualTo(403);
    assertThat(community.reputationOf(bob)).isZero();

    // Bob upvotes Cat: Cat has voted for nobody, so this is not a mutual-only pair.
    assertThat(community.vote(b, cats, 1).status()).isEqualTo(200);
    assertThat(community.reputationOf(cat)).isEqualTo(UPVOTE);
    // Cat upvotes Bob back: each has voted only for the other, so neither vote earns.
    assertThat(community.vote(c, bobs, 1).status()).isEqualTo(200);
    assertThat(community.reputationOf(cat)).isZero();
    assertThat(community.reputationOf(bob)).isZero();
    // Bob upvotes Dan too: no longer a mutual-only pair, all three votes count.
    assertThat(community.vote(b, dans, 1).status()).isEqualTo(200);
    assertThat(community.reputationOf(cat)).isEqualTo(UPVOTE);
    assertThat(community.reputationOf(bob)).isEqualTo(UPVOTE);
    assertThat(community.reputationOf(dan)).isEqualTo(UPVOTE);
    // And withdrawn, back to a mutual-only pair.
    assertThat(community.vote(b, dans, 0).status()).isEqualTo(200);
    assertThat(community.reputationOf(cat)).isZero();
    assertThat(community.reputationOf(bob)).isZero();
    assertThat(community.reputationOf(dan)).isZero();
  }

  @Test
  @DisplayName("a flag upheld by a moderator subtracts once per post")
  void upheldFlagSubtracts() {
    String eve = Community.unique("eve");
    TestHttp e = community.member(eve);
    long post = replyBy(e);
    List<String> voters = community.membersViaSql(Community.unique("fan"), 2);
    for (String token : voters) {
      assertThat(Community.send(server.http(), token, "PUT", "/api/posts/" + post + "/vote", new JsonObject().put("value", 1))
          .status()).isEqualTo(200);
    }
    assertThat(community.reputationOf(eve)).isEqualTo(2 * UPVOTE);

    TestHttp flagger = community.freshMember("flagger");
    assertThat(community.flag(flagger, post, "spam").status()).isEqualTo(201);
    Resp hidden = community.act(community.mod(), Community.action("hide", "post", post, "Spam"));
    assertThat(hidden.status()).as(hidden.toString()).isEqualTo(200);
    int upheld = ReputationKind.FLAG_UPHELD.points();
    assertThat(upheld).isNegative();
    assertThat(community.reputationOf(eve)).isEqualTo(2 * UPVOTE + upheld);
    assertThat(breakdown(eve).getInteger("building")).isEqualTo(2 * UPVOTE + upheld);

    // Shown again, flagged again and hidden again: the same post costs its author once.
    assertThat(community.act(community.mod(), Community.action("unhide", "post", post, "Fine after all")).status()).isEqualTo(200);
    assertThat(community.flag(community.freshMember("flagger"), post, "spam").status()).isEqualTo(201);
    assertThat(community.act(community.mod(), Community.action("hide", "post", post, "Spam")).status()).isEqualTo(200);
    assertThat(community.reputationOf(eve)).isEqualTo(2 * UPVOTE + upheld);
  }

  @Test
  @DisplayName("an idea earns its author at its threshold and when shortlisted, accepted and implemented, once each")
  void ideasEarnTheirAuthors() {
    TestHttp firm = community.freshMember("firm");
    String org = community.org(firm);
    // No reward: accepting the idea needs no agreed split.
    long challenge = community.openChallenge(firm, org, new JsonObject().put("supportThreshold", 2).put("reward", ""));
    String ida = Community.unique("ida");
    TestHttp author = community.member(ida);
    long idea = community.submitIdea(author, challenge, "Reusable crates").getLong("id");
    List<String> supporters = community.membersViaSql(Community.unique("sup"), 3);
    List<Resp> supports = Community.parallel(3, 3,
        i -> Community.send(server.http(), supporters.get(i), "PUT", "/api/ideas/" + idea + "/support", null));
    supports.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    int total = ReputationKind.IDEA_THRESHOLD.points();
    assertThat(community.reputationOf(ida)).isEqualTo(total);

    for (String status : List.of("shortlisted", "accepted", "implemented")) {
      Resp r = firm.post("/api/ideas/" + idea + "/status", new JsonObject().put("status", status).put("note", "Next step"));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
    total += ReputationKind.IDEA_SHORTLISTED.points() + ReputationKind.IDEA_ACCEPTED.points()
        + ReputationKind.IDEA_IMPLEMENTED.points();
    assertThat(community.reputationOf(ida)).isEqualTo(total);
    assertThat(breakdown(ida).getInteger("ideation")).isEqualTo(total);
    assertThat(breakdown(ida).getInteger("building")).isZero();

    // The profile page shows the total and the breakdown, in English and in French.
    Resp en = server.http().getHtml("/u/" + ida);
    assertThat(en.status()).isEqualTo(200);
    assertThat(en.body()).contains("<dd>" + total).contains("Ideation: " + total).contains("Building: 0")
        .contains("Evaluation: 0");
    TestHttp fr = server.http();
    Resp frPage = fr.send(fr.builder("/u/" + ida).header("Accept", "text/html").header("Accept-Language", "fr").GET());
    assertThat(frPage.status()).isEqualTo(200);
    assertThat(frPage.body()).contains("Idéation: " + total).contains("Construction: 0").contains("Évaluation: 0");
  }

  @Test
  @DisplayName("50 supporters at a stage's boundary on two nodes earn the author that stage once; each later stage once more")
  void reachingAStageEarnsOnce() {
    TestHttp firm = community.freshMember("firm");
    String org = community.org(firm);
    long challenge = community.stagedChallenge(firm, org, Community.twoStages(), null, Instant.now());
    String sid = Community.unique("sid");
    TestHttp author = community.member(sid);
    long idea = community.submitIdea(author, challenge, "Refill stations").getLong("id");
    community.supportersViaSql(idea, "early", 99);
    List<String> crowd = community.membersViaSql(Community.unique("crowd") + "x", 50);
    List<Resp> answers = Community.parallel(50, 16, i -> Community.send(i % 2 == 0 ? server.http() : nodeB.http(),
        crowd.get(i), "PUT", "/api/ideas/" + idea + "/support", null));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));

    int stage = ReputationKind.IDEA_STAGE_REACHED.points();
    assertThat(community.reputationOf(sid)).isEqualTo(stage);
    assertThat(breakdown(sid).getInteger("ideation")).isEqualTo(stage);
    assertThat(community.strings("select source from reputation_ledger where user_id = " + community.userId(sid)))
        .containsExactly("idea:" + idea + "/stage:1");

    // The last stage is the threshold: it earns as a stage and as the threshold, each once.
    community.supportersViaSql(idea, "late", 50);
    Resp last = community.freshMember("last").put("/api/ideas/" + idea + "/support", null);
    assertThat(last.status()).as(last.toString()).isEqualTo(200);
    assertThat(community.freshMember("after").put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    int total = 2 * stage + ReputationKind.IDEA_THRESHOLD.points();
    assertThat(community.reputationOf(sid)).isEqualTo(total);
    assertThat(breakdown(sid).getInteger("ideation")).isEqualTo(total);
    assertThat(breakdown(sid).getInteger("building")).isZero();

    List<String> rows = community.strings("select user_id || ' ' || kind || ' ' || source || ' ' || points from reputation_ledger order by 1");
    assertThat(community.recomputeReputation()).isZero();
    assertThat(community.reputationOf(sid)).isEqualTo(total);
    assertThat(community.strings("select user_id || ' ' || kind || ' ' || source || ' ' || points from reputation_ledger order by 1"))
        .isEqualTo(rows);
  }

  @Test
  @DisplayName("an idea that expired and was resubmitted earns nothing more for reaching a stage again")
  void aStageReachedAgainEarnsNothing() {
    TestHttp firm = community.freshMember("firm");
    long challenge = community.stagedChallenge(firm, community.org(firm), Community.twoStages(), null, Instant.now());
    String tia = Community.unique("tia");
    TestHttp author = community.member(tia);
    long idea = community.submitIdea(author, challenge, "Repair cafe").getLong("id");
    community.supportersViaSql(idea, "first", 99);
    assertThat(community.freshMember("tip").put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    int stage = ReputationKind.IDEA_STAGE_REACHED.points();
    assertThat(community.reputationOf(tia)).isEqualTo(stage);

    // Expired as the stage clock leaves an idea that missed its next stage, then resubmitted from the start.
    community.exec("delete from idea_supports where idea_id = " + idea + "; update ideas set status = 'expired', "
        + "support_count = 0, stage_deadline = null where id = " + idea);
    Resp resubmitted = author.post("/api/ideas/" + idea + "/resubmit", new JsonObject());
    assertThat(resubmitted.status()).as(resubmitted.toString()).isEqualTo(200);
    assertThat(community.count("select stage_reached from ideas where id = " + idea)).isZero();
    community.supportersViaSql(idea, "again", 99);
    assertThat(community.freshMember("tip").put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    assertThat(community.count("select stage_reached from ideas where id = " + idea)).isEqualTo(1);
    assertThat(community.reputationOf(tia)).isEqualTo(stage);
    assertThat(community.recomputeReputation()).isZero();
    assertThat(community.reputationOf(tia)).isEqualTo(stage);
  }

  @Test
  @DisplayName("a reply the idea's author marks incorporated earns its author once, whatever marks it again on two nodes; an author's own earns nothing")
  void incorporatedReplyEarnsOnce() {
    String ann = Community.unique("ann");
    TestHttp author = community.member(ann);
    JsonObject idea = community.ideaToCodesign(community.freshMember("firm"), author, "Shared tools");
    long thread = idea.getLong("threadId");
    String rob = Community.unique("rob");
    TestHttp replier = community.member(rob);
    long post = community.reply(replier, thread, "Lend them through the library").getLong("id");

    // The author marks it six times at once, through both nodes: one entry added, one earning.
    List<Resp> marks = Community.parallel(6, 6, i -> Community.send(i % 2 == 0 ? server.http() : nodeB.http(),
        author.token(), "POST", "/api/posts/" + post + "/incorporated", new JsonObject()));
    assertThat(marks.stream().map(Resp::status)).as(marks.toString()).containsExactlyInAnyOrder(201, 200, 200, 200, 200, 200);
    int incorporated = ReputationKind.REPLY_INCORPORATED.points();
    assertThat(community.reputationOf(rob)).isEqualTo(incorporated);
    assertThat(breakdown(rob).getInteger("building")).isEqualTo(incorporated);
    assertThat(breakdown(rob).getInteger("ideation")).isZero();

    // The author's own reply cannot be marked and earns nothing.
    long own = community.reply(author, thread, "My own follow-up").getLong("id");
    assertThat(author.post("/api/posts/" + own + "/incorporated", new JsonObject()).status()).isEqualTo(409);
    assertThat(community.reputationOf(ann)).isZero();

    assertThat(community.recomputeReputation()).isZero();
    assertThat(community.reputationOf(rob)).isEqualTo(incorporated);
    assertThat(community.reputationOf(ann)).isZero();
  }
}
