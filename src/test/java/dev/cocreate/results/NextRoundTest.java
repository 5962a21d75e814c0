package dev.cocreate.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The next round: linked both ways, opened after a reported result or with a public reason")
class NextRoundTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("opening while the previous round reported nothing is 409; with a reason it opens, logged and shown on the page")
  void openingWithoutAResultNeedsAReason() {
    TestHttp firm = community.freshMember("nr_firm");
    String org = community.org(firm);
    TestHttp amy = community.freshMember("nr_amy");
    long previous = community.decidedChallenge(firm, org, amy, "First idea");
    long next = community.draftChallenge(firm, org, new JsonObject().put("title", "Round two").put("previousRound", previous))
        .getLong("id");
    assertThat(firm.get("/api/challenges/" + next).json().getLong("previousRound")).isEqualTo(previous);
    assertThat(server.http().get("/api/challenges/" + previous).json().getValue("nextRound"))
        .as("a draft next round is not shown to the public").isNull();

    Resp refused = firm.post("/api/challenges/" + next + "/transition", new JsonObject().put("to", "open"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().getString("detail")).contains("reported no result");
    Resp blank = firm.post("/api/challenges/" + next + "/transition", new JsonObject().put("to", "open").put("reason", "   "));
    assertThat(blank.status()).isEqualTo(409);
    assertThat(community.count("select count(*) from challenge_round_log where challenge_id = " + next)).isZero();
    assertThat(firm.get("/api/challenges/" + next).json().getString("phase")).isEqualTo("draft");

    String reason = "The pilot runs late; <b>we</b> open now so the season is not lost.";
    Resp opened = firm.post("/api/challenges/" + next + "/transition", new JsonObject().put("to", "open").put("reason", reason));
    assertThat(opened.status()).as(opened.toString()).isEqualTo(200);
    assertThat(opened.json().getString("phase")).isEqualTo("open");

    JsonObject entry = server.http().get("/api/challenges/" + next + "/round-log").items().getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("opened_without_result");
    assertThat(entry.getString("reason")).isEqualTo(reason);
    assertThat(entry.getJsonObject("actor").getString("username")).isEqualTo(community.username(firm));
    assertThat(entry.getString("at")).isNotBlank();
    assertThat(entry.getJsonObject("details").getLong("previousRound")).isEqualTo(previous);

    // Both link each other, in the API and on the pages; the reason is public.
    assertThat(server.http().get("/api/challenges/" + previous).json().getLong("nextRound")).isEqualTo(next);
    String nextPage = server.http().getHtml("/c/" + next).body();
    assertThat(nextPage).contains("href=\"/c/" + previous + "\" rel=\"prev\"")
        .contains("The pilot runs late; &lt;b&gt;we&lt;/b&gt; open now so the season is not lost.")
        .contains("The previous round has reported no result.");
    assertThat(server.http().getHtml("/c/" + previous).body()).contains("href=\"/c/" + next + "\" rel=\"next\"").contains("Round two");
  }

  @Test
  @DisplayName("after a reported result the next round opens without a reason and shows what the previous one delivered")
  void openingAfterAResult() {
    TestHttp firm = community.freshMember("nr2_firm");
    String org = community.org(firm);
    TestHttp amy = community.freshMember("nr2_amy");
    long previous = community.decidedChallenge(firm, org, amy, "Solar lamps");
    long result = community.recordResult(firm, previous, "Lamps in every hut", community.ideaIds(previous)).getLong("id");
    community.updateResult(firm, result, 100, "delivered", "All huts lit");
    long next = community.draftChallenge(firm, org, new JsonObject().put("previousRound", previous)).getLong("id");
    community.moveChallenge(firm, next, "open");
    assertThat(community.count("select count(*) from challenge_round_log where challenge_id = " + next)).isZero();
    String page = server.http().getHtml("/c/" + next).body();
    assertThat(page).contains("What the previous round delivered")
        .contains("href=\"/c/" + previous + "/results#result-" + result + "\"").contains("Lamps in every hut").contains("Delivered");
    Resp fr = server.http().send(server.http().builder("/c/" + next).header("Accept", "text/html").header("Accept-Language", "fr").GET());
    assertThat(fr.body()).contains("Ce que l'édition précédente a livré").contains("Livré");

    // One next round per round, of the same org, never itself.
    Resp second = firm.post("/api/challenges", Community.brief(org).put("previousRound", previous));
    assertThat(second.status()).isEqualTo(409);
    TestHttp rival = community.freshMember("nr2_rival");
    String rivalOrg = community.org(rival);
    Resp foreign = rival.post("/api/challenges", Community.brief(rivalOrg).put("previousRound", previous));
    assertThat(foreign.status()).isEqualTo(400);
    assertThat(foreign.json().getJsonArray("errors").encode()).contains("previousRound");
    Resp self = firm.patch("/api/challenges/" + next, new JsonObject().put("previousRound", next));
    assertThat(self.status()).isIn(400, 409);
  }

  @Test
  @DisplayName("the firm gives its reason on the challenge page's form, without JavaScript")
  void reasonThroughThePage() {
    TestHttp firm = community.freshMember("nr3_firm");
    String org = community.org(firm);
    long previous = community.decidedChallenge(firm, org, community.freshMember("nr3_amy"), "Idea");
    long next = community.draftChallenge(firm, org, new JsonObject().put("previousRound", previous)).getLong("id");
    String team = firm.getHtml("/c/" + next).body();
    assertThat(team).contains("name=\"reason\"").contains("Why open it now?");
    Resp refused = firm.form("/c/" + next + "/transition", Map.of("to", "open"));
    assertThat(refused.status()).isEqualTo(303);
    assertThat(firm.get("/api/challenges/" + next).json().getString("phase")).isEqualTo("draft");
    Resp opened = firm.form("/c/" + next + "/transition", Map.of("to", "open", "reason", "Funding ends this month"));
    assertThat(opened.status()).isEqualTo(303);
    assertThat(firm.get("/api/challenges/" + next).json().getString("phase")).isEqualTo("open");
    assertThat(server.http().getHtml("/c/" + next).body()).contains("Funding ends this month");
    assertThat(List.of(community.count("select count(*) from challenge_round_log where challenge_id = " + next))).containsExactly(1L);
  }

  @Test
  @DisplayName("the brief form names the previous round, and refuses one of another org next to the field")
  void briefFormNamesThePreviousRound() {
    TestHttp firm = community.freshMember("nr4_firm");
    String org = community.org(firm);
    long previous = community.decidedChallenge(firm, org, community.freshMember("nr4_amy"), "Idea");
    TestHttp rival = community.freshMember("nr4_rival");
    long foreign = community.openChallenge(rival, community.org(rival), new JsonObject());
    long next = community.draftChallenge(firm, org, new JsonObject()).getLong("id");
    Map<String, String> form = new HashMap<>(Map.of("title", "Round two", "summary", "S", "problem", "P",
        "desiredOutcomes", "D", "ipTerms", "I", "closesAt", LocalDateTime.now().plusDays(20).withSecond(0).withNano(0)
            .toString(), "criterionName0", "Impact", "criterionWeight0", "1"));
    assertThat(firm.getHtml("/c/" + next + "/edit").body()).contains("name=\"previousRound\"");

    form.put("previousRound", String.valueOf(foreign));
    Resp refused = firm.form("/c/" + next + "/edit", form);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("previousRound-error").contains("value=\"" + foreign + "\"");

    form.put("previousRound", String.valueOf(previous));
    Resp saved = firm.form("/c/" + next + "/edit", form);
    assertThat(saved.status()).as(saved.toString()).isEqualTo(303);
    assertThat(firm.get("/api/challenges/" + next).json().getLong("previousRound")).isEqualTo(previous);
  }
}
