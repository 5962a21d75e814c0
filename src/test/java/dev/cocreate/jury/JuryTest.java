package dev.cocreate.jury;

import static dev.cocreate.support.Community.postForm;
import static dev.cocreate.support.Community.score;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jury evaluation in review: the firm names judges, judges declare conflicts and score each idea
 * 0–10 per criterion of the brief (the community fixture's: "Weight saved" weight 3, "Cost" weight
 * 1.5), blind to each other until they scored it; declining or shortlisting a scored idea owes a
 * rationale per criterion, which its author reads and the public reads only when the brief says so.
 */
@DisplayName("Jury evaluation against the brief's weighted criteria")
class JuryTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  /** A firm, an author, two judges and a challenge in review with {@code titles} as its ideas. */
  record Round(TestHttp firm, TestHttp author, TestHttp ann, TestHttp ben, long challenge, List<Long> ideas) {}

  static Round round(JsonObject overrides, String... titles) {
    TestHttp firm = community.freshMember("jt_firm");
    String org = community.org(firm);
    TestHttp author = community.freshMember("jt_author");
    Community.Reviewed r = community.challengeInReview(firm, org, overrides, author, titles);
    TestHttp ann = community.freshMember("jt_ann");
    TestHttp ben = community.freshMember("jt_ben");
    community.nameJury(firm, r.challengeId(), ann, ben);
    return new Round(firm, author, ann, ben, r.challengeId(), r.ideaIds());
  }

  static JsonObject item(JsonObject scores, long ideaId) {
    for (Object o : scores.getJsonArray("items")) {
      if (((JsonObject) o).getLong("ideaId") == ideaId) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("idea " + ideaId + " not in " + scores.encodePrettily());
  }

  static JsonObject scoresAs(TestHttp who, long challenge) {
    Resp r = who.get("/api/challenges/" + challenge + "/scores");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  @Test
  @DisplayName("the firm names judges in review only, outsiders may not, and each judge named is notified")
  void namingJudges() {
    TestHttp firm = community.freshMember("jt_nf");
    String org = community.org(firm);
    long open = community.openChallenge(firm, org, new JsonObject());
    TestHttp judge = community.freshMember("jt_nj");
    JsonObject body = new JsonObject().put("judges", new JsonArray().add(community.username(judge)));
    assertThat(firm.put("/api/challenges/" + open + "/jury", body).status()).isEqualTo(409);
    community.moveChallenge(firm, open, "review");
    assertThat(community.freshMember("jt_nx").put("/api/challenges/" + open + "/jury", body).status()).isEqualTo(403);
    Resp unknown = firm.put("/api/challenges/" + open + "/jury", new JsonObject().put("judges", new JsonArray().add("nobody_here_x")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("judges[0]");

    JsonObject jury = community.nameJury(firm, open, judge);
    assertThat(jury.getJsonArray("judges").getJsonObject(0).getString("username")).isEqualTo(community.username(judge));
    assertThat(judge.get("/api/challenges/" + open + "/jury").status()).isEqualTo(200);
    assertThat(community.notifications(judge)).anySatisfy(n -> {
      assertThat(n.getString("kind")).isEqualTo("jury");
      assertThat(n.getJsonObject("data").getString("url")).isEqualTo("/c/" + open + "/jury");
    });
    // Named again, nobody is told twice.
    community.nameJury(firm, open, judge);
    assertThat(community.notifications(judge).stream().filter(n -> n.getString("kind").equals("jury")).count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a judge who declared a conflict on an idea gets 403 scoring it, and the idea leaves their screen")
  void conflictedJudgeMayNotScore() {
    Round r = round(new JsonObject(), "Conflicted idea", "Other idea");
    long conflicted = r.ideas().get(0);
    assertThat(score(r.ann(), conflicted, "Before", "Weight saved", 9, "Cost", 9).status()).isEqualTo(200);
    Resp declared = r.ann().post("/api/ideas/" + conflicted + "/conflict", null);
    assertThat(declared.status()).as(declared.toString()).isEqualTo(200);

    Resp refused = score(r.ann(), conflicted, "After", "Weight saved", 5, "Cost", 5);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    assertThat(score(r.ann(), r.ideas().get(1), "Fine", "Weight saved", 5, "Cost", 5).status()).isEqualTo(200);
    // The score given before the conflict no longer counts.
    assertThat(item(scoresAs(r.firm(), r.challenge()), conflicted).getInteger("judges")).isZero();
    assertThat(item(scoresAs(r.ann(), r.challenge()), conflicted).getBoolean("conflict")).isTrue();

    Document screen = Jsoup.parse(community.browser(r.ann()).getHtml("/c/" + r.challenge() + "/jury").body());
    assertThat(screen.select("#idea-" + conflicted)).isEmpty();
    assertThat(screen.select("#idea-" + r.ideas().get(1))).hasSize(1);
    // Not a judge at all: 403 too, and the author cannot declare a conflict either.
    assertThat(score(r.author(), r.ideas().get(1), "Mine", "Weight saved", 10, "Cost", 10).status()).isEqualTo(403);
    assertThat(r.author().post("/api/ideas/" + r.ideas().get(1) + "/conflict", null).status()).isEqualTo(403);
  }

  @Test
  @DisplayName("a judge sees the other judges' scores of an idea only once they have scored it themselves")
  void blindUntilScored() {
    Round r = round(new JsonObject(), "Blind idea");
    long idea = r.ideas().get(0);
    assertThat(score(r.ann(), idea, "Ann's note", "Weight saved", 8, "Cost", 4).status()).isEqualTo(200);

    JsonObject beforeBen = item(scoresAs(r.ben(), r.challenge()), idea);
    assertThat(beforeBen.getBoolean("blind")).isTrue();
    assertThat(beforeBen.containsKey("weightedMean")).isFalse();
    assertThat(beforeBen.containsKey("sheets")).isFalse();
    assertThat(beforeBen.encode()).doesNotContain("Ann's note");
    // The firm is never blind.
    assertThat(item(scoresAs(r.firm(), r.challenge()), idea).getInteger("judges")).isEqualTo(1);

    assertThat(score(r.ben(), idea, "Ben's note", "Weight saved", 6, "Cost", 9).status()).isEqualTo(200);
    JsonObject afterBen = item(scoresAs(r.ben(), r.challenge()), idea);
    assertThat(afterBen.getBoolean("blind")).isFalse();
    assertThat(afterBen.getInteger("judges")).isEqualTo(2);
    assertThat(afterBen.encode()).contains("Ann's note");
    // Anyone else: 403.
    assertThat(r.author().get("/api/challenges/" + r.challenge() + "/scores").status()).isEqualTo(403);
  }

  @Test
  @DisplayName("the weighted mean, spread and criterion means equal a hand computation, beside the support rank")
  void weightedMeansByHand() {
    Round r = round(new JsonObject(), "Scored idea", "Supported idea");
    long idea = r.ideas().get(0);
    score(r.ann(), idea, "A", "Weight saved", 8, "Cost", 4);
    score(r.ben(), idea, "B", "Weight saved", 6, "Cost", 9);
    // By hand, weights 3 and 1.5 (sum 4.5):
    //   Ann (3×8 + 1.5×4) / 4.5 = 30 / 4.5 = 6.667;  Ben (3×6 + 1.5×9) / 4.5 = 31.5 / 4.5 = 7.000
    //   weighted mean (6.667 + 7) / 2 = 6.833 → 6.83; spread √(((6.667−6.833)² + (7−6.833)²) / 2) = 0.1667 → 0.17
    //   criterion means: Weight saved (8 + 6) / 2 = 7; Cost (4 + 9) / 2 = 6.5
    JsonObject tally = item(scoresAs(r.firm(), r.challenge()), idea);
    assertThat(tally.getDouble("weightedMean")).isEqualTo(6.83);
    assertThat(tally.getDouble("spread")).isEqualTo(0.17);
    assertThat(tally.getInteger("judges")).isEqualTo(2);
    assertThat(tally.getJsonObject("criterionMeans").getDouble("Weight saved")).isEqualTo(7.0);
    assertThat(tally.getJsonObject("criterionMeans").getDouble("Cost")).isEqualTo(6.5);
    // A judge may change their mind until the challenge is decided: Ben's 10 and 10 make (6.667 + 10) / 2 = 8.33.
    assertThat(score(r.ben(), idea, "B again", "Weight saved", 10, "Cost", 10).status()).isEqualTo(200);
    assertThat(item(scoresAs(r.firm(), r.challenge()), idea).getDouble("weightedMean")).isEqualTo(8.33);
    assertThat(tally.getInteger("supportRank")).isEqualTo(1);
    assertThat(scoresAs(r.firm(), r.challenge()).getString("spreadMeasure")).contains("standard deviation");

    community.moveChallenge(r.firm(), r.challenge(), "decided");
    assertThat(score(r.ann(), idea, "Too late", "Weight saved", 1, "Cost", 1).status()).isEqualTo(409);
  }

  @Test
  @DisplayName("each idea's support rank stands beside its tally: 1 for the most supported, ties sharing a rank")
  void supportRankBesideTheTally() {
    TestHttp firm = community.freshMember("jt_rf");
    String org = community.org(firm);
    long challenge = community.openChallenge(firm, org, new JsonObject());
    TestHttp author = community.freshMember("jt_ra");
    long most = community.submitIdea(author, challenge, "Most supported").getLong("id");
    long tiedA = community.submitIdea(author, challenge, "Tied A").getLong("id");
    long tiedB = community.submitIdea(author, challenge, "Tied B").getLong("id");
    long none = community.submitIdea(author, challenge, "Unsupported").getLong("id");
    for (int i = 0; i < 3; i++) {
      TestHttp fan = community.freshMember("jt_fan");
      fan.put("/api/ideas/" + most + "/support", null);
      if (i == 0) {
        fan.put("/api/ideas/" + tiedA + "/support", null);
        fan.put("/api/ideas/" + tiedB + "/support", null);
      }
    }
    community.moveChallenge(firm, challenge, "review");
    TestHttp judge = community.freshMember("jt_rj");
    community.nameJury(firm, challenge, judge);
    score(judge, none, "Underrated", "Weight saved", 10, "Cost", 10);
    JsonObject scores = scoresAs(firm, challenge);
    assertThat(item(scores, most).getInteger("supportRank")).isEqualTo(1);
    assertThat(item(scores, tiedA).getInteger("supportRank")).isEqualTo(2);
    assertThat(item(scores, tiedB).getInteger("supportRank")).isEqualTo(2);
    assertThat(item(scores, none).getInteger("supportRank")).isEqualTo(4);
    assertThat(item(scores, none).getDouble("weightedMean")).isEqualTo(10.0);
    assertThat(item(scores, most).getInteger("judges")).isZero();
  }

  @Test
  @DisplayName("scores out of range, missing criteria, unknown ones and a missing note are 400 with each field's error")
  void badScoresAreFieldErrors() {
    Round r = round(new JsonObject(), "Badly scored idea");
    long idea = r.ideas().get(0);
    Resp out = score(r.ann(), idea, "Note", "Weight saved", 11, "Cost", 2.5);
    assertThat(out.status()).isEqualTo(400);
    assertThat(fields(out)).contains("scores.Weight saved", "scores.Cost");
    Resp names = score(r.ann(), idea, "", "Weight saved", 5, "Charm", 5);
    assertThat(names.status()).isEqualTo(400);
    assertThat(fields(names)).contains("note");
    Resp missing = score(r.ann(), idea, "Note", "Weight saved", 5, "Charm", 5);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(fields(missing)).containsExactlyInAnyOrder("scores.Cost", "scores.Charm");
    assertThat(r.ann().put("/api/ideas/" + idea + "/score", new JsonObject().put("note", "n")).status()).isEqualTo(400);
  }

  static List<String> fields(Resp r) {
    return r.json().getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("field")).toList();
  }

  @Test
  @DisplayName("declining a scored idea without a rationale per criterion is 400; with it, its author reads it and the public does not")
  void rationaleOwedAndPrivateByDefault() {
    Round r = round(new JsonObject(), "Declined idea", "Unscored idea");
    long idea = r.ideas().get(0);
    score(r.ann(), idea, "Meh", "Weight saved", 2, "Cost", 3);
    assertThat(r.firm().post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "in_review").put("note", "Looking"))
        .status()).isEqualTo(200);
    Resp none = r.firm().post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "declined").put("note", "No"));
    assertThat(none.status()).as(none.toString()).isEqualTo(400);
    assertThat(fields(none)).containsExactlyInAnyOrder("rationale.Weight saved", "rationale.Cost");
    Resp half = r.firm().post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "declined").put("note", "No")
        .put("rationale", new JsonObject().put("Weight saved", "Saves 50 g only")));
    assertThat(fields(half)).containsExactly("rationale.Cost");
    Resp ok = r.firm().post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "declined").put("note", "No")
        .put("rationale", new JsonObject().put("Weight saved", "Saves 50 g only").put("Cost", "Doubles the fabric cost")));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);

    assertThat(rationaleOf(r.author(), idea)).isEqualTo(new JsonObject().put("Weight saved", "Saves 50 g only")
        .put("Cost", "Doubles the fabric cost"));
    assertThat(rationaleOf(r.firm(), idea)).isNotNull();
    assertThat(rationaleOf(server.http(), idea)).isNull();
    assertThat(rationaleOf(r.ann(), idea)).isNull();
    // The idea page: the author reads it, a visitor does not.
    assertThat(Jsoup.parse(community.browser(r.author()).getHtml("/i/" + idea).body()).select("dl.rationale").text())
        .contains("Cost", "Doubles the fabric cost");
    assertThat(server.http().getHtml("/i/" + idea).body()).doesNotContain("Doubles the fabric cost");

    // An idea no judge scored is declined with its note alone.
    long unscored = r.ideas().get(1);
    r.firm().post("/api/ideas/" + unscored + "/status", new JsonObject().put("status", "in_review").put("note", "Looking"));
    assertThat(r.firm().post("/api/ideas/" + unscored + "/status", new JsonObject().put("status", "declined").put("note", "No"))
        .status()).isEqualTo(200);
  }

  static JsonObject rationaleOf(TestHttp who, long idea) {
    JsonArray responses = who.get("/api/ideas/" + idea).json().getJsonArray("responses");
    return responses.getJsonObject(responses.size() - 1).getJsonObject("rationale");
  }

  @Test
  @DisplayName("with publicRationale in the brief, everyone reads the rationale of a shortlisted idea")
  void publicRationale() {
    Round r = round(new JsonObject().put("publicRationale", true), "Shortlisted idea");
    long idea = r.ideas().get(0);
    assertThat(r.firm().get("/api/challenges/" + r.challenge()).json().getBoolean("publicRationale")).isTrue();
    score(r.ben(), idea, "Good", "Weight saved", 9, "Cost", 7);
    r.firm().post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "in_review").put("note", "Looking"));
    Resp shortlisted = r.firm().post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "shortlisted")
        .put("note", "Yes").put("rationale", new JsonObject().put("Weight saved", "Light").put("Cost", "Cheap enough")));
    assertThat(shortlisted.status()).as(shortlisted.toString()).isEqualTo(200);
    assertThat(rationaleOf(server.http(), idea)).isEqualTo(new JsonObject().put("Weight saved", "Light").put("Cost", "Cheap enough"));
    assertThat(server.http().getHtml("/i/" + idea).body()).contains("Cheap enough");
  }

  @Test
  @DisplayName("a judge's seats, conflicts and scores go with their data export; deleting the account erases their notes, not the numbers")
  void judgesOwnData() {
    Round r = round(new JsonObject(), "Exported score", "Stepped aside");
    score(r.ann(), r.ideas().get(0), "Ann's private reasoning", "Weight saved", 8, "Cost", 4);
    r.ann().post("/api/ideas/" + r.ideas().get(1) + "/conflict", null);
    Resp export = r.ann().get("/api/me/export");
    assertThat(export.status()).isEqualTo(200);
    JsonObject data = export.json();
    assertThat(data.getJsonArray("jurySeats").getJsonObject(0).getLong("challengeId")).isEqualTo(r.challenge());
    assertThat(data.getJsonArray("juryConflicts").getJsonObject(0).getLong("ideaId")).isEqualTo(r.ideas().get(1));
    JsonObject sheet = data.getJsonArray("juryScores").getJsonObject(0);
    assertThat(sheet.getString("note")).isEqualTo("Ann's private reasoning");
    assertThat(sheet.getJsonObject("scores").getInteger("Weight saved")).isEqualTo(8);
    assertThat(r.ben().get("/api/me/export").json().getJsonArray("juryScores")).isEmpty();

    Resp deleted = r.ann().send("/api/me", "DELETE", new JsonObject().put("password", "correct horse battery"));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    JsonObject tally = item(scoresAs(r.firm(), r.challenge()), r.ideas().get(0));
    assertThat(tally.getDouble("weightedMean")).isEqualTo(6.67);
    assertThat(tally.encode()).doesNotContain("Ann's private reasoning");
  }

  @Test
  @DisplayName("the CSV export carries each criterion's mean and the weighted mean")
  void csvColumns() throws Exception {
    Round r = round(new JsonObject(), "Exported idea", "Unjudged idea");
    score(r.ann(), r.ideas().get(0), "A", "Weight saved", 8, "Cost", 4);
    score(r.ben(), r.ideas().get(0), "B", "Weight saved", 6, "Cost", 9);
    Resp csv = r.firm().get("/api/challenges/" + r.challenge() + "/export.csv");
    assertThat(csv.status()).isEqualTo(200);
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body()))) {
      assertThat(parser.getHeaderNames()).endsWith("mean: Weight saved (weight 3)", "mean: Cost (weight 1.5)", "weightedMean",
          "spread", "judges");
      List<CSVRecord> rows = parser.getRecords();
      CSVRecord judged = rows.get(0);
      assertThat(judged.get("mean: Weight saved (weight 3)")).isEqualTo("7");
      assertThat(judged.get("mean: Cost (weight 1.5)")).isEqualTo("6.5");
      assertThat(judged.get("weightedMean")).isEqualTo("6.83");
      assertThat(judged.get("spread")).isEqualTo("0.17");
      assertThat(judged.get("judges")).isEqualTo("2");
      assertThat(rows.get(1).get("weightedMean")).isEmpty();
    }
  }

  @Test
  @DisplayName("the scoring screen: a labelled 0–10 field per criterion and a note per idea; refused input comes back with its errors")
  void scoringScreenWithoutScript() {
    Round r = round(new JsonObject(), "Screen idea");
    long idea = r.ideas().get(0);
    TestHttp ann = community.browser(r.ann());
    Document screen = Jsoup.parse(ann.getHtml("/c/" + r.challenge() + "/jury").body());
    Element form = screen.selectFirst("#idea-" + idea + " form.score-form");
    assertThat(form).isNotNull();
    List<Element> inputs = form.select("input[type=number]");
    assertThat(inputs).hasSize(2);
    for (Element input : inputs) {
      assertThat(input.attr("min")).isEqualTo("0");
      assertThat(input.attr("max")).isEqualTo("10");
      assertThat(screen.select("label[for=" + input.id() + "]").text()).containsAnyOf("Weight saved (weight 3)", "Cost (weight 1.5)");
    }
    assertThat(screen.select("#idea-" + idea + " form.conflict-form button").text()).isEqualTo("Declare a conflict of interest");

    Resp bad = postForm(ann, "/i/" + idea + "/score", Map.of("score-0", "12", "score-1", "5", "note", "Typed"));
    assertThat(bad.status()).isEqualTo(400);
    Document again = Jsoup.parse(bad.body());
    assertThat(again.selectFirst("#score-" + idea + "-0").attr("aria-invalid")).isEqualTo("true");
    assertThat(again.selectFirst("#score-" + idea + "-1").attr("value")).isEqualTo("5");
    assertThat(again.selectFirst("#note-" + idea).text()).isEqualTo("Typed");

    Resp ok = postForm(ann, "/i/" + idea + "/score", Map.of("score-0", "7", "score-1", "5", "note", "Solid"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(303);
    assertThat(item(scoresAs(r.firm(), r.challenge()), idea).getDouble("weightedMean")).isEqualTo(6.33);
    // The review board shows the tally beside the support rank.
    String board = Jsoup.parse(community.browser(r.firm()).getHtml("/c/" + r.challenge() + "/review").body())
        .select("#idea-" + idea).text();
    assertThat(board).contains("Weighted mean 6.33", "spread 0", "1 judge(s)", "Support rank 1");
    // Someone neither on the firm nor on the jury: 403.
    assertThat(community.browser(r.author()).getHtml("/c/" + r.challenge() + "/jury").status()).isEqualTo(403);
  }

  @Test
  @DisplayName("declining from the review board without a rationale shows the form again with an error per criterion")
  void reviewBoardAsksForRationale() {
    Round r = round(new JsonObject(), "Board idea");
    long idea = r.ideas().get(0);
    score(r.ann(), idea, "Meh", "Weight saved", 2, "Cost", 3);
    r.firm().post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "in_review").put("note", "Looking"));
    TestHttp firm = community.browser(r.firm());
    Resp refused = postForm(firm, "/i/" + idea + "/status", Map.of("status", "shortlisted", "note", "Yes",
        "rationale-0", "Light enough"));
    assertThat(refused.status()).isEqualTo(400);
    Document again = Jsoup.parse(refused.body());
    assertThat(again.selectFirst("#rationale-" + idea + "-1").attr("aria-invalid")).isEqualTo("true");
    assertThat(again.selectFirst("#rationale-" + idea + "-0").text()).isEqualTo("Light enough");
    Resp ok = postForm(firm, "/i/" + idea + "/status", Map.of("status", "shortlisted", "note", "Yes",
        "rationale-0", "Light enough", "rationale-1", "Affordable"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(303);
    assertThat(rationaleOf(r.author(), idea).getString("Cost")).isEqualTo("Affordable");
  }
}
