package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Support stages and budgets on the pages, without JavaScript, in English and French")
class SupportStagesPageTest {
  static final TestClock clock = TestClock.startingNow();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject(), clock);
  static Community community;

  @BeforeAll
  static void setUp() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("Idea cards and the idea page show a labelled stage bar and the stage's countdown; the brief lists the stages")
  void stageBarAndCountdown() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.stagedChallenge(owner, org, Community.twoStages(), null, clock.instant());
    long idea = community.submitIdea(community.freshMember("author"), challenge, "Staged card").getLong("id");
    community.supportersViaSql(idea, "fans", 42);

    Document board = server.http().page("/c/" + challenge, "en");
    Element card = board.getElementById("idea-" + idea);
    assertThat(card.selectFirst(".threshold-text").text()).isEqualTo("42 / 100 supporters, stage 1 of 2");
    Element bar = card.selectFirst("progress");
    assertThat(bar.attr("max")).isEqualTo("100");
    assertThat(bar.attr("value")).isEqualTo("42");
    assertThat(bar.attr("aria-labelledby")).isEqualTo(card.selectFirst(".threshold-text").id());
    assertThat(card.selectFirst(".closes-in").text()).isEqualTo("60 days left");
    assertThat(board.select("ol.support-stages li").eachText())
        .containsExactly("100 supporters within 60 days", "200 supporters within 365 days");

    Document ideaPage = server.http().page("/i/" + idea, "en");
    assertThat(ideaPage.selectFirst(".idea-support .threshold-text").text()).isEqualTo("42 / 100 supporters, stage 1 of 2");
    assertThat(ideaPage.selectFirst(".idea-support .closes-in").text()).isEqualTo("60 days left");

    Document french = server.http().page("/i/" + idea, "fr");
    assertThat(french.selectFirst(".idea-support .threshold-text").text()).isEqualTo("42 soutiens sur 100, étape 1 sur 2");
    assertThat(french.selectFirst(".idea-support .closes-in").text()).isEqualTo("60 jours restants");
    assertThat(server.http().page("/c/" + challenge, "fr").select("ol.support-stages li").eachText())
        .containsExactly("100 soutiens en 60 jours", "200 soutiens en 365 jours");

    // In review, support is over: the bar stays, the countdown goes.
    community.moveChallenge(owner, challenge, "review");
    Element reviewed = server.http().page("/c/" + challenge, "en").getElementById("idea-" + idea);
    assertThat(reviewed.selectFirst(".threshold-text").text()).isEqualTo("42 / 100 supporters, stage 1 of 2");
    assertThat(reviewed.select(".closes-in")).isEmpty();
  }

  @Test
  @DisplayName("An expired idea is labelled in words; its author, and only they, gets the resubmit button, which works without script")
  void expiredIdeaAndResubmitButton() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.stagedChallenge(owner, org, Community.twoStages(), null, clock.instant());
    TestHttp author = community.freshMember("author");
    long idea = community.submitIdea(author, challenge, "Lapsed card").getLong("id");
    community.exec("update ideas set stage_deadline = now() - interval '400 days' where id = " + idea);
    community.awaitCount("select count(*) from ideas where id = " + idea + " and status = 'expired'", 1);

    TestHttp authorBrowser = community.browser(author);
    Document own = authorBrowser.page("/i/" + idea, "en");
    assertThat(own.selectFirst(".badge.status").text()).isEqualTo("Expired");
    assertThat(own.selectFirst(".idea-expired").text()).contains("missed its support stage");
    assertThat(own.select("form.support-form")).isEmpty();
    assertThat(own.selectFirst("form.resubmit-form").attr("action")).isEqualTo("/i/" + idea + "/resubmit");
    Document frOwn = authorBrowser.page("/i/" + idea, "fr");
    assertThat(frOwn.selectFirst(".badge.status").text()).isEqualTo("Expirée");
    assertThat(frOwn.selectFirst("form.resubmit-form button").text()).startsWith("Soumettre à nouveau");

    TestHttp other = community.browser(community.freshMember("other"));
    Document theirs = other.page("/c/" + challenge, "en");
    assertThat(theirs.getElementById("idea-" + idea).select(".idea-expired")).hasSize(1);
    assertThat(theirs.getElementById("idea-" + idea).select("form.resubmit-form")).isEmpty();
    assertThat(other.postForm("/i/" + idea + "/resubmit", Map.of()).status()).isEqualTo(403);

    Resp resubmitted = authorBrowser.postForm("/i/" + idea + "/resubmit", Map.of());
    assertThat(resubmitted.status()).as(resubmitted.toString()).isEqualTo(303);
    assertThat(resubmitted.header("Location")).endsWith("/i/" + idea);
    Document back = authorBrowser.page("/i/" + idea, "en");
    assertThat(back.selectFirst(".badge.status").text()).isEqualTo("Submitted");
    assertThat(back.selectFirst(".threshold-text").text()).isEqualTo("0 / 100 supporters, stage 1 of 2");
  }

  @Test
  @DisplayName("A member reads how many supports they have left on the challenge and idea pages")
  void supportsLeft() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.stagedChallenge(owner, org, new JsonArray(), 3, clock.instant());
    long idea = community.submitIdea(community.freshMember("author"), challenge, "Budgeted").getLong("id");
    TestHttp member = community.freshMember("member");
    TestHttp memberBrowser = community.browser(member);
    assertThat(memberBrowser.page("/c/" + challenge, "en").selectFirst(".support-budget").text())
        .isEqualTo("3 of 3 supports left in this challenge");
    assertThat(memberBrowser.postForm("/i/" + idea + "/support", Map.of("action", "support")).status()).isEqualTo(303);
    assertThat(memberBrowser.page("/i/" + idea, "en").selectFirst(".support-budget").text())
        .isEqualTo("2 of 3 supports left in this challenge");
    assertThat(memberBrowser.page("/i/" + idea, "fr").selectFirst(".support-budget").text())
        .isEqualTo("Il vous reste 2 soutiens sur 3 dans ce défi");
    assertThat(server.http().page("/c/" + challenge, "en").select(".support-budget")).as("visitors have no budget").isEmpty();
    assertThat(server.http().page("/c/" + challenge, "en").selectFirst(".brief").text())
        .contains("Each member may support up to 3 ideas here at once");
  }

  @Test
  @DisplayName("The brief form sets stages and a budget, and shows a stage's error by its row with the input kept")
  void briefFormStages() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp ownerBrowser = community.browser(owner);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("org", org);
    form.put("title", "Staged by form");
    form.put("summary", "S");
    form.put("problem", "P");
    form.put("desiredOutcomes", "D");
    form.put("ipTerms", "I");
    form.put("closesAt", clock.instant().plusSeconds(86_400 * 90).toString().substring(0, 16));
    form.put("criterionName0", "Impact");
    form.put("criterionWeight0", "1");
    form.put("supportThreshold", "200");
    form.put("stageSupporters0", "100");
    form.put("stageDays0", "60");
    form.put("stageSupporters1", "150");
    form.put("stageDays1", "30");
    form.put("supportBudget", "4");
    Resp refused = ownerBrowser.postForm("/c/new?org=" + org, form);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    Document again = Jsoup.parse(refused.body());
    assertThat(again.getElementById("stages-error").text()).contains("Stage 2", "must equal supportThreshold");
    assertThat(again.getElementById("stageSupporters1").val()).isEqualTo("150");

    form.put("stageSupporters1", "200");
    Resp created = ownerBrowser.postForm("/c/new?org=" + org, form);
    assertThat(created.status()).as(created.toString()).isEqualTo(303);
    long id = Long.parseLong(created.header("Location").replaceAll("^.*/c/(\\d+).*$", "$1"));
    JsonObject challenge = server.http().token(owner.token()).get("/api/challenges/" + id).json();
    assertThat(challenge.getJsonArray("supportStages")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("supporters", 100).put("withinDays", 60))
        .add(new JsonObject().put("supporters", 200).put("withinDays", 30)));
    assertThat(challenge.getInteger("supportBudget")).isEqualTo(4);
    Document edit = ownerBrowser.page("/c/" + id + "/edit", "en");
    assertThat(edit.getElementById("stageDays1").val()).isEqualTo("30");
    assertThat(edit.getElementById("supportBudget").val()).isEqualTo("4");
  }
}
