package dev.cocreate.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.WebhookReceiver;
import dev.cocreate.support.WebhookReceiver.Received;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@DisplayName("Results: recorded after decided, updates told to everyone concerned, rated by supporters")
class ResultsTest {
  static final String SECRET = "a-long-shared-secret-for-results";
  static final String ATOM = "http://www.w3.org/2005/Atom";

  @RegisterExtension static final CocreateServer server =
      CocreateServer.start(new JsonObject().put("webhooksAllowPrivate", true).put("webhookRetryBaseMs", 200));
  @RegisterExtension static final WebhookReceiver receiver = WebhookReceiver.withSecret(SECRET);
  static Community community;


  @BeforeAll
  static void start() throws Exception {
    community = Community.in(server);
  }

  /**
   * A round with two ideas by amy; ben supports both; cat supports the second and follows the
   * first; dan only looks on. The challenge is decided; returns {challenge, ideas, people}.
   */
  record Round(TestHttp firm, String org, long challenge, long first, long second, TestHttp amy, TestHttp ben, TestHttp cat,
      TestHttp dan) {}

  static Round round() {
    TestHttp firm = community.freshMember("rs_firm");
    String org = community.org(firm);
    TestHttp amy = community.freshMember("rs_amy");
    TestHttp ben = community.freshMember("rs_ben");
    TestHttp cat = community.freshMember("rs_cat");
    TestHttp dan = community.freshMember("rs_dan");
    long challenge = community.openChallenge(firm, org, new JsonObject());
    long first = community.submitIdea(amy, challenge, "Refill stations").getLong("id");
    long second = community.submitIdea(amy, challenge, "Deposit pouches").getLong("id");
    for (long idea : List.of(first, second)) {
      assertThat(ben.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    }
    assertThat(cat.put("/api/ideas/" + second + "/support", null).status()).isEqualTo(200);
    community.watch(cat, "/api/ideas/" + first, "watching");
    community.moveChallenge(firm, challenge, "review");
    community.moveChallenge(firm, challenge, "decided");
    return new Round(firm, org, challenge, first, second, amy, ben, cat, dan);
  }

  static List<JsonObject> resultNotifications(TestHttp who) {
    return community.notifications(who).stream().filter(n -> "result_update".equals(n.getString("kind"))).toList();
  }

  @Test
  @DisplayName("an update reaches each author, supporter and follower once, stored and on their live topic, and nobody else")
  void updateReachesEachPersonOnce() {
    Round r = round();
    long result = community.recordResult(r.firm(), r.challenge(), "Refill pilot", List.of(r.first(), r.second())).getLong("id");
    community.updateResult(r.firm(), result, 30, "in_progress", "Two shops equipped");

    for (TestHttp who : List.of(r.amy(), r.ben(), r.cat())) {
      List<JsonObject> got = resultNotifications(who);
      assertThat(got).as(community.username(who)).hasSize(1);
      assertThat(got.get(0).getInteger("count")).isEqualTo(1);
      assertThat(got.get(0).getString("title")).isEqualTo("Refill pilot");
      assertThat(got.get(0).getString("url")).isEqualTo("/c/" + r.challenge() + "/results#result-" + result);
      long id = community.userId(community.username(who));
      assertThat(community.events("user:" + id).stream().filter(e -> "notification.created".equals(e.getString("type"))
          && "result_update".equals(e.getJsonObject("data").getJsonObject("notification").getString("kind"))))
          .as("live notifications of " + community.username(who)).hasSize(1);
    }
    assertThat(resultNotifications(r.dan())).isEmpty();
    assertThat(resultNotifications(r.firm())).isEmpty();
    assertThat(community.count("select count(*) from notifications where kind = 'result_update' and target_id = " + result))
        .isEqualTo(3);

    // A second update: still one notification each, now standing for two updates.
    community.updateResult(r.firm(), result, 60, "in_progress", "Five shops");
    for (TestHttp who : List.of(r.amy(), r.ben(), r.cat())) {
      List<JsonObject> got = resultNotifications(who);
      assertThat(got).hasSize(1);
      assertThat(got.get(0).getInteger("count")).isEqualTo(2);
    }

    // Live on the challenge and on each idea's discussion, with where the result stands.
    List<JsonObject> onChallenge = community.events("challenge:" + r.challenge()).stream()
        .filter(e -> "result.updated".equals(e.getString("type"))).toList();
    assertThat(onChallenge).hasSize(2);
    assertThat(onChallenge.get(1).getJsonObject("data").getInteger("progress")).isEqualTo(60);
    for (long idea : List.of(r.first(), r.second())) {
      long thread = community.count("select id from threads where idea_id = " + idea);
      assertThat(community.events("thread:" + thread).stream().filter(e -> "result.updated".equals(e.getString("type"))))
          .hasSize(2);
    }

    // The timeline keeps both, oldest first.
    JsonObject read = server.http().get("/api/results/" + result).json();
    assertThat(read.getString("status")).isEqualTo("in_progress");
    assertThat(read.getInteger("progress")).isEqualTo(60);
    assertThat(read.getJsonArray("updates").stream().map(u -> ((JsonObject) u).getString("note")))
        .containsExactly("Two shops equipped", "Five shops");
    assertThat(read.getJsonArray("milestones").getJsonObject(0).getString("due")).isEqualTo("2027-03-31");
    assertThat(server.http().get("/api/challenges/" + r.challenge() + "/results").items()).hasSize(1);
  }

  @Test
  @DisplayName("the webhook result.updated is signed, and retried until the receiver takes it")
  void webhookSignedAndRetried() {
    Round r = round();
    Resp hook = r.firm().post("/api/orgs/" + r.org() + "/webhooks", new JsonObject()
        .put("url", receiver.url("/flaky/" + r.org()))
        .put("events", new JsonArray().add("result.updated")).put("secret", SECRET));
    assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
    long hookId = hook.json().getLong("id");
    long result = community.recordResult(r.firm(), r.challenge(), "Hooked result", List.of(r.first())).getLong("id");
    community.updateResult(r.firm(), result, 100, "delivered", "Done");
    Eventually.until("the delivery logged as delivered", () -> {
      JsonArray log = r.firm().get("/api/orgs/" + r.org() + "/webhooks/" + hookId + "/deliveries").items();
      return log.size() == 1 && "delivered".equals(log.getJsonObject(0).getString("status"));
    });
    List<Received> tries = receiver.at("/flaky/" + r.org());
    assertThat(tries.stream().map(Received::answered)).containsExactly(500, 500, 200);
    assertThat(tries).allMatch(Received::signatureValid);
    assertThat(tries.stream().map(Received::delivery).distinct()).hasSize(1);
    JsonObject body = new JsonObject(tries.get(2).body());
    assertThat(body.getString("event")).isEqualTo("result.updated");
    assertThat(tries.get(2).event()).isEqualTo("result.updated");
    assertThat(body.getJsonObject("data").getLong("resultId")).isEqualTo(result);
    assertThat(body.getJsonObject("data").getString("status")).isEqualTo("delivered");
  }

  @Test
  @DisplayName("the results feed is valid Atom: feed id, title, updated, and one escaped entry per update")
  void feedIsAtom() throws Exception {
    Round r = round();
    long result = community.recordResult(r.firm(), r.challenge(), "Feed <b>&</b> result", List.of(r.first())).getLong("id");
    community.updateResult(r.firm(), result, 10, "planned", "Ordering <script>alert(1)</script> & co");
    community.updateResult(r.firm(), result, 50, "in_progress", "Halfway");

    Resp feed = server.http().get("/c/" + r.challenge() + "/results.atom");
    assertThat(feed.status()).isEqualTo(200);
    assertThat(feed.header("Content-Type")).startsWith("application/atom+xml");
    assertThat(feed.body()).doesNotContain("<script>");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(feed.body().getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("feed");
    assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
    for (String required : List.of("id", "title", "updated")) {
      assertThat(direct(root, required)).as(required).hasSize(1);
    }
    List<Element> entries = direct(root, "entry");
    assertThat(entries).hasSize(2);
    for (Element e : entries) {
      for (String required : List.of("id", "title", "updated", "content")) {
        assertThat(direct(e, required)).as("entry " + required).hasSize(1);
      }
    }
    // Newest first; the note's markup arrives as text to show, escaped once more inside the HTML content.
    assertThat(direct(entries.get(0), "title").get(0).getTextContent()).isEqualTo("Feed <b>&</b> result: in progress (50%)");
    assertThat(direct(entries.get(1), "content").get(0).getTextContent())
        .contains("Ordering &lt;script&gt;alert(1)&lt;/script&gt; &amp; co");

    // A draft challenge has no public feed.
    long draft = community.draftChallenge(r.firm(), r.org(), new JsonObject()).getLong("id");
    assertThat(server.http().get("/c/" + draft + "/results.atom").status()).isEqualTo(404);
  }

  static List<Element> direct(Element parent, String name) {
    NodeList all = parent.getElementsByTagNameNS(ATOM, name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      if (all.item(i).getParentNode() == parent) {
        out.add((Element) all.item(i));
      }
    }
    return out;
  }

  @Test
  @DisplayName("once delivered, each supporter rates once (changeable); authors, onlookers and strangers are refused")
  void ratingsOnePerSupporter() {
    Round r = round();
    long result = community.recordResult(r.firm(), r.challenge(), "Rated result", List.of(r.first(), r.second())).getLong("id");
    String path = "/api/results/" + result + "/rating";
    Resp early = r.ben().put(path, new JsonObject().put("stars", 4));
    assertThat(early.status()).as(early.toString()).isEqualTo(409);

    community.updateResult(r.firm(), result, 100, "delivered", "Live in every shop");
    Resp first = r.ben().put(path, new JsonObject().put("stars", 4).put("comment", "Good"));
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().getJsonObject("rating")).isEqualTo(new JsonObject().put("mean", 4.0).put("count", 1));
    assertThat(first.json().getJsonObject("myRating").getString("comment")).isEqualTo("Good");

    JsonObject changed = r.ben().put(path, new JsonObject().put("stars", 2).put("comment", "Slower than hoped")).json();
    assertThat(changed.getJsonObject("rating")).isEqualTo(new JsonObject().put("mean", 2.0).put("count", 1));
    JsonObject second = r.cat().put(path, new JsonObject().put("stars", 5)).json();
    assertThat(second.getJsonObject("rating")).isEqualTo(new JsonObject().put("mean", 3.5).put("count", 2));
    assertThat(community.count("select count(*) from result_ratings where result_id = " + result)).isEqualTo(2);

    assertThat(r.amy().put(path, new JsonObject().put("stars", 5)).status()).as("the author, not a supporter").isEqualTo(403);
    assertThat(r.dan().put(path, new JsonObject().put("stars", 5)).status()).isEqualTo(403);
    assertThat(r.firm().put(path, new JsonObject().put("stars", 5)).status()).isEqualTo(403);
    assertThat(server.http().put(path, new JsonObject().put("stars", 5)).status()).isEqualTo(401);
    Resp bad = r.ben().put(path, new JsonObject().put("stars", 6));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("stars");
    assertThat(server.http().get("/api/results/" + result).json().getJsonObject("rating").getInteger("count")).isEqualTo(2);
  }

  @Test
  @DisplayName("only the firm records results, only once decided, and only with its challenge's ideas")
  void recordingRules() {
    Round r = round();
    TestHttp other = community.freshMember("rs_other");
    String otherOrg = community.org(other);
    long open = community.openChallenge(other, otherOrg, new JsonObject());
    long foreignIdea = community.submitIdea(r.amy(), open, "Elsewhere").getLong("id");
    JsonObject body = new JsonObject().put("title", "T").put("owner", "O").put("ideaIds", new JsonArray().add(r.first()));

    assertThat(r.dan().post("/api/challenges/" + r.challenge() + "/results", body).status()).isEqualTo(403);
    assertThat(server.http().post("/api/challenges/" + r.challenge() + "/results", body).status()).isEqualTo(401);
    assertThat(other.post("/api/challenges/" + open + "/results",
        body.copy().put("ideaIds", new JsonArray().add(foreignIdea))).status()).as("not decided yet").isEqualTo(409);
    Resp foreign = r.firm().post("/api/challenges/" + r.challenge() + "/results",
        body.copy().put("ideaIds", new JsonArray().add(r.first()).add(foreignIdea)));
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.json().getJsonArray("errors").encode()).contains("ideaIds");
    Resp invalid = r.firm().post("/api/challenges/" + r.challenge() + "/results", new JsonObject().put("ideaIds", new JsonArray())
        .put("milestones", new JsonArray().add(new JsonObject().put("title", "M").put("due", "soon"))));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().getJsonArray("errors").encode()).contains("title", "owner", "ideaIds", "milestones[0].due");
    assertThat(community.count("select count(*) from results where challenge_id = " + r.challenge())).isZero();

    long result = community.recordResult(r.firm(), r.challenge(), "Kept", List.of(r.first())).getLong("id");
    Resp stranger = r.dan().post("/api/results/" + result + "/updates", new JsonObject().put("progress", 5).put("status", "planned"));
    assertThat(stranger.status()).isEqualTo(403);
    Resp badUpdate = r.firm().post("/api/results/" + result + "/updates", new JsonObject().put("progress", 101).put("status", "done"));
    assertThat(badUpdate.status()).isEqualTo(400);
    assertThat(badUpdate.json().getJsonArray("errors").encode()).contains("progress", "status");
    assertThat(server.http().get("/api/results/999999").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the results page shows each result and takes the firm's and the supporters' forms, in English and French")
  void resultsPage() {
    Round r = round();
    long result = community.recordResult(r.firm(), r.challenge(), "Refill pilot", List.of(r.first())).getLong("id");
    // The firm posts an update through the page's form, without JavaScript.
    Resp posted = r.firm().form("/c/" + r.challenge() + "/results/" + result + "/updates",
        Map.of("progress", "100", "status", "delivered", "note", "Done in <b>all</b> shops"));
    assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
    Resp refused = r.firm().form("/c/" + r.challenge() + "/results/" + result + "/updates",
        Map.of("progress", "250", "status", "delivered", "note", "Kept note"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Kept note").contains("role=\"alert\"");

    Resp rated = r.ben().form("/c/" + r.challenge() + "/results/" + result + "/rating", Map.of("stars", "5", "comment", "Great"));
    assertThat(rated.status()).as(rated.toString()).isEqualTo(303);
    Resp notSupporter = r.dan().form("/c/" + r.challenge() + "/results/" + result + "/rating", Map.of("stars", "5"));
    assertThat(notSupporter.status()).isEqualTo(403);

    String page = server.http().getHtml("/c/" + r.challenge() + "/results").body();
    assertThat(page).contains("Refill pilot").contains("<progress id=\"progress-" + result + "\" max=\"100\" value=\"100\"")
        .contains("<label for=\"progress-" + result + "\">").contains("Delivered").contains("100% done")
        .contains("Pilot").contains("2027-03-31").contains("Done in &lt;b&gt;all&lt;/b&gt; shops")
        .contains("Rated 5.0 out of 5 by one supporter").contains("results.atom")
        .doesNotContain("/results/" + result + "/updates").doesNotContain("name=\"stars\"");
    String firmPage = r.firm().getHtml("/c/" + r.challenge() + "/results").body();
    assertThat(firmPage).contains("/results/" + result + "/updates").contains("action=\"/c/" + r.challenge() + "/results\"");
    String benPage = r.ben().getHtml("/c/" + r.challenge() + "/results").body();
    assertThat(benPage).contains("name=\"stars\"").contains("Change your rating");

    Resp fr = server.http().send(server.http().builder("/c/" + r.challenge() + "/results").header("Accept", "text/html")
        .header("Accept-Language", "fr").GET());
    assertThat(fr.body()).contains("Livré").contains("100 % réalisé").contains("Chronologie");

    // "What happened" on the idea's page.
    String idea = server.http().getHtml("/i/" + r.first()).body();
    assertThat(idea).contains("What happened").contains("href=\"/c/" + r.challenge() + "/results#result-" + result + "\"")
        .contains("Done in &lt;b&gt;all&lt;/b&gt; shops");
    assertThat(server.http().getHtml("/i/" + r.second()).body()).doesNotContain("What happened");
    assertThat(server.http().getHtml("/c/" + r.challenge()).body()).contains("href=\"/c/" + r.challenge() + "/results\"");

    // Recording through the page: a refused form comes back with what was typed.
    Resp noIdeas = r.firm().form("/c/" + r.challenge() + "/results", Map.of("title", "Typed title", "owner", "Ops"));
    assertThat(noIdeas.status()).isEqualTo(400);
    assertThat(noIdeas.body()).contains("value=\"Typed title\"").contains("result-ideas-error");
    Resp recorded = r.firm().form("/c/" + r.challenge() + "/results", Map.of("title", "Second result", "owner", "Ops",
        "ideaIds", String.valueOf(r.second()), "milestoneTitle-1", "Launch", "milestoneDue-1", "2027-06-01"));
    assertThat(recorded.status()).as(recorded.toString()).isEqualTo(303);
    assertThat(community.count("select count(*) from result_milestones m join results x on x.id = m.result_id "
        + "where x.title = 'Second result' and m.due = '2027-06-01'")).isEqualTo(1);
  }
}
