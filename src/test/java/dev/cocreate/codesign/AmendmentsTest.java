package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Amendments: accepted once into an iteration crediting the proposer, declined with a reason kept")
class AmendmentsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("concurrent accepts of one amendment make one iteration and one credit entry; the others get 409")
  void concurrentAcceptsOnce() {
    TestHttp author = community.freshMember("author");
    TestHttp coauthor = community.freshMember("coauthor");
    TestHttp proposer = community.freshMember("proposer");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Boat").getLong("id");
    community.coauthor(author, idea, coauthor, true);
    long amendment = community.amend(proposer, idea, "Details of a *sailing Boat*", "Add a sail").getLong("id");

    List<Integer> statuses = Community.parallel(8, 8, i ->
        (i % 2 == 0 ? author : coauthor).post("/api/amendments/" + amendment + "/accept", new JsonObject()).status());
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);

    assertThat(community.count("select count(*) from idea_iterations where idea_id = " + idea)).as("original + one").isEqualTo(2);
    assertThat(community.count("select count(*) from idea_iterations where amendment_id = " + amendment)).isEqualTo(1);
    List<JsonObject> credits = community.credits(proposer, idea).stream()
        .filter(c -> c.getString("kind").equals("amendment")).toList();
    assertThat(credits).hasSize(1);
    assertThat(credits.get(0).getJsonObject("user").getString("username")).isEqualTo(community.username(proposer));
    assertThat(credits.get(0).getLong("sourceId")).isEqualTo(amendment);

    JsonObject latest = author.get("/api/ideas/" + idea + "/iterations").json().getJsonArray("items").getJsonObject(1);
    assertThat(latest.getString("body")).isEqualTo("Details of a *sailing Boat*");
    assertThat(latest.getJsonObject("author").getString("username")).as("credited as its author")
        .isEqualTo(community.username(proposer));
    assertThat(latest.getLong("amendmentId")).isEqualTo(amendment);
    JsonObject answered = proposer.get("/api/amendments/" + amendment).json();
    assertThat(answered.getString("status")).isEqualTo("accepted");
    assertThat(answered.getInteger("iteration")).isEqualTo(2);
  }

  @Test
  @DisplayName("a declined amendment keeps its reason, shown on its page; it can no longer be accepted")
  void declinedKeepsReason() {
    TestHttp author = community.freshMember("author");
    TestHttp proposer = community.freshMember("proposer");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Bike").getLong("id");
    long amendment = community.amend(proposer, idea, "Details of a *motor Bike*", "Add a motor").getLong("id");

    Resp noReason = author.post("/api/amendments/" + amendment + "/decline", new JsonObject());
    assertThat(noReason.status()).isEqualTo(400);
    Resp declined = author.post("/api/amendments/" + amendment + "/decline",
        new JsonObject().put("reason", "A motor breaks the weight target <b>sadly</b>"));
    assertThat(declined.status()).as(declined.toString()).isEqualTo(200);
    assertThat(declined.json().getString("status")).isEqualTo("declined");

    JsonObject read = community.freshMember("reader").get("/api/amendments/" + amendment).json();
    assertThat(read.getString("reason")).isEqualTo("A motor breaks the weight target <b>sadly</b>");
    assertThat(author.post("/api/amendments/" + amendment + "/accept", new JsonObject()).status()).isEqualTo(409);
    assertThat(community.count("select count(*) from idea_iterations where idea_id = " + idea)).isZero();
    String page = proposer.getHtml("/i/" + idea + "/amendments/" + amendment).body();
    assertThat(page).contains("A motor breaks the weight target &lt;b&gt;sadly&lt;/b&gt;");
  }

  @Test
  @DisplayName("an amendment's discussion is a thread in the idea's space, linked from the amendment")
  void discussedInAThread() {
    TestHttp author = community.freshMember("author");
    TestHttp proposer = community.freshMember("proposer");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Cup").getLong("id");
    JsonObject amendment = community.amend(proposer, idea, "Details of a *Cup* with a lid", "A lid");
    long thread = amendment.getLong("threadId");
    JsonObject t = author.get("/api/threads/" + thread).json();
    assertThat(t.getString("space")).isEqualTo("ideas");
    community.reply(author, thread, "Why a lid?");
    assertThat(proposer.getHtml("/i/" + idea + "/amendments/" + amendment.getLong("id")).body())
        .contains("href=\"/t/" + thread + "\"");
  }
}
