package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reply tree's shape as the server draws it, before any script: branches that fold with their
 * count, avatars, the controls a live reply is given, and placeholders in the page's language. The
 * flat rendering past the nesting cap is in ForumPagesTest; folding by click and key in the browser
 * in DeepThreadBrowserTest.
 */
@DisplayName("Deep threads on the thread page")
class DeepThreadPageTest {
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();
  static TestHttp admin;
  static TestHttp ada;
  static TestHttp bea;

  @BeforeAll
  static void start() {
    admin = server.http();
    long adminId = admin.register("shape_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminId);
    ada = server.http();
    ada.register("ada_lovelace");
    bea = server.http();
    bea.register("bea");
    Resp space = admin.post("/api/spaces", new JsonObject().put("slug", "shapes").put("name", "Shapes").put("description", "Trees")
        .put("visibility", "public"));
    assertThat(space.status()).as(space.toString()).isEqualTo(201);
  }

  static JsonObject thread(TestHttp who, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", "shapes").put("title", title).put("body", "Opening of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static long reply(TestHttp who, long threadId, long parentId, String body) {
    Resp r = who.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", body).put("parentId", parentId));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static Document page(TestHttp who, String path, String language) {
    HttpRequest.Builder b = who.builder(path).header("Accept", "text/html").header("Accept-Language", language).GET();
    Resp r = who.send(b);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return Jsoup.parse(r.body());
  }

  @Test
  @DisplayName("a post with replies folds its branch with a details element whose summary is the thread line and counts every reply under it")
  void branchesFoldWithTheirCount() {
    JsonObject t = thread(ada, "Branches");
    long threadId = t.getLong("id");
    long opening = t.getJsonObject("firstPost").getLong("id");
    long a = reply(bea, threadId, opening, "A");
    long a1 = reply(ada, threadId, a, "A1");
    reply(bea, threadId, a1, "A1x");
    long b = reply(ada, threadId, opening, "B");

    Document doc = page(server.http(), "/t/" + threadId, "en");
    Element branch = doc.selectFirst("#p" + a + " > details.branch");
    assertThat(branch).isNotNull();
    assertThat(branch.hasAttr("open")).as("branches start open").isTrue();
    Element line = branch.child(0);
    assertThat(line.tagName()).as("the summary comes first, so the branch folds without script").isEqualTo("summary");
    assertThat(line.hasClass("thread-line")).isTrue();
    assertThat(line.selectFirst(".fold").text()).isEqualTo("Hide the 2 replies to BEA");
    assertThat(line.selectFirst(".unfold").text()).isEqualTo("Show 2 hidden replies");
    assertThat(branch.select("li.post")).hasSize(2);
    assertThat(doc.selectFirst("#p" + a1 + " > details.branch > summary .fold").text()).isEqualTo("Hide the reply to ADA_LOVELACE");
    assertThat(doc.selectFirst("#p" + opening + " > details.branch > summary .unfold").text()).isEqualTo("Show 4 hidden replies");
    assertThat(doc.select("#p" + b + " > details.branch")).as("a post without replies has no fold").isEmpty();
    assertThat(doc.select("#p" + b + " > ol.replies")).as("but a list for the live replies to come").hasSize(1);

    Document french = page(server.http(), "/t/" + threadId, "fr");
    assertThat(french.selectFirst("#p" + a + " > details.branch > summary .fold").text()).isEqualTo("Masquer les 2 réponses à BEA");
  }

  @Test
  @DisplayName("each post has its author's generated avatar, the same picture for the same member, served as an SVG of their initials")
  void avatars() {
    JsonObject t = thread(ada, "Faces");
    long threadId = t.getLong("id");
    reply(bea, threadId, t.getJsonObject("firstPost").getLong("id"), "Hello");
    Document doc = page(server.http(), "/t/" + threadId, "en");
    assertThat(doc.select("li.post > article img.avatar").eachAttr("src"))
        .containsExactly("/avatars/ada_lovelace.svg", "/avatars/bea.svg");
    assertThat(doc.select("li.post > article img.avatar").eachAttr("alt")).as("decorative: the name is beside it").containsOnly("");

    Resp svg = server.http().get("/avatars/ada_lovelace.svg");
    assertThat(svg.status()).isEqualTo(200);
    assertThat(svg.header("Content-Type")).isEqualTo("image/svg+xml");
    assertThat(svg.header("Cache-Control")).contains("max-age=86400");
    assertThat(svg.body()).contains(">AL</text>");
    assertThat(server.http().get("/avatars/ada_lovelace.svg").body()).isEqualTo(svg.body());
    assertThat(server.http().get("/avatars/bea.svg").body()).contains(">B</text>");
    assertThat(server.http().get("/avatars/%3Cscript%3E.svg").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a member's page carries the controls a live reply gets (flag, and edit and delete for their own), with its own form token")
  void controlsForLiveReplies() {
    JsonObject t = thread(ada, "Controls");
    long threadId = t.getLong("id");
    Document doc = page(bea, "/t/" + threadId, "en");
    Element template = doc.selectFirst("template.post-controls");
    assertThat(template).isNotNull();
    assertThat(template.attr("data-staff")).isEqualTo("false");
    String html = template.html();
    assertThat(html).contains("action=\"/posts/__ID__/flag\"").contains("id=\"flag-reason-__ID__\"")
        .contains("action=\"/posts/__ID__/delete\"").contains("href=\"/posts/__ID__/edit\"")
        .contains("value=\"" + doc.selectFirst("meta[name=csrf-token]").attr("content") + "\"");
    assertThat(page(admin, "/t/" + threadId, "en").selectFirst("template.post-controls").attr("data-staff")).isEqualTo("true");
    assertThat(page(server.http(), "/t/" + threadId, "en").selectFirst("template.post-controls").html())
        .as("a visitor may do nothing to a post").doesNotContain("<form").doesNotContain("edit");
  }

  @Test
  @DisplayName("a post hidden by a moderator reads '[masqué par un modérateur]' on a French page")
  void placeholdersInThePagesLanguage() {
    JsonObject t = thread(ada, "Hidden");
    long threadId = t.getLong("id");
    long spam = reply(bea, threadId, t.getJsonObject("firstPost").getLong("id"), "Buy now");
    Resp hidden = admin.post("/api/moderation/actions", new JsonObject().put("action", "hide").put("targetType", "post")
        .put("targetId", spam).put("reason", "spam"));
    assertThat(hidden.status()).as(hidden.toString()).isLessThan(300);
    assertThat(page(ada, "/t/" + threadId, "fr").selectFirst("#p" + spam + " .post-body").text()).isEqualTo("[masqué par un modérateur]");
    assertThat(page(ada, "/t/" + threadId, "en").selectFirst("#p" + spam + " .post-body").text()).isEqualTo("[hidden by a moderator]");
  }
}
