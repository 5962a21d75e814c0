package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a shared link shows (Open Graph, Twitter card, description), the feeds a page links, and
 * the smaller wording of issue #19: points counted in words, the home page's title, and pages that
 * are missing in people's words, in English and French.
 */
@DisplayName("Share previews, feed links and the pages' wording")
class SharePreviewsAndWordingTest {
  static final String HOSTILE = "Tents \"light\" <script>alert(1)</script> & 'dry'";
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();
  static TestHttp admin;
  static TestHttp ada;
  static long threadId;
  static long privateThreadId;
  static long challengeId;
  static long ideaId;

  @BeforeAll
  static void start() {
    admin = server.http();
    long adminId = admin.register("share_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminId);
    ada = server.http();
    ada.register("share_ada");
    created(admin.post("/api/spaces", new JsonObject().put("slug", "open-air").put("name", "Open air")
        .put("description", "Talk about " + HOSTILE).put("visibility", "public")));
    created(admin.post("/api/spaces", new JsonObject().put("slug", "backroom").put("name", "Backroom")
        .put("description", "Members only").put("visibility", "members")));
    threadId = created(ada.post("/api/threads", new JsonObject().put("space", "open-air").put("title", HOSTILE)
        .put("body", "Why **tents** leak <b>&</b> what \"we\" can do about it."))).getLong("id");
    privateThreadId = created(ada.post("/api/threads", new JsonObject().put("space", "backroom").put("title", "Quiet")
        .put("body", "Not for feeds"))).getLong("id");
    created(ada.post("/api/orgs", new JsonObject().put("slug", "acme").put("name", "Acme")));
    JsonObject brief = new JsonObject().put("org", "acme").put("title", HOSTILE).put("summary", "Lighter tents: " + HOSTILE)
        .put("problem", "Heavy tents.").put("desiredOutcomes", "- lighter").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Weight").put("weight", 1)))
        .put("reward", "Fame").put("ipTerms", "You keep authorship.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString());
    challengeId = created(ada.post("/api/challenges", brief)).getLong("id");
    Resp open = ada.post("/api/challenges/" + challengeId + "/transition", new JsonObject().put("to", "open"));
    assertThat(open.status()).as(open.toString()).isEqualTo(200);
    TestHttp bea = server.http();
    bea.register("share_bea");
    ideaId = created(bea.post("/api/challenges/" + challengeId + "/ideas", new JsonObject().put("title", HOSTILE)
        .put("pitch", "A pitch: " + HOSTILE).put("body", "Details").put("acceptTerms", true))).getLong("id");
  }

  static JsonObject created(Resp r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static Resp get(TestHttp who, String path, String language) {
    return who.send(who.builder(path).header("Accept", "text/html").header("Accept-Language", language).GET());
  }

  static Document page(String path, String language) {
    Resp r = get(server.http(), path, language);
    assertThat(r.status()).as(path + " " + r).isEqualTo(200);
    return Jsoup.parse(r.body());
  }

  static String meta(Document doc, String attr, String name) {
    return doc.select("meta[" + attr + "=" + name + "]").attr("content");
  }

  @Test
  @DisplayName("idea, challenge, thread, space and home pages carry Open Graph, Twitter card and description tags, escaped")
  void sharePreviews() {
    record Shared(String path, String title, String description, String type) {}
    List<Shared> pages = List.of(
        new Shared("/i/" + ideaId, HOSTILE, "A pitch: " + HOSTILE, "article"),
        new Shared("/c/" + challengeId, HOSTILE, "Lighter tents: " + HOSTILE, "article"),
        // Raw HTML in a post is shown as text, so the description quotes it as text too.
        new Shared("/t/" + threadId, HOSTILE, "Why tents leak <b>&</b> what \"we\" can do about it.", "article"),
        new Shared("/s/open-air", "Open air", "Talk about " + HOSTILE, "website"),
        new Shared("/", "Cocreate", null, "website"));
    for (Shared s : pages) {
      Resp r = get(server.http(), s.path(), "en");
      assertThat(r.status()).as(s.path()).isEqualTo(200);
      String head = r.body().substring(0, r.body().indexOf("</head>"));
      assertThat(head).as(s.path() + ": nothing a member wrote becomes markup").doesNotContain("<script>alert").doesNotContain("\"light\"");
      Document doc = Jsoup.parse(r.body());
      assertThat(doc.select("head script:not([src])")).isEmpty();
      assertThat(meta(doc, "property", "og:title")).as(s.path()).isEqualTo(s.title());
      assertThat(meta(doc, "name", "twitter:title")).as(s.path()).isEqualTo(s.title());
      assertThat(meta(doc, "property", "og:type")).as(s.path()).isEqualTo(s.type());
      assertThat(meta(doc, "property", "og:site_name")).isEqualTo("Cocreate");
      // Absolute, on the site's public address (publicUrl; this node on localhost when unset).
      String url = meta(doc, "property", "og:url");
      assertThat(url).as(s.path()).startsWith("http://localhost:").isEqualTo(doc.select("link[rel=canonical]").attr("href"));
      assertThat(URI.create(url).getPath()).isEqualTo(s.path());
      assertThat(meta(doc, "name", "twitter:card")).isEqualTo("summary");
      String description = meta(doc, "name", "description");
      assertThat(description).as(s.path()).isNotBlank().isEqualTo(meta(doc, "property", "og:description"))
          .isEqualTo(meta(doc, "name", "twitter:description"));
      if (s.description() != null) {
        assertThat(description).as(s.path()).isEqualTo(s.description());
      }
    }
    assertThat(meta(page("/t/" + threadId, "fr"), "property", "og:locale")).isEqualTo("fr_FR");
  }

  @Test
  @DisplayName("a long description is cut at a word to 200 characters")
  void longDescriptionsAreCut() {
    String words = "word ".repeat(100);
    long id = created(ada.post("/api/threads", new JsonObject().put("space", "open-air").put("title", "Long").put("body", words)))
        .getLong("id");
    String description = meta(page("/t/" + id, "en"), "name", "description");
    assertThat(description).hasSizeLessThanOrEqualTo(200).endsWith("word\u2026");
  }

  @Test
  @DisplayName("home, challenges, a public space and a public thread link their Atom feed; a members-only thread does not")
  void feedLinks() {
    String atom = "link[rel=alternate][type=application/atom+xml]";
    assertThat(page("/", "en").select(atom).attr("href")).isEqualTo("/feeds/challenges.atom");
    assertThat(page("/challenges", "en").select(atom).attr("href")).isEqualTo("/feeds/challenges.atom");
    assertThat(page("/s/open-air", "en").select(atom).attr("href")).isEqualTo("/feeds/spaces/open-air.atom");
    Document thread = page("/t/" + threadId, "en");
    assertThat(thread.select(atom).attr("href")).isEqualTo("/feeds/threads/" + threadId + ".atom");
    assertThat(thread.select(atom).attr("title")).isEqualTo(HOSTILE + " (Atom feed)");
    assertThat(server.http().get("/feeds/threads/" + threadId + ".atom").status()).as("the linked feed is there").isEqualTo(200);
    Resp quiet = get(ada, "/t/" + privateThreadId, "en");
    assertThat(Jsoup.parse(quiet.body()).select(atom)).isEmpty();
  }

  @Test
  @DisplayName("points are counted in words: 0 points, 1 point, 2 points in English; 0 point, 1 point, 2 points in French")
  void pointsInWords() {
    JsonObject t = created(ada.post("/api/threads", new JsonObject().put("space", "open-air").put("title", "Votes").put("body", "Vote")));
    long id = t.getLong("id");
    long none = t.getJsonObject("firstPost").getLong("id");
    long one = created(ada.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "one"))).getLong("id");
    long two = created(ada.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "two"))).getLong("id");
    for (String voter : List.of("share_v1", "share_v2")) {
      TestHttp v = server.http();
      v.register(voter);
      assertThat(v.put("/api/posts/" + two + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    }
    assertThat(admin.put("/api/posts/" + one + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    Document en = page("/t/" + id, "en");
    Document fr = page("/t/" + id, "fr");
    assertThat(en.select("#p" + none + " > article .score-static").text()).isEqualTo("0 points");
    assertThat(en.select("#p" + one + " > article .score-static").text()).isEqualTo("1 point");
    assertThat(en.select("#p" + two + " > article .score-static").text()).isEqualTo("2 points");
    assertThat(fr.select("#p" + none + " > article .score-static").text()).isEqualTo("0 point");
    assertThat(fr.select("#p" + one + " > article .score-static").text()).isEqualTo("1 point");
    assertThat(fr.select("#p" + two + " > article .score-static").text()).isEqualTo("2 points");
  }

  @Test
  @DisplayName("the home page's title is the site's name once; other pages are 'page · site'")
  void homeTitleOnce() {
    assertThat(page("/", "en").title()).isEqualTo("Cocreate");
    assertThat(page("/", "fr").title()).isEqualTo("Cocreate");
    assertThat(page("/challenges", "en").title()).isEqualTo("Challenges · Cocreate");
  }

  @Test
  @DisplayName("a missing page says so in people's words, in English and French, with a search and the way home")
  void missingPagesInPeoplesWords() {
    for (String path : List.of("/no-such-page", "/t/999999", "/c/999999")) {
      Resp en = get(server.http(), path, "en");
      assertThat(en.status()).isEqualTo(404);
      Document doc = Jsoup.parse(en.body());
      assertThat(doc.select("main h1").text()).as(path).isEqualTo("We cannot find that page");
      assertThat(doc.select("main").text()).as(path).doesNotContainIgnoringCase("not found").contains("moved, deleted or made private");
      assertThat(doc.select("main form[role=search][action=/search] input[name=q][type=search]")).hasSize(1);
      assertThat(doc.select("main label[for=q]").text()).isEqualTo("Search the site");
      assertThat(doc.select("main a[href=/]").text()).isEqualTo("Back to the home page");
      Document fr = Jsoup.parse(get(server.http(), path, "fr").body());
      assertThat(fr.select("main h1").text()).as(path).isEqualTo("Nous ne trouvons pas cette page");
      assertThat(fr.select("main label[for=q]").text()).isEqualTo("Rechercher sur le site");
    }
  }

  @Test
  @DisplayName("an org's official responses are headed 'de l'organisation Acme' in French, never 'de Acme'")
  void orgPhrasesInFrench() {
    assertThat(page("/i/" + ideaId, "fr").select("#responses-heading").text()).isEqualTo("Réponses officielles de l’organisation Acme");
    assertThat(page("/i/" + ideaId, "en").select("#responses-heading").text()).isEqualTo("Official responses from Acme");
  }
}
