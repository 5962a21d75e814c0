package dev.cocreate.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Full text search")
class SearchApiTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp author;
  static TestHttp other;
  static TestHttp insider;
  static TestHttp outsider;
  static TestHttp mod;
  static long titleThread;
  static long bodyPost;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("s_admin");
    author = community.member("s_author");
    other = community.member("s_other");
    insider = community.member("s_insider");
    outsider = community.member("s_outsider");
    mod = community.withRole("s_mod", "moderator");
    community.space("pub", "public");
    community.space("club", "group");
    community.space("mem", "members");
    community.admin().put("/api/spaces/club/members/s_insider", new JsonObject());

    titleThread = community.thread(author, "pub", "Solar panels on the school roof", "Who pays for the installation?").getLong("id");
    long unrelated = community.thread(other, "pub", "Street lights at night", "They are too bright.").getLong("id");
    bodyPost = community.reply(other, unrelated, null, "Street lights could run on solar panels, like the school's.").getLong("id");

    long phrases = community.thread(other, "pub", "Roofs", "Opening words.").getLong("id");
    community.reply(author, phrases, null, "The roof is green and flat.");
    community.reply(author, phrases, null, "We want a green roof here.");
    community.reply(author, phrases, null, "A bicycle lane with a helmet rule.");
    community.reply(author, phrases, null, "A bicycle lane for everyone.");
    community.reply(author, phrases, null, "Rent a kayak on the river.");
    community.reply(author, phrases, null, "Or a canoe, cheaper.");
    community.reply(author, phrases, null, "Marzipan <img src=x onerror=alert(1)> & \"quotes\" are tasty.");

    community.thread(insider, "club", "Zeppelin landing site", "Only the club knows about the zeppelin.");
    community.thread(author, "mem", "Members discuss the quokka", "Quokka sightings.");

    TestHttp owner = community.member("s_owner");
    owner.post("/api/orgs", new JsonObject().put("slug", "search-co").put("name", "Search Co"));
    JsonObject brief = new JsonObject().put("org", "search-co").put("summary", "Make hammocks lighter.")
        .put("problem", "Our hammock weighs too much.").put("desiredOutcomes", "Light.").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Weight").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(10).withNano(0).toString());
    long open = owner.post("/api/challenges", brief.copy().put("title", "Featherweight hammock")).json().getLong("id");
    owner.post("/api/challenges/" + open + "/transition", new JsonObject().put("to", "open"));
    owner.post("/api/challenges", brief.copy().put("title", "Secret draft hammock brief").put("summary", "Unicorn"));
    Resp idea = other.post("/api/challenges/" + open + "/ideas", new JsonObject().put("title", "Carbon poles")
        .put("pitch", "Swap steel for carbon").put("body", "A lighter hammock frame.").put("acceptTerms", true));
    assertThat(idea.status()).as(idea.toString()).isEqualTo(201);
  }

  @Test
  @DisplayName("ideas and public challenges are found; drafts are not")
  void ideasAndChallenges() {
    List<JsonObject> found = hits(server.http(), "hammock");
    assertThat(found).extracting(h -> h.getString("type")).startsWith("challenge").contains("idea");
    assertThat(found.get(0).getString("title")).isEqualTo("Featherweight hammock");
    assertThat(found).noneMatch(h -> h.getString("title").contains("Secret draft"));
    assertThat(hits(server.http(), "unicorn")).isEmpty();
    List<JsonObject> ideas = hits(server.http(), "carbon&type=idea".replace("&type=idea", ""));
    // The idea's thread is the idea: it is listed once, as the idea.
    assertThat(ideas).extracting(h -> h.getString("type")).containsExactly("idea");
    Resp onlyIdeas = server.http().get("/api/search?q=carbon&type=idea");
    assertThat(onlyIdeas.items()).hasSize(1);
    assertThat(onlyIdeas.items().getJsonObject(0).getString("url")).startsWith("/i/");
    assertThat(server.http().get("/api/search?q=hammock&type=challenge&author=s_owner").items()).hasSize(1);
  }

  static Resp search(TestHttp who, String query) {
    return who.get("/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  static List<JsonObject> hits(TestHttp who, String query) {
    Resp r = search(who, query);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.items().forEach(o -> out.add((JsonObject) o));
    return out;
  }

  @Test
  @DisplayName("a title match ranks above a body match, and matched words are highlighted")
  void titleAboveBody() {
    List<JsonObject> found = hits(server.http(), "solar panels");
    assertThat(found).hasSize(2);
    assertThat(found.get(0).getString("type")).isEqualTo("thread");
    assertThat(found.get(0).getLong("id")).isEqualTo(titleThread);
    assertThat(found.get(0).getString("titleHtml")).isEqualTo("<mark>Solar</mark> <mark>panels</mark> on the school roof");
    assertThat(found.get(0).getString("url")).isEqualTo("/t/" + titleThread);
    assertThat(found.get(1).getString("type")).isEqualTo("post");
    assertThat(found.get(1).getLong("id")).isEqualTo(bodyPost);
    assertThat(found.get(1).getString("snippet")).contains("<mark>solar</mark> <mark>panels</mark>");
    assertThat(found.get(0).getFloat("rank")).isGreaterThan(found.get(1).getFloat("rank"));
  }

  @Test
  @DisplayName("quotes match a phrase, -word excludes, or matches either")
  void webSearchSyntax() {
    assertThat(hits(other, "\"green roof\"")).extracting(h -> h.getString("snippet"))
        .containsExactly("We want a <mark>green</mark> <mark>roof</mark> here.");
    assertThat(hits(other, "green roof")).hasSize(2);
    assertThat(hits(other, "bicycle -helmet")).extracting(h -> h.getString("snippet"))
        .containsExactly("A <mark>bicycle</mark> lane for everyone.");
    assertThat(hits(other, "kayak or canoe")).hasSize(2);
    assertThat(hits(other, "kayak canoe")).isEmpty();
  }

  @Test
  @DisplayName("a private group's content is found by its members and moderators only; members-only content needs sign-in")
  void respectsReadRights() {
    assertThat(hits(server.http(), "zeppelin")).isEmpty();
    assertThat(hits(outsider, "zeppelin")).isEmpty();
    assertThat(hits(outsider, "zeppelin or solar")).noneMatch(h -> h.getString("title").contains("Zeppelin"));
    assertThat(hits(insider, "zeppelin")).extracting(h -> h.getString("title")).containsExactly("Zeppelin landing site");
    assertThat(hits(mod, "zeppelin")).hasSize(1);
    assertThat(hits(outsider, "zeppelin -solar")).isEmpty();
    assertThat(hits(server.http(), "quokka")).isEmpty();
    assertThat(hits(outsider, "quokka")).hasSize(1);
  }

  @Test
  @DisplayName("snippets escape the text: only the <mark> tags are HTML")
  void snippetsAreEscaped() {
    List<JsonObject> found = hits(other, "marzipan");
    assertThat(found).hasSize(1);
    String snippet = found.get(0).getString("snippet");
    assertThat(snippet).startsWith("<mark>Marzipan</mark>").contains("&lt;img").doesNotContain("<img").contains("&amp;")
        .contains("&quot;quotes&quot;");
    assertThat(snippet.replace("<mark>", "").replace("</mark>", "")).doesNotContain("<").doesNotContain(">");
  }

  @Test
  @DisplayName("filters by type, space, author and date, and pages with a cursor")
  void filtersAndPages() {
    assertThat(hits(other, "solar")).hasSize(2);
    assertThat(hits(other, "solar&type=post")).isEmpty(); // '&' is part of the query here
    Resp posts = other.get("/api/search?q=solar&type=post");
    assertThat(posts.items()).hasSize(1);
    assertThat(other.get("/api/search?q=solar&type=thread").items()).hasSize(1);
    assertThat(other.get("/api/search?q=solar&author=s_other").items()).hasSize(1);
    assertThat(other.get("/api/search?q=solar&author=nobody_at_all").items()).isEmpty();
    assertThat(other.get("/api/search?q=solar&space=pub").items()).hasSize(2);
    assertThat(other.get("/api/search?q=solar&space=mem").items()).isEmpty();
    assertThat(other.get("/api/search?q=solar&from=2000-01-01&to=2999-12-31").items()).hasSize(2);
    assertThat(other.get("/api/search?q=solar&to=2000-01-01").items()).isEmpty();

    Resp first = other.get("/api/search?q=solar&limit=1");
    assertThat(first.items()).hasSize(1);
    String cursor = first.json().getString("nextCursor");
    assertThat(cursor).isNotNull();
    Resp second = other.get("/api/search?q=solar&limit=1&cursor=" + cursor);
    assertThat(second.items()).hasSize(1);
    assertThat(second.items().getJsonObject(0).getString("type")).isEqualTo("post");
    assertThat(second.json().getString("nextCursor")).isNull();
  }

  @Test
  @DisplayName("odd input never fails the server: empty and NUL are 400, symbols and broken syntax find nothing")
  void oddInput() {
    TestHttp anon = server.http();
    assertThat(anon.get("/api/search").status()).isEqualTo(400);
    assertThat(anon.get("/api/search?q=").status()).isEqualTo(400);
    assertThat(anon.get("/api/search?q=%20%20").status()).isEqualTo(400);
    assertThat(anon.get("/api/search?q=solar%00").status()).isEqualTo(400);
    for (String odd : List.of("!!!", "&&&|||", "\"", "\"unbalanced", "-", "- -", "or", "or or", "(((", ":*", "'\\''", "the",
        "<script>alert(1)</script>", "🙂", "a:b:c", "-solar", "\u0001\u0002")) {
      Resp r = search(anon, odd);
      assertThat(r.status()).as("q=" + odd + " -> " + r).isEqualTo(200);
    }
    // 10 KB: refused by the request line limit (431) before any route runs; never a 500.
    Resp big = anon.get("/api/search?q=" + "word%20".repeat(1500));
    assertThat(big.status()).as(big.toString()).isIn(400, 414, 431);
    Resp longest = search(anon, "solar -\"x\" or ".repeat(40).substring(0, 500));
    assertThat(longest.status()).as(longest.toString()).isEqualTo(200);
    assertThat(anon.get("/api/search?q=" + "x".repeat(600)).status()).isEqualTo(400);
    assertThat(anon.get("/api/search?q=solar&type=video").status()).isEqualTo(400);
    assertThat(anon.get("/api/search?q=solar&from=yesterday").status()).isEqualTo(400);
    assertThat(anon.get("/api/search?q=solar&cursor=garbage").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("the search page shows highlighted results and works without JavaScript")
  void searchPage() {
    Resp empty = server.http().getHtml("/search");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body()).contains("role=\"search\"");
    Resp page = server.http().getHtml("/search?q=solar");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<mark>Solar</mark>").contains("/t/" + titleThread);
    Resp bad = server.http().getHtml("/search?q=");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(server.http().getHtml("/search?q=zeppelin").body()).doesNotContain("Zeppelin landing");
  }
}
