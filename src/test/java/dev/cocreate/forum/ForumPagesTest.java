package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.forum.markdown.HtmlSafety;
import dev.cocreate.forum.markdown.XssCorpusTest;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Forum pages")
class ForumPagesTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp insider;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    insider = server.http();
    insider.register("insider");
    community.space("town", "public");
    community.space("inner", "group", "insider");
  }

  static Document page(TestHttp http, String path) {
    Resp r = http.getHtml(path);
    assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    return Jsoup.parse(r.body(), server.baseUrl());
  }

  /** Signs a browser in through the login form, as a person would. */
  static TestHttp browser(String username) {
    TestHttp http = server.http();
    http.register(username);
    return signIn(http, username);
  }

  /** Signs an existing account in through the login form, in a fresh cookie jar. */
  static TestHttp signIn(String username) {
    return signIn(server.http(), username);
  }

  private static TestHttp signIn(TestHttp http, String username) {
    http.token(null);
    http.getHtml("/login");
    Resp login = http.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf", http.cookie("cc_csrf")));
    assertThat(login.status()).isEqualTo(303);
    return http;
  }

  @Test
  @DisplayName("the thread page nests a reply to a reply under its parent, with one h1 and a reply form under each post")
  void nestedTree() {
    TestHttp alice = community.member("tree_alice");
    JsonObject thread = community.thread(alice, "town", "Nested debate");
    long threadId = thread.getLong("id");
    long first = thread.getJsonObject("firstPost").getLong("id");
    long a = community.reply(alice, threadId, null, "Branch A").getLong("id");
    long a1 = community.reply(alice, threadId, a, "Reply to A").getLong("id");
    long a1x = community.reply(alice, threadId, a1, "Reply to the reply").getLong("id");
    long b = community.reply(alice, threadId, null, "Branch B").getLong("id");

    TestHttp bob = browser("tree_bob");
    Document doc = page(bob, "/t/" + threadId);
    assertThat(doc.select("h1")).hasSize(1);
    assertThat(doc.selectFirst("h1").text()).contains("Nested debate");
    assertThat(doc.select("main")).hasSize(1);
    Element nested = doc.selectFirst("#p" + a + " > details.branch > ol.replies > #p" + a1 + " > details.branch > ol.replies > #p" + a1x);
    assertThat(nested).as("reply to a reply is nested under its parent").isNotNull();
    assertThat(doc.selectFirst("#p" + first + " > details.branch > ol.replies > #p" + b)).isNotNull();
    for (long id : new long[] {first, a, a1, a1x, b}) {
      Element form = doc.selectFirst("#p" + id + " > article form.reply-form");
      assertThat(form).as("reply form under post " + id).isNotNull();
      assertThat(form.selectFirst("input[name=parentId]").val()).isEqualTo(String.valueOf(id));
      assertThat(form.selectFirst("input[name=_csrf]").val()).isEqualTo(bob.cookie("cc_csrf"));
      assertThat(form.selectFirst("label").attr("for")).isEqualTo(form.selectFirst("textarea").id());
    }
    assertThat(doc.select("script").stream().allMatch(s -> s.hasAttr("src") && s.data().isBlank()))
        .as("no inline scripts").isTrue();
  }

  @Test
  @DisplayName("a reply under an edited post, a hidden one and a flag error shows none of its parent's marks")
  void repliesDoNotInheritTheirParentsMarks() {
    TestHttp alice = community.member("marks_alice");
    TestHttp mod = community.withRole("marks_mod", "moderator");
    JsonObject thread = community.thread(mod, "town", "Marks stay on their post");
    long threadId = thread.getLong("id");
    long parent = community.reply(alice, threadId, null, "A post that will be edited and hidden").getLong("id");
    long child = community.reply(mod, threadId, parent, "A plain reply under it").getLong("id");
    assertThat(alice.patch("/api/posts/" + parent, new JsonObject().put("body", "Edited once").put("reason", "typo")).status())
        .isEqualTo(200);
    assertThat(mod.post("/api/moderation/actions", new JsonObject().put("action", "hide").put("targetType", "post")
        .put("targetId", parent).put("reason", "off topic")).status()).isEqualTo(200);

    Document doc = page(signIn("marks_alice"), "/t/" + threadId);
    assertThat(doc.select("#p" + parent + " > article a.edited")).hasSize(1);
    assertThat(doc.select("#p" + parent + " > article .hidden-notice")).hasSize(1);
    assertThat(doc.select("#p" + child + " > article a.edited")).as("the reply was never edited").isEmpty();
    assertThat(doc.select("#p" + child + " > article .hidden-notice")).as("the reply is not hidden").isEmpty();

    // A flag the moderation pages refuse reopens the flag form with its error on that post only.
    TestHttp carl = browser("marks_carl");
    long grandchild = community.reply(alice, threadId, child, "A reply to the reply").getLong("id");
    Resp refused = carl.form("/posts/" + child + "/flag", Map.of("reason", "other", "note", "", "_csrf", carl.cookie("cc_csrf")));
    Document flagged = Jsoup.parse(refused.body(), server.baseUrl());
    assertThat(flagged.select("#p" + child + " > article .flag-box[open] .form-error")).hasSize(1);
    assertThat(flagged.select("#p" + grandchild + " > article .flag-box[open]")).as("only the flagged post's form opens").isEmpty();
    assertThat(flagged.select("#p" + grandchild + " > article .form-error")).isEmpty();
  }

  @Test
  @DisplayName("a branch deeper than eight levels goes on flat under the eighth, each deeper reply saying whom it answers")
  void flatBeyondTheNestingCap() {
    TestHttp alice = community.member("deep_alice");
    JsonObject thread = community.thread(alice, "town", "Very deep");
    long threadId = thread.getLong("id");
    Long parent = thread.getJsonObject("firstPost").getLong("id");
    long[] ids = new long[12];
    for (int i = 0; i < 12; i++) {
      parent = community.reply(alice, threadId, parent, "Depth " + (i + 1)).getLong("id");
      ids[i] = parent;
    }
    Document doc = page(server.http(), "/t/" + threadId);
    // ids[7] is level 8, the last nested one; ids[8..11] follow it in the same list, flat, in order.
    Element eighth = doc.getElementById("p" + ids[7]);
    assertThat(eighth.attr("data-level")).isEqualTo("8");
    assertThat(eighth.hasClass("flat")).isFalse();
    Element sibling = eighth;
    for (int i = 8; i < 12; i++) {
      sibling = sibling.nextElementSibling();
      assertThat(sibling.id()).isEqualTo("p" + ids[i]);
      assertThat(sibling.hasClass("flat")).isTrue();
      assertThat(sibling.attr("data-level")).isEqualTo("8");
      Element note = sibling.selectFirst(":root > article > p.in-reply-to:not(.past-phone-cap) a");
      assertThat(note.text()).isEqualTo("In reply to @deep_alice");
      assertThat(note.attr("href")).isEqualTo("#p" + ids[i - 1]);
    }
    assertThat(eighth.select("details.branch")).as("the eighth level nests nothing").isEmpty();
    // Past the phone's cap (level 4) but within the nesting, the note is there for phones only.
    Element fifth = doc.getElementById("p" + ids[4]);
    assertThat(fifth.attr("data-level")).isEqualTo("5");
    assertThat(fifth.selectFirst(":root > article > p.in-reply-to.past-phone-cap a").attr("href")).isEqualTo("#p" + ids[3]);
    assertThat(doc.getElementById("p" + ids[3]).select(":root > article > p.in-reply-to")).as("level 4 is still indented").isEmpty();
  }

  @Test
  @DisplayName("every XSS vector stored as a post renders inert on the thread page")
  void xssOnThePage() {
    TestHttp mallory = community.member("page_mallory");
    JsonObject thread = community.thread(mallory, "town", "Hostile bodies");
    long threadId = thread.getLong("id");
    // NUL can never be stored (the API refuses it with 400), so those vectors cannot reach a page.
    List<Named<String>> vectors = XssCorpusTest.vectors().stream().filter(v -> v.getPayload().indexOf('\u0000') < 0).toList();
    for (Named<String> v : vectors) {
      community.reply(mallory, threadId, null, v.getPayload());
    }
    Set<String> seen = new HashSet<>();
    String next = "/t/" + threadId;
    while (next != null) {
      Document doc = page(server.http(), next);
      for (Element body : doc.select(".post-body")) {
        HtmlSafety.assertSafe(body.html());
        seen.add(body.closest("li.post").id());
      }
      // The page as a whole: no inline script, no handler attribute anywhere.
      assertThat(doc.select("script").stream().allMatch(s -> s.hasAttr("src") && s.data().isBlank())).isTrue();
      assertThat(doc.getAllElements().stream().flatMap(e -> e.attributes().asList().stream())
          .noneMatch(a -> a.getKey().toLowerCase().startsWith("on"))).isTrue();
      Element more = doc.selectFirst("a[rel=next]");
      next = more == null ? null : more.attr("href");
    }
    assertThat(seen).hasSize(vectors.size() + 1);
  }

  @Test
  @DisplayName("a 5,000-post thread is shown a page at a time, each post exactly once")
  void hugeThreadIsPaged() {
    TestHttp alice = community.member("huge_alice");
    JsonObject thread = community.thread(alice, "town", "Five thousand replies");
    long threadId = thread.getLong("id");
    long first = thread.getJsonObject("firstPost").getLong("id");
    long author = alice.get("/api/me").json().getLong("id");
    TestDatabase.execOn(server.dbUrl(), """
        with ids as (select nextval('posts_id_seq') as id from generate_series(1, 4999))
        insert into posts (id, thread_id, parent_id, depth, path, author_id, body, html)
        select id, %d, %d, 1, array[%d, id], %d, 'bulk ' || id, '<p>bulk ' || id || '</p>' from ids;
        update threads set reply_count = 4999 where id = %d;
        """.formatted(threadId, first, first, author, threadId));
    Set<String> seen = new HashSet<>();
    int pages = 0;
    String next = "/t/" + threadId;
    while (next != null) {
      Document doc = page(server.http(), next);
      int onPage = doc.select("li.post").size();
      assertThat(onPage).isBetween(1, 200);
      for (Element li : doc.select("li.post")) {
        assertThat(seen.add(li.id())).as("post " + li.id() + " shown twice").isTrue();
      }
      pages++;
      Element more = doc.selectFirst("a[rel=next]");
      next = more == null ? null : more.attr("href");
    }
    assertThat(seen).hasSize(5000);
    assertThat(pages).isGreaterThanOrEqualTo(25);
  }

  @Test
  @DisplayName("without JavaScript: start a thread, reply to a reply, vote, edit with a reason and read the history through forms")
  void formsWithoutJavaScript() {
    TestHttp carol = browser("form_carol");
    String csrf = carol.cookie("cc_csrf");
    Document form = page(carol, "/s/town/new");
    assertThat(form.selectFirst("form[action=/s/town/new] input[name=_csrf]").val()).isEqualTo(csrf);

    Resp invalid = carol.form("/s/town/new", Map.of("_csrf", csrf, "title", "x", "body", ""));
    assertThat(invalid.status()).isEqualTo(400);
    Document errors = Jsoup.parse(invalid.body());
    assertThat(errors.selectFirst("#title").attr("aria-invalid")).isEqualTo("true");
    assertThat(errors.selectFirst("#title-error").text()).contains("at least 3");
    assertThat(errors.selectFirst("#body-error")).isNotNull();

    Resp created = carol.form("/s/town/new", Map.of("_csrf", csrf, "title", "Made with a form", "body", "First **post**",
        "tags", "forms, no-js"));
    assertThat(created.status()).as(created.toString()).isEqualTo(303);
    String threadPath = created.header("Location");
    assertThat(threadPath).matches("/t/\\d+");
    long threadId = Long.parseLong(threadPath.substring(3));
    Document t = page(carol, threadPath);
    long first = Long.parseLong(t.selectFirst("li.post").attr("data-post-id"));

    Map<String, String> reply = new LinkedHashMap<>();
    reply.put("_csrf", csrf);
    reply.put("parentId", String.valueOf(first));
    reply.put("body", "A reply by form");
    Resp r1 = carol.form("/t/" + threadId + "/reply", reply);
    assertThat(r1.status()).isEqualTo(303);
    long replyId = Long.parseLong(r1.header("Location").replaceAll(".*#p", ""));
    reply.put("parentId", String.valueOf(replyId));
    reply.put("body", "A reply to the reply");
    Resp r2 = carol.form("/t/" + threadId + "/reply", reply);
    long nestedId = Long.parseLong(r2.header("Location").replaceAll(".*#p", ""));
    Document after = page(carol, "/t/" + threadId);
    assertThat(after.selectFirst("#p" + replyId + " > details.branch > ol.replies > #p" + nestedId)).isNotNull();

    Resp empty = carol.form("/t/" + threadId + "/reply", Map.of("_csrf", csrf, "body", "  "));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(Jsoup.parse(empty.body()).selectFirst(".form-error").text()).isNotBlank();

    TestHttp dave = browser("form_dave");
    Resp vote = dave.form("/posts/" + nestedId + "/vote", Map.of("_csrf", dave.cookie("cc_csrf"), "value", "1"));
    assertThat(vote.status()).isEqualTo(303);
    assertThat(page(dave, "/t/" + threadId).selectFirst("#p" + nestedId + " > article .score").text()).isEqualTo("1");
    assertThat(page(dave, "/t/" + threadId).selectFirst("#p" + nestedId + " > article .vote.up").attr("aria-pressed")).isEqualTo("true");

    Document edit = page(carol, "/posts/" + nestedId + "/edit");
    assertThat(edit.selectFirst("textarea#body").text()).isEqualTo("A reply to the reply");
    Resp saved = carol.form("/posts/" + nestedId + "/edit", Map.of("_csrf", csrf, "body", "A better reply", "reason", "clarity"));
    assertThat(saved.status()).isEqualTo(303);
    Document edited = page(carol, "/t/" + threadId);
    assertThat(edited.selectFirst("#p" + nestedId + " .post-body").text()).isEqualTo("A better reply");
    assertThat(edited.selectFirst("#p" + nestedId + " a.edited")).isNotNull();
    Document history = page(carol, "/posts/" + nestedId + "/revisions");
    assertThat(history.select(".revision-list .post-body").text()).contains("A reply to the reply");
    assertThat(history.select(".revision-list").text()).contains("clarity").contains("FORM_CAROL");

    assertThat(dave.form("/posts/" + nestedId + "/edit", Map.of("_csrf", dave.cookie("cc_csrf"), "body", "hijack")).status())
        .isEqualTo(403);
    assertThat(carol.form("/t/" + threadId + "/reply", Map.of("body", "no token")).status()).isEqualTo(403);
  }

  @Test
  @DisplayName("a private group's space and threads are 'not found' pages for outsiders and readable by its members")
  void privateSpacePages() {
    JsonObject thread = community.thread(insider, "inner", "Staff only");
    long threadId = thread.getLong("id");
    TestHttp outsider = browser("page_outsider");
    for (String path : new String[] {"/s/inner", "/t/" + threadId, "/s/inner/new"}) {
      Resp r = outsider.getHtml(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).doesNotContain("Staff only");
    }
    assertThat(server.http().getHtml("/t/" + threadId).status()).isEqualTo(404);
    assertThat(page(outsider, "/").text()).doesNotContain("Staff only");
    TestHttp insiderBrowser = server.http();
    insiderBrowser.getHtml("/login");
    insiderBrowser.form("/login", Map.of("login", "insider", "password", "correct horse battery", "_csrf", insiderBrowser.cookie("cc_csrf")));
    assertThat(page(insiderBrowser, "/t/" + threadId).text()).contains("Staff only");
    assertThat(page(insiderBrowser, "/").text()).contains("Staff only");
  }
}
