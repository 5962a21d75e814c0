package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Reward split: proposed among the credited, consented by everyone named, required to accept, then frozen")
class RewardSplitTest {
  static final String SECRET = "a-long-shared-secret-for-splits";
  static final String TERMS = "You keep authorship; Acme gets a licence to build it.";

  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("webhooksAllowPrivate", true));
  @RegisterExtension static final WebhookReceiver receiver = WebhookReceiver.withSecret(SECRET);
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("split");
  }

  /** An idea by {@code author} in a new firm's open challenge (with a reward unless {@code reward} is empty). */
  record Setup(TestHttp firm, String org, long challenge, long idea) {}

  static Setup idea(TestHttp author, String reward) {
    TestHttp firm = community.freshMember("firm");
    String org = community.org(firm);
    long challenge = community.openChallenge(firm, org, new JsonObject().put("reward", reward));
    return new Setup(firm, org, challenge, community.submitIdea(author, challenge, "Folding kayak").getLong("id"));
  }

  static String name(TestHttp m) {
    return community.username(m);
  }

  static Resp propose(TestHttp who, long idea, JsonObject body) {
    return who.put("/api/ideas/" + idea + "/split", body);
  }

  static JsonObject percent(Object... pairs) {
    JsonObject shares = new JsonObject();
    for (int i = 0; i < pairs.length; i += 2) {
      shares.put((String) pairs[i], pairs[i + 1]);
    }
    return new JsonObject().put("shares", shares);
  }

  static void assertProblem(Resp r, int status, String field) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    if (field != null) {
      assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field"))).contains(field);
    }
  }

  @Test
  @DisplayName("every refusal; 409 on accept until agreed; accepted, frozen with the IP terms, and a signed idea.split_agreed")
  void wholeLifecycle() throws Exception {
    TestHttp author = community.freshMember("author");
    TestHttp coauthor = community.freshMember("coauthor");
    TestHttp amender = community.freshMember("amender");
    TestHttp outsider = community.freshMember("outsider");
    Setup s = idea(author, "EUR 5,000 and a prototype");
    long idea = s.idea();
    Resp hook = s.firm().post("/api/orgs/" + s.org() + "/webhooks", new JsonObject().put("url", receiver.url("/split/" + s.org()))
        .put("events", new JsonArray().add("idea.split_agreed")).put("secret", SECRET));
    assertThat(hook.status()).as(hook.toString()).isEqualTo(201);
    community.coauthor(author, idea, coauthor, true);
    long amendment = community.amend(amender, idea, "Details of a *folding Kayak* with a sail", "A sail").getLong("id");
    assertThat(author.post("/api/amendments/" + amendment + "/accept", new JsonObject()).status()).isEqualTo(200);

    // Refusals of a proposal: not an author, shares that do not add up, someone outside the ledger, no shares at all.
    assertProblem(propose(outsider, idea, percent(name(author), 100)), 403, null);
    assertProblem(propose(amender, idea, percent(name(amender), 100)), 403, null);
    Resp ninety = propose(author, idea, percent(name(author), 50, name(coauthor), 40));
    assertProblem(ninety, 422, "shares");
    assertThat(ninety.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("90%");
    assertProblem(propose(author, idea, percent(name(author), 50, name(outsider), 50)), 422, "shares." + name(outsider));
    assertProblem(propose(author, idea, new JsonObject()), 400, "shares");
    assertProblem(propose(author, idea, percent(name(author), 101)), 400, "shares." + name(author));

    // The page's form refuses the same way, in words next to the shares, what was typed kept.
    TestHttp authorBrowser = community.browser(name(author));
    Resp refused = authorBrowser.form("/i/" + idea + "/split", Map.of("_csrf", authorBrowser.cookie("cc_csrf"),
        "share-" + name(author), "50", "share-" + name(coauthor), "40"));
    assertThat(refused.status()).isEqualTo(422);
    Document form = Jsoup.parse(refused.body());
    assertThat(form.select("#shares-error").text()).contains("must add up to 100% (these add up to 90%)");
    assertThat(form.select("#share-" + name(coauthor)).attr("value")).isEqualTo("40");

    JsonObject split = propose(author, idea, percent(name(author), 50, name(coauthor), 30, name(amender), 20)).json();
    assertThat(split.getInteger("round")).isEqualTo(1);
    assertThat(split.getString("status")).isEqualTo("open");
    assertThat(consentOf(split, author)).as("the proposal is its proposer's consent").isEqualTo("consented");
    assertThat(consentOf(split, coauthor)).isEqualTo("pending");
    assertThat(community.notifications(coauthor).stream().filter(n -> n.getString("kind").equals("split_proposed")))
        .as("the people named are asked").hasSize(1);
    assertThat(community.notifications(author).stream().filter(n -> n.getString("kind").equals("split_proposed")))
        .as("not its proposer").isEmpty();

    // Only those named answer; the idea page shows who consented and who is pending.
    assertProblem(outsider.post("/api/ideas/" + idea + "/split/consent", new JsonObject()), 403, null);
    Document page = Jsoup.parse(outsider.getHtml("/i/" + idea).body());
    assertThat(page.select("#codesign").text()).contains("Waiting for consents").contains("Consented:")
        .contains("Waiting for:");

    // Accepting is 409 while a consent is missing, on the API and as a readable message on the review form.
    community.shortlist(s.firm(), idea);
    Resp early = community.answerIdea(s.firm(), idea, "accepted");
    assertProblem(early, 409, null);
    assertThat(early.json().getString("detail")).contains("split is not agreed yet (2 of 3 named people have not consented)");
    TestHttp firmBrowser = community.browser(name(s.firm()));
    Resp review = firmBrowser.form("/i/" + idea + "/status", Map.of("_csrf", firmBrowser.cookie("cc_csrf"), "status", "accepted",
        "note", "Building it"));
    assertThat(review.status()).isEqualTo(409);
    assertThat(Jsoup.parse(review.body()).text()).contains("split is not agreed yet");

    // A decline sends it back: no one can consent until a new proposal, which clears every answer.
    community.consentSplit(coauthor, idea);
    assertThat(amender.post("/api/ideas/" + idea + "/split/decline", new JsonObject()).json().getString("status"))
        .isEqualTo("declined");
    assertProblem(coauthor.post("/api/ideas/" + idea + "/split/consent", new JsonObject()), 409, null);
    split = propose(coauthor, idea, new JsonObject().put("basisPoints", new JsonObject()
        .put(name(author), 3334).put(name(coauthor), 3333).put(name(amender), 3333))).json();
    assertThat(split.getInteger("round")).isEqualTo(2);
    assertThat(consentOf(split, author)).as("answers cleared by the new proposal").isEqualTo("pending");
    assertThat(shareOf(split, amender).getString("percent")).isEqualTo("33.33");
    assertProblem(author.post("/api/ideas/" + idea + "/split/consent", new JsonObject().put("round", 1)), 409, null);
    community.consentSplit(author, idea);
    assertThat(community.consentSplit(amender, idea).getString("status")).isEqualTo("agreed");

    // Agreed: accepted, the split frozen with the IP terms, and nothing about it changes any more.
    Resp accepted = community.answerIdea(s.firm(), idea, "accepted");
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    JsonObject frozen = outsider.get("/api/ideas/" + idea + "/split").json().getJsonObject("split");
    assertThat(frozen.getString("status")).isEqualTo("frozen");
    assertThat(frozen.getString("ipTermsSha256")).isEqualTo(sha256(TERMS));
    assertThat(community.strings("select ip_terms from idea_splits where idea_id = " + idea)).containsExactly(TERMS);
    assertProblem(propose(author, idea, percent(name(author), 100)), 409, null);
    assertProblem(author.post("/api/ideas/" + idea + "/split/decline", new JsonObject()), 409, null);
    assertProblem(coauthor.post("/api/ideas/" + idea + "/split/consent", new JsonObject()), 409, null);
    // A later change of the brief's terms does not change what was agreed.
    assertThat(s.firm().patch("/api/challenges/" + s.challenge(), new JsonObject().put("ipTerms", "New terms.")).status())
        .isEqualTo(200);
    assertThat(outsider.get("/api/ideas/" + idea + "/split").json().getJsonObject("split").getString("ipTermsSha256"))
        .isEqualTo(sha256(TERMS));

    // The org hears of it once, signed with its webhook's secret.
    Eventually.until("idea.split_agreed delivered", () -> !receiver.at("/split/" + s.org()).isEmpty());
    List<WebhookReceiver.Received> got = receiver.at("/split/" + s.org());
    assertThat(got).hasSize(1).allMatch(WebhookReceiver.Received::signatureValid);
    assertThat(got.get(0).event()).isEqualTo("idea.split_agreed");
    JsonObject data = new JsonObject(got.get(0).body()).getJsonObject("data");
    assertThat(data.getLong("ideaId")).isEqualTo(idea);
    assertThat(data.getJsonObject("ipTerms").getString("sha256")).isEqualTo(sha256(TERMS));
    assertThat(data.getJsonArray("shares").stream().mapToInt(o -> ((JsonObject) o).getInteger("basisPoints")).sum())
        .isEqualTo(10_000);

    // The member's data export has their share.
    JsonArray shares = amender.get("/api/me/export").json().getJsonArray("splitShares");
    assertThat(shares.getJsonObject(0).getInteger("basisPoints")).isEqualTo(3333);
  }

  @Test
  @DisplayName("a re-proposal racing the acceptance: one of them wins, and the idea and its split agree with each other")
  void reproposalRacesAcceptance() {
    for (int round = 0; round < 3; round++) {
      TestHttp author = community.freshMember("racer");
      TestHttp coauthor = community.freshMember("partner");
      Setup s = idea(author, "A prize");
      long idea = s.idea();
      community.coauthor(author, idea, coauthor, true);
      community.proposeSplit(author, idea, Map.of(name(author), 50, name(coauthor), 50));
      community.consentSplit(coauthor, idea);
      community.shortlist(s.firm(), idea);

      List<Integer> answers = Community.parallel(2, 2, i -> i == 0
          ? propose(author, idea, percent(name(author), 60, name(coauthor), 40)).status()
          : community.answerIdea(s.firm(), idea, "accepted").status());
      JsonObject split = author.get("/api/ideas/" + idea + "/split").json().getJsonObject("split");
      String status = author.get("/api/ideas/" + idea).json().getString("status");
      if (answers.get(1) == 200) {
        assertThat(answers.get(0)).as("the proposal came after the acceptance").isEqualTo(409);
        assertThat(status).isEqualTo("accepted");
        assertThat(split.getString("status")).isEqualTo("frozen");
        assertThat(split.getInteger("round")).isEqualTo(1);
        assertThat(split.getJsonArray("shares").stream().allMatch(o -> ((JsonObject) o).getString("consent").equals("consented")))
            .isTrue();
      } else {
        assertThat(answers).containsExactly(200, 409);
        assertThat(status).isEqualTo("shortlisted");
        assertThat(split.getString("status")).isEqualTo("open");
        assertThat(split.getInteger("round")).isEqualTo(2);
      }
    }
  }

  @Test
  @DisplayName("a dispute is a credit flag in the moderation queue, raised by people in the ledger only; no reward, no split")
  void disputeAndNoReward() {
    TestHttp author = community.freshMember("disputed");
    TestHttp amender = community.freshMember("claimant");
    TestHttp outsider = community.freshMember("bystander");
    Setup s = idea(author, "Glory and EUR 100");
    long idea = s.idea();
    long amendment = community.amend(amender, idea, "Details of a *folding Kayak*, lighter", "Lighter").getLong("id");
    assertThat(author.post("/api/amendments/" + amendment + "/accept", new JsonObject()).status()).isEqualTo(200);

    JsonObject note = new JsonObject().put("note", "My amendment was most of the design.");
    assertProblem(outsider.post("/api/ideas/" + idea + "/split/dispute", note), 403, null);
    assertProblem(amender.post("/api/ideas/" + idea + "/split/dispute", new JsonObject()), 400, "note");
    Resp flagged = amender.post("/api/ideas/" + idea + "/split/dispute", note);
    assertThat(flagged.status()).as(flagged.toString()).isEqualTo(201);
    assertThat(flagged.json().getString("reason")).isEqualTo("credit");
    long post = community.count("select t.first_post_id from threads t where t.idea_id = " + idea);
    assertThat(flagged.json().getLong("targetId")).isEqualTo(post);
    assertProblem(amender.post("/api/ideas/" + idea + "/split/dispute", note), 409, null);

    JsonObject item = community.mod().get("/api/moderation/queue?limit=100").items().stream().map(o -> (JsonObject) o)
        .filter(o -> o.getLong("targetId") == post).findFirst().orElseThrow();
    assertThat(item.getJsonArray("flags").getJsonObject(0).getString("reason")).isEqualTo("credit");
    Document queue = Jsoup.parse(community.browser(name(community.mod())).getHtml("/mod").body());
    assertThat(queue.text()).contains("Dispute over credit or reward split");

    // A challenge without a reward has nothing to split, and its ideas are accepted without one.
    Setup plain = idea(author, "");
    assertProblem(propose(author, plain.idea(), percent(name(author), 100)), 409, null);
    community.shortlist(plain.firm(), plain.idea());
    assertThat(community.answerIdea(plain.firm(), plain.idea(), "accepted").status()).isEqualTo(200);
  }

  static String consentOf(JsonObject split, TestHttp who) {
    return shareOf(split, who).getString("consent");
  }

  static JsonObject shareOf(JsonObject split, TestHttp who) {
    String username = name(who);
    return split.getJsonArray("shares").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getJsonObject("user").getString("username").equals(username)).findFirst().orElseThrow();
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
