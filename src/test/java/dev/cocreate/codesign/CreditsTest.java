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

@DisplayName("The credit ledger: one entry per co-authorship, accepted amendment and incorporated reply")
class CreditsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("co-authorship, an accepted amendment and an incorporated reply each add one entry, whatever is repeated")
  void oneEntryEach() {
    TestHttp author = community.freshMember("author");
    TestHttp coauthor = community.freshMember("coauthor");
    TestHttp proposer = community.freshMember("proposer");
    TestHttp replier = community.freshMember("replier");
    JsonObject created = community.ideaToCodesign(community.freshMember("firm"), author, "Tap");
    long idea = created.getLong("id");
    community.coauthor(author, idea, coauthor, true);
    assertThat(coauthor.post("/api/ideas/" + idea + "/coauthors/accept", new JsonObject()).status()).isEqualTo(409);
    long amendment = community.amend(proposer, idea, "Details of a *Tap* that saves water", "Save water").getLong("id");
    assertThat(coauthor.post("/api/amendments/" + amendment + "/accept", new JsonObject()).status()).isEqualTo(200);
    long post = community.reply(replier, created.getLong("threadId"), "Use an aerator").getLong("id");
    Resp first = author.post("/api/posts/" + post + "/incorporated", new JsonObject());
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    Resp again = coauthor.post("/api/posts/" + post + "/incorporated", new JsonObject());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getLong("id")).isEqualTo(first.json().getLong("id"));

    List<JsonObject> credits = community.credits(community.freshMember("reader"), idea);
    assertThat(credits).extracting(c -> c.getString("kind") + ":" + c.getJsonObject("user").getString("username"))
        .containsExactly("coauthor:" + community.username(coauthor), "amendment:" + community.username(proposer),
            "reply:" + community.username(replier));
    assertThat(credits.get(2).getString("url")).isEqualTo("/posts/" + post);
  }

  @Test
  @DisplayName("only replies of the idea's discussion, and not the authors' own, can be incorporated")
  void onlyOthersRepliesInTheDiscussion() {
    TestHttp author = community.freshMember("author");
    JsonObject created = community.ideaToCodesign(community.freshMember("firm"), author, "Pen");
    long own = community.reply(author, created.getLong("threadId"), "My own addition").getLong("id");
    assertThat(author.post("/api/posts/" + own + "/incorporated", new JsonObject()).status()).isEqualTo(409);
    long plain = community.thread(author, "ideas", "Not an idea").getLong("id");
    long elsewhere = community.reply(community.freshMember("replier"), plain, "Elsewhere").getLong("id");
    assertThat(author.post("/api/posts/" + elsewhere + "/incorporated", new JsonObject()).status()).isEqualTo(409);
    assertThat(author.post("/api/posts/999999999/incorporated", new JsonObject()).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("credits.csv escapes quotes, commas and line breaks, and defuses formulas")
  void csvExport() {
    TestHttp author = community.freshMember("author");
    TestHttp proposer = community.freshMember("prop");
    community.exec("update users set display_name = '=HYPERLINK(\"x\"), \"Bob\"' where username = '"
        + community.username(proposer) + "'");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Mug").getLong("id");
    long amendment = community.amend(proposer, idea, "Details of a *Mug*, bigger", "").getLong("id");
    assertThat(author.post("/api/amendments/" + amendment + "/accept", new JsonObject()).status()).isEqualTo(200);

    Resp csv = community.freshMember("reader").getHtml("/i/" + idea + "/credits.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).isEqualTo("kind,username,displayName,sourceId,url,createdAt");
    assertThat(lines[1]).contains(",\"'=HYPERLINK(\"\"x\"\"), \"\"Bob\"\"\",");
    assertThat(lines[1]).startsWith("amendment," + community.username(proposer) + ",").contains(",/i/" + idea + "/amendments/" + amendment + ",");
  }
}
