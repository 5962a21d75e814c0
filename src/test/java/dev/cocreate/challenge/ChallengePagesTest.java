package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Challenge pages")
class ChallengePagesTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("the challenge page shows the brief and the ideas in support order, with one h1 and no inline script")
  void briefAndLeaderboard() {
    TestHttp owner = community.freshMember("cp_owner");
    String org = community.org(owner);
    long id = community.openChallenge(owner, org, new JsonObject());
    long low = community.submitIdea(community.freshMember("cp_a"), id, "Low support idea").getLong("id");
    long high = community.submitIdea(community.freshMember("cp_b"), id, "High support idea").getLong("id");
    long mid = community.submitIdea(community.freshMember("cp_c"), id, "Middle support idea").getLong("id");
    for (int i = 0; i < 3; i++) {
      TestHttp fan = community.freshMember("cp_fan");
      fan.put("/api/ideas/" + high + "/support", new JsonObject());
      if (i < 2) {
        fan.put("/api/ideas/" + mid + "/support", new JsonObject());
      }
    }

    Document doc = server.http().page("/c/" + id);
    assertThat(doc.select("h1")).hasSize(1);
    assertThat(doc.selectFirst("h1").text()).isEqualTo("Lighter tents for long trails");
    assertThat(doc.selectFirst(".brief").text()).contains("Trailhead 2", "under 1.6 kg", "Recycled fabrics only.",
        "EUR 5,000", "You keep authorship");
    assertThat(doc.select(".brief script")).as("the brief's HTML is sanitized").isEmpty();
    assertThat(doc.select("table.criteria tbody tr").eachText()).containsExactly("Weight saved 3", "Cost 1.5");
    assertThat(doc.selectFirst(".badge.phase").text()).isEqualTo("Open");
    assertThat(doc.selectFirst(".countdown").attr("data-closes-at")).isNotBlank();
    assertThat(doc.select(".idea-list > li").eachAttr("data-idea-id"))
        .containsExactly(String.valueOf(high), String.valueOf(mid), String.valueOf(low));
    assertThat(doc.select(".idea-list > li .support-count").eachText()).containsExactly("3", "2", "0");
    assertThat(doc.select(".team-tools")).as("no team tools for outsiders").isEmpty();
    assertThat(doc.select("script").stream().allMatch(s -> s.hasAttr("src") && s.data().isBlank())).isTrue();

    Document list = server.http().page("/challenges");
    assertThat(list.select(".challenge-card a[href=/c/" + id + "]")).hasSize(1);
    Document home = server.http().page("/");
    assertThat(home.select(".home-challenges a[href=/c/" + id + "]")).hasSize(1);
  }

  @Test
  @DisplayName("a draft is 404 to outsiders and visible to its team, with only the allowed transition offered")
  void draftsAreHidden() {
    TestHttp owner = community.freshMember("cp_draft_owner");
    String org = community.org(owner);
    long id = community.draftChallenge(owner, org, new JsonObject()).getLong("id");

    assertThat(server.http().getHtml("/c/" + id).status()).isEqualTo(404);
    assertThat(community.browser(community.freshMember("cp_outsider")).getHtml("/c/" + id).status()).isEqualTo(404);
    Document doc = community.browser(owner).page("/c/" + id);
    assertThat(doc.select(".team-tools input[name=to]").eachAttr("value")).containsExactly("open");
    assertThat(server.http().page("/orgs/" + org).select("a[href=/c/" + id + "]")).isEmpty();
  }

  @Test
  @DisplayName("the review board is refused to members outside the firm and sends anonymous visitors to sign in")
  void reviewBoardIsForTheTeam() {
    TestHttp owner = community.freshMember("cp_rev_owner");
    long id = community.openChallenge(owner, community.org(owner), new JsonObject());
    assertThat(community.browser(community.freshMember("cp_rev_outsider")).getHtml("/c/" + id + "/review").status()).isEqualTo(403);
    Resp anonymous = server.http().getHtml("/c/" + id + "/review");
    assertThat(anonymous.status()).isEqualTo(303);
    assertThat(anonymous.header("Location")).startsWith("/login");
    assertThat(community.browser(owner).page("/c/" + id + "/review").select("h1").text()).isEqualTo("Review board");
  }

  @Test
  @DisplayName("submitting an idea without accepting the IP terms shows the error next to the checkbox and keeps the draft")
  void termsMustBeAccepted() {
    TestHttp owner = community.freshMember("cp_terms_owner");
    long id = community.openChallenge(owner, community.org(owner), new JsonObject());
    TestHttp author = community.browser(community.freshMember("cp_terms_author"));
    Document form = author.page("/c/" + id + "/new");
    assertThat(form.selectFirst(".ip-terms").text()).contains("You keep authorship");

    Resp r = author.postForm("/c/" + id + "/new", Map.of("title", "Solar tent pegs", "pitch", "Pegs that glow", "body", "Details"));
    assertThat(r.status()).isEqualTo(400);
    Document doc = Jsoup.parse(r.body());
    Element box = doc.selectFirst("#acceptTerms");
    assertThat(box.attr("aria-invalid")).isEqualTo("true");
    assertThat(doc.getElementById(box.attr("aria-describedby")).text()).contains("IP terms");
    assertThat(doc.selectFirst("#title").val()).isEqualTo("Solar tent pegs");
    assertThat(community.count("select count(*) from ideas where challenge_id = " + id)).isZero();

    Resp ok = author.postForm("/c/" + id + "/new", Map.of("title", "Solar tent pegs", "pitch", "Pegs that glow", "body",
        "Details", "acceptTerms", "true"));
    assertThat(ok.status()).isEqualTo(303);
    assertThat(ok.header("Location")).matches("/i/\\d+");
    Document idea = author.page(ok.header("Location"));
    assertThat(idea.selectFirst("h1").text()).isEqualTo("Solar tent pegs");
  }

  @Test
  @DisplayName("supporting through the form raises the count, and withdrawing lowers it again")
  void supportThroughTheForm() {
    TestHttp owner = community.freshMember("cp_sup_owner");
    long id = community.openChallenge(owner, community.org(owner), new JsonObject());
    long idea = community.submitIdea(community.freshMember("cp_sup_author"), id, "Foldable poles").getLong("id");
    TestHttp fan = community.browser(community.freshMember("cp_sup_fan"));

    Element form = fan.page("/c/" + id).selectFirst("#idea-" + idea + " form.support-form");
    assertThat(form.selectFirst("button").val()).isEqualTo("support");
    Resp r = fan.postForm(form.attr("action"), Map.of("action", "support", "back", form.selectFirst("input[name=back]").val()));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.header("Location")).isEqualTo("/c/" + id + "#idea-" + idea);
    Document after = fan.page("/c/" + id);
    assertThat(after.selectFirst("#idea-" + idea + " .support-count").text()).isEqualTo("1");
    assertThat(after.selectFirst("#idea-" + idea + " form.support-form button").val()).isEqualTo("withdraw");

    fan.postForm("/i/" + idea + "/support", Map.of("action", "withdraw", "back", "/i/" + idea));
    assertThat(fan.page("/i/" + idea).selectFirst(".idea-support .support-count").text()).isEqualTo("0");
    Resp offsite = fan.postForm("/i/" + idea + "/support", Map.of("action", "support", "back", "//evil.example/"));
    assertThat(offsite.header("Location")).isEqualTo("/i/" + idea);
  }

  @Test
  @DisplayName("an answer from the review board, note required, shows on the idea page's official responses")
  void answerShowsOnTheIdeaPage() {
    TestHttp owner = community.freshMember("cp_ans_owner");
    long id = community.openChallenge(owner, community.org(owner), new JsonObject());
    long idea = community.submitIdea(community.freshMember("cp_ans_author"), id, "Graphene flysheet").getLong("id");
    TestHttp team = community.browser(owner);

    Document board = team.page("/c/" + id + "/review");
    Element form = board.selectFirst("#idea-" + idea + " form.answer-form");
    assertThat(form.select("select[name=status] option").eachAttr("value")).containsExactly("in_review");

    Resp missing = team.postForm("/i/" + idea + "/status", Map.of("status", "in_review", "note", ""));
    assertThat(missing.status()).isEqualTo(400);
    Element note = Jsoup.parse(missing.body()).selectFirst("#note-" + idea);
    assertThat(note.attr("aria-invalid")).isEqualTo("true");
    assertThat(Jsoup.parse(missing.body()).getElementById(note.attr("aria-describedby"))).isNotNull();

    Resp ok = team.postForm("/i/" + idea + "/status", Map.of("status", "in_review", "note", "Our lab tests it next week."));
    assertThat(ok.status()).isEqualTo(303);
    Document page = server.http().page("/i/" + idea);
    assertThat(page.selectFirst(".badge.status").text()).isEqualTo("In review");
    assertThat(page.select(".response-list .response").eachText()).singleElement().asString()
        .contains("In review", "Our lab tests it next week.");
  }

  @Test
  @DisplayName("the firm's team creates a brief through the form; criteria errors show inline and empty rows are ignored")
  void briefForm() {
    TestHttp owner = community.freshMember("cp_form_owner");
    String org = community.org(owner);
    TestHttp team = community.browser(owner);
    assertThat(team.page("/c/new?org=" + org).select("input[name^=criterionName]")).hasSize(5);
    assertThat(community.browser(community.freshMember("cp_form_outsider")).getHtml("/c/new?org=" + org).status()).isEqualTo(403);
    Map<String, String> fields = new LinkedHashMap<>(Map.of("org", org, "title", "Quieter zips", "summary", "Zips that do not wake the camp",
        "problem", "Zips are loud.", "desiredOutcomes", "Silence.", "ipTerms", "Shared licence.",
        "closesAt", LocalDateTime.now().plusDays(10).withNano(0).withSecond(0).toString()));
    fields.put("criterionName0", "Noise");
    fields.put("criterionWeight0", "heavy");
    Resp bad = team.postForm("/c/new", fields);
    assertThat(bad.status()).isEqualTo(400);
    Document doc = Jsoup.parse(bad.body());
    assertThat(doc.selectFirst("#criteria-error").text()).contains("weight");
    assertThat(doc.selectFirst("#title").val()).isEqualTo("Quieter zips");

    fields.put("criterionWeight0", "2");
    fields.put("criterionName2", "Cost");
    fields.put("criterionWeight2", "1.5");
    Resp ok = team.postForm("/c/new", fields);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(303);
    Document created = team.page(ok.header("Location"));
    assertThat(created.select("table.criteria tbody tr").eachText()).containsExactly("Noise 2", "Cost 1.5");
    assertThat(created.selectFirst(".badge.phase").text()).isEqualTo("Draft");
    assertThat(List.of(created.select(".team-tools a").eachAttr("href").toArray()))
        .contains(ok.header("Location") + "/review", ok.header("Location") + "/edit");
  }

  @Test
  @DisplayName("the firm's page shows statistics with an SVG chart to its team only")
  void orgPage() {
    TestHttp owner = community.freshMember("cp_org_owner");
    String org = community.org(owner);
    long id = community.openChallenge(owner, org, new JsonObject());
    community.submitIdea(community.freshMember("cp_org_author"), id, "Hammock mode");
    Document outside = server.http().page("/orgs/" + org);
    assertThat(outside.select("h1")).hasSize(1);
    assertThat(outside.select("a[href=/c/" + id + "]")).hasSize(1);
    assertThat(outside.select(".org-stats")).isEmpty();
    Document inside = community.browser(owner).page("/orgs/" + org);
    assertThat(inside.select(".org-stats svg.chart rect.bar-ideas")).hasSize(30);
    assertThat(inside.select(".org-stats [style]")).isEmpty();
    assertThat(inside.selectFirst(".org-stats").text()).contains("Top contributors", "CP_ORG_AUTHOR");
  }
}
