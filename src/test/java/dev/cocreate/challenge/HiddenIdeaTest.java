package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hiding the opening post of an idea's thread hides the thread; the idea's own title, pitch and
 * body must then be withheld on every path that shows an idea, except from the challenge's staff.
 */
@DisplayName("An idea whose thread is hidden")
class HiddenIdeaTest {
  static final String PLACEHOLDER = "[hidden by a moderator]";
  static final String TITLE = "Quokkafeather tent pegs";
  static final String PITCH = "Zeppelinite pitch words";
  static final String BODY = "Marzipanoid body words";

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp owner;
  static TestHttp teammate;
  static TestHttp author;
  static TestHttp supporter;
  static TestHttp outsider;
  static TestHttp mod;
  static long challenge;
  static long idea;
  static long thread;

  @BeforeAll
  static void start() {
    community = Community.in(server);
    owner = community.freshMember("hi_owner");
    teammate = community.freshMember("hi_team");
    author = community.freshMember("hi_author");
    supporter = community.freshMember("hi_fan");
    outsider = community.freshMember("hi_out");
    mod = community.freshMember("hi_mod");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'moderator' where username = '" + community.username(mod) + "'");
    String org = community.org(owner);
    community.addMember(owner, org, teammate);
    challenge = community.openChallenge(owner, org, new JsonObject());
    Resp submitted = author.post("/api/challenges/" + challenge + "/ideas", new JsonObject().put("title", TITLE)
        .put("pitch", PITCH).put("body", BODY).put("acceptTerms", true));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    idea = submitted.json().getLong("id");
    thread = submitted.json().getLong("threadId");
    assertThat(supporter.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    assertThat(teammate.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);

    long opening = mod.get("/api/threads/" + thread + "/posts").items().getJsonObject(0).getLong("id");
    Resp hidden = mod.post("/api/moderation/actions", new JsonObject().put("action", "hide").put("targetType", "post")
        .put("targetId", opening).put("reason", "Off-topic advertising"));
    assertThat(hidden.status()).as(hidden.toString()).isEqualTo(200);
  }

  /** Everyone who is not the challenge's staff: visitors, members, the idea's supporter and its author. */
  static List<TestHttp> others() {
    return List.of(server.http(), outsider, supporter, author);
  }

  static void withheld(String text) {
    assertThat(text).doesNotContain(TITLE).doesNotContain(PITCH).doesNotContain(BODY);
  }

  @Test
  @DisplayName("the API shows its placeholder, alone and in lists, with its author kept; staff read it, marked hidden")
  void api() {
    for (TestHttp who : others()) {
      Resp one = who.get("/api/ideas/" + idea);
      assertThat(one.status()).as(one.toString()).isEqualTo(200);
      JsonObject i = one.json();
      assertThat(i.getString("title")).isEqualTo(PLACEHOLDER);
      assertThat(i.getString("pitch")).isEqualTo(PLACEHOLDER);
      assertThat(i.getString("body")).isEqualTo(PLACEHOLDER);
      assertThat(i.getString("html")).isEqualTo("<p>" + PLACEHOLDER + "</p>");
      assertThat(i.getBoolean("hidden")).isTrue();
      assertThat(i.getJsonObject("author").getString("username")).isEqualTo(community.username(author));
      Resp list = who.get("/api/challenges/" + challenge + "/ideas");
      assertThat(list.status()).isEqualTo(200);
      withheld(list.body());
      assertThat(list.items().getJsonObject(0).getString("title")).isEqualTo(PLACEHOLDER);
      withheld(who.get("/api/users/" + community.username(supporter) + "/supports").body());
      withheld(who.get("/api/challenges/" + challenge + "/similar?text=Quokkafeather%20tent").body());
    }
    for (TestHttp staff : List.of(owner, teammate, mod)) {
      JsonObject i = staff.get("/api/ideas/" + idea).json();
      assertThat(i.getString("title")).isEqualTo(TITLE);
      assertThat(i.getString("body")).isEqualTo(BODY);
      assertThat(i.getBoolean("hidden")).isTrue();
      JsonObject listed = staff.get("/api/challenges/" + challenge + "/ideas").items().getJsonObject(0);
      assertThat(listed.getString("pitch")).isEqualTo(PITCH);
      assertThat(listed.getBoolean("hidden")).isTrue();
    }
  }

  @Test
  @DisplayName("the challenge page and the idea page show the placeholder; staff see it with a Hidden badge")
  void pages() {
    for (TestHttp who : others()) {
      Resp board = who.getHtml("/c/" + challenge);
      assertThat(board.status()).isEqualTo(200);
      withheld(board.body());
      assertThat(board.body()).contains(PLACEHOLDER);
      Resp page = who.getHtml("/i/" + idea);
      assertThat(page.status()).as("/i/" + idea + " " + page).isEqualTo(200);
      withheld(page.body());
      assertThat(page.body()).contains(PLACEHOLDER);
    }
    for (TestHttp staff : List.of(owner, mod)) {
      String board = staff.getHtml("/c/" + challenge).body();
      assertThat(board).contains(TITLE).contains("idea-hidden");
      Resp page = staff.getHtml("/i/" + idea);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains(TITLE).contains(BODY).contains("idea-hidden");
    }
    assertThat(owner.getHtml("/c/" + challenge + "/review").body()).contains(TITLE).contains("idea-hidden");
  }

  @Test
  @DisplayName("search does not find it but for its staff, and the feeds leave it out")
  void searchAndFeeds() {
    for (TestHttp who : others()) {
      for (String q : List.of("Quokkafeather", "Zeppelinite", "Marzipanoid")) {
        Resp r = who.get("/api/search?q=" + q);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.items()).as(q).isEmpty();
      }
    }
    JsonObject forOwner = owner.get("/api/search?q=Zeppelinite&type=idea").items().getJsonObject(0);
    assertThat(forOwner.getLong("id")).isEqualTo(idea);
    // The team reads the idea, not its hidden thread: the hit leads to the idea's own page.
    assertThat(forOwner.getString("url")).isEqualTo("/i/" + idea);
    assertThat(forOwner.containsKey("threadId")).isFalse();
    // Whoever reads the thread reads the idea on its own page too, where its discussion is.
    assertThat(mod.get("/api/search?q=Marzipanoid&type=idea").items().getJsonObject(0).getString("url"))
        .isEqualTo("/i/" + idea);

    Resp spaceFeed = server.http().get("/feeds/spaces/ideas.atom");
    assertThat(spaceFeed.status()).isEqualTo(200);
    withheld(spaceFeed.body());
    assertThat(server.http().get("/feeds/threads/" + thread + ".atom").status()).isEqualTo(404);
    withheld(server.http().get("/feeds/challenges.atom").body());
  }

  @Test
  @DisplayName("the CSV export is the team's: it lists the idea marked hidden; nobody else gets it")
  void export() throws Exception {
    for (TestHttp who : List.of(outsider, supporter, author)) {
      Resp r = who.get("/api/challenges/" + challenge + "/export.csv");
      assertThat(r.status()).isEqualTo(403);
      withheld(r.body());
    }
    assertThat(server.http().get("/api/challenges/" + challenge + "/export.csv").status()).isIn(401, 403);
    Resp csv = teammate.get("/api/challenges/" + challenge + "/export.csv");
    assertThat(csv.status()).isEqualTo(200);
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv.body()))) {
      CSVRecord row = parser.getRecords().get(0);
      assertThat(row.get("title")).isEqualTo(TITLE);
      assertThat(row.get("hidden")).isEqualTo("true");
    }
  }

  @Test
  @DisplayName("a status change tells its staff, never a supporter or author who cannot read it")
  void notifications() {
    Resp answered = owner.post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "in_review").put("note", "Looking"));
    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    assertThat(statusNotices(supporter)).isEmpty();
    assertThat(statusNotices(author)).isEmpty();
    List<JsonObject> team = statusNotices(teammate);
    assertThat(team).hasSize(1);
    assertThat(team.get(0).getString("url")).isEqualTo("/i/" + idea);
  }

  static List<JsonObject> statusNotices(TestHttp who) {
    Resp r = who.get("/api/notifications?limit=100");
    assertThat(r.status()).isEqualTo(200);
    return r.items().stream().map(o -> (JsonObject) o).filter(n -> n.getString("kind").equals("idea_status")).toList();
  }

  @Test
  @DisplayName("a browser page of the idea answers 200 with the placeholder, not 404 for the hidden thread")
  void ideaPageWithoutDiscussion() {
    Resp page = outsider.getHtml("/i/" + idea);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).doesNotContain("/t/" + thread + "/reply");
  }
}
