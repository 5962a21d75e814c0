package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("An idea has one page, and its way to the support threshold shows")
class OneIdeaPageTest {
  private static final AtomicInteger SEQ = new AtomicInteger();
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start(new JsonObject().put("dbPoolSize", 12));

  // --- small helpers over the real API -------------------------------------------------------------

  static String unique(String prefix) {
    return prefix + SEQ.incrementAndGet();
  }

  static TestHttp member(String prefix) {
    TestHttp http = server.http();
    http.register(unique(prefix));
    return http;
  }

  static String username(TestHttp http) {
    return http.get("/api/me").json().getString("username");
  }

  /** A firm with an open challenge of the given threshold; {@code [orgSlug, challengeId]}. */
  static Object[] openChallenge(TestHttp owner, int threshold) {
    String slug = unique("oip-firm");
    Resp org = owner.post("/api/orgs", new JsonObject().put("slug", slug).put("name", "Firm " + slug));
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    JsonObject brief = new JsonObject().put("org", slug).put("title", "Lighter tents " + slug)
        .put("summary", "Cut the weight of our tent.").put("problem", "Our tent weighs 2.4 kg.")
        .put("desiredOutcomes", "- under 1.6 kg").put("constraints", "Recycled fabrics only.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Weight saved").put("weight", 3))
            .add(new JsonObject().put("name", "=Cost").put("weight", 1.5)))
        .put("ipTerms", "You keep authorship.").put("supportThreshold", threshold)
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(12).plusHours(1).withNano(0).toString());
    Resp draft = owner.post("/api/challenges", brief);
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    long id = draft.json().getLong("id");
    Resp open = owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open"));
    assertThat(open.status()).as(open.toString()).isEqualTo(200);
    return new Object[] {slug, id};
  }

  static JsonObject submit(TestHttp author, long challengeId, String title) {
    Resp r = author.post("/api/challenges/" + challengeId + "/ideas", new JsonObject().put("title", title)
        .put("pitch", "Pitch of " + title).put("body", "Details of " + title).put("acceptTerms", true));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static void support(TestHttp fan, long ideaId) {
    Resp r = fan.put("/api/ideas/" + ideaId + "/support", new JsonObject());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  static long count(String sql) {
    return TestDatabase.queryLong(server.dbUrl(), sql);
  }

  /** Every link target of a page: hrefs of HTML, or the links of an Atom feed. */
  static List<String> links(String body, boolean atom) {
    Document doc = atom ? Jsoup.parse(body, "", Parser.xmlParser()) : Jsoup.parse(body);
    List<String> out = new ArrayList<>();
    for (Element a : doc.select(atom ? "link[href]" : "a[href]")) {
      out.add(a.attr("href").replace(server.baseUrl(), "").replaceFirst("^https?://[^/]+", ""));
    }
    return out;
  }

  // --- must show 1: one page per idea ----------------------------------------------------------------

  @Test
  @DisplayName("every page that links to an idea links to /i/N, never to its thread's page")
  void everyIdeaLinkGoesToTheIdeaPage() {
    TestHttp owner = member("oip_owner");
    Object[] c = openChallenge(owner, 10);
    long challengeId = (long) c[1];
    TestHttp author = member("oip_author");
    String word = "zephyrquill" + SEQ.incrementAndGet();
    JsonObject idea = submit(author, challengeId, "Tent pegs of " + word);
    long ideaId = idea.getLong("id");
    long threadId = idea.getLong("threadId");
    support(member("oip_fan"), ideaId);
    Resp answer = owner.post("/api/ideas/" + ideaId + "/status", new JsonObject().put("status", "in_review").put("note", "Looking"));
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    Resp reply = author.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "More on " + word));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    String threadLink = "/t/" + threadId;
    String ideaLink = "/i/" + ideaId;

    TestHttp authorPages = Community.in(server).browser(author);
    Map<String, TestHttp> pages = new LinkedHashMap<>();
    pages.put("/", server.http());
    pages.put("/challenges", server.http());
    pages.put("/c/" + challengeId, server.http());
    pages.put("/c/" + challengeId + "?sort=recent", server.http());
    pages.put("/c/" + challengeId + "?sort=trending", server.http());
    pages.put("/orgs/" + c[0], server.http());
    pages.put("/u/" + username(author), server.http());
    pages.put("/s/ideas", server.http());
    pages.put("/search?q=" + word, server.http());
    pages.put("/notifications", authorPages);
    pages.put("/i/" + ideaId, server.http());
    pages.put("/feeds/spaces/ideas.atom", server.http());
    pages.put("/feeds/threads/" + threadId + ".atom", server.http());
    List<String> linkingToIdea = new ArrayList<>();
    for (Map.Entry<String, TestHttp> p : pages.entrySet()) {
      Resp r = p.getValue().getHtml(p.getKey());
      assertThat(r.status()).as(p.getKey() + " -> " + r).isEqualTo(200);
      List<String> hrefs = new ArrayList<>();
      for (String h : links(r.body(), p.getKey().endsWith(".atom"))) {
        // The notifications list links through /notifications/{id}/open, which marks it read and goes on.
        hrefs.add(h.matches("/notifications/\\d+/open") ? p.getValue().getHtml(h).header("Location") : h);
      }
      assertThat(hrefs).as("links of " + p.getKey())
          .noneMatch(h -> h.equals(threadLink) || h.startsWith(threadLink + "?") || h.startsWith(threadLink + "#"));
      if (hrefs.stream().anyMatch(h -> h.equals(ideaLink) || h.startsWith(ideaLink + "/p/") || h.startsWith(ideaLink + "#"))) {
        linkingToIdea.add(p.getKey());
      }
    }
    assertThat(linkingToIdea).contains("/", "/c/" + challengeId, "/c/" + challengeId + "?sort=recent", "/s/ideas",
        "/search?q=" + word, "/notifications", "/feeds/spaces/ideas.atom", "/feeds/threads/" + threadId + ".atom");
    // The notification's own url, as the API hands it to clients, is the idea's page too.
    JsonArray notes = author.get("/api/notifications").json().getJsonArray("items");
    assertThat(notes.stream().map(o -> ((JsonObject) o).getString("url")).filter(u -> u != null && u.contains("/i/")))
        .isNotEmpty().allMatch(u -> u.startsWith(ideaLink));
  }

  @Test
  @DisplayName("an idea's thread page and its post pages redirect for good to the idea's page, keeping the post")
  void threadPageRedirects() {
    TestHttp owner = member("oip_rd_owner");
    long challengeId = (long) openChallenge(owner, 10)[1];
    TestHttp author = member("oip_rd_author");
    JsonObject idea = submit(author, challengeId, "Redirected idea");
    long ideaId = idea.getLong("id");
    long threadId = idea.getLong("threadId");
    long postId = author.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "A reply"))
        .json().getLong("id");

    Resp whole = server.http().getHtml("/t/" + threadId);
    assertThat(whole.status()).isEqualTo(301);
    assertThat(whole.header("Location")).isEqualTo("/i/" + ideaId);
    Resp branch = server.http().getHtml("/t/" + threadId + "/p/" + postId);
    assertThat(branch.status()).isEqualTo(301);
    assertThat(branch.header("Location")).isEqualTo("/i/" + ideaId + "/p/" + postId);

    Document onIdea = server.http().page("/i/" + ideaId + "/p/" + postId);
    assertThat(onIdea.getElementById("p" + postId)).as("the post is on the idea's page").isNotNull();
    assertThat(onIdea.select("h1").text()).isEqualTo("Redirected idea");
    assertThat(onIdea.select(".threshold progress")).hasSize(1);
    // An ordinary thread stays where it is.
    Resp plain = owner.post("/api/threads", new JsonObject().put("space", "general").put("title", "Plain thread")
        .put("body", "Not an idea"));
    if (plain.status() == 201) {
      assertThat(server.http().getHtml("/t/" + plain.json().getLong("id")).status()).isEqualTo(200);
    }
    // A thread the caller may not read is not found, not redirected (the redirect would name the idea).
    TestDatabase.execOn(server.dbUrl(), "update threads set hidden = true where id = " + threadId);
    assertThat(server.http().getHtml("/t/" + threadId).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("search lists an idea once, at its own page, though its thread matches too")
  void searchListsAnIdeaOnce() {
    TestHttp owner = member("oip_s_owner");
    long challengeId = (long) openChallenge(owner, 10)[1];
    String word = "quillozine" + SEQ.incrementAndGet();
    long ideaId = submit(member("oip_s_author"), challengeId, "Pouches of " + word).getLong("id");

    JsonArray items = server.http().get("/api/search?q=" + word).json().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("type")).isEqualTo("idea");
    assertThat(items.getJsonObject(0).getString("url")).isEqualTo("/i/" + ideaId);
    Document results = server.http().page("/search?q=" + word);
    assertThat(results.select(".search-results li")).hasSize(1);
  }

  // --- must show 2: the threshold ----------------------------------------------------------------------

  @Test
  @DisplayName("cards and the idea page show 'n / threshold supporters' with a progress bar and the days left, in English and French")
  void progressOnCardAndPage() {
    TestHttp owner = member("oip_p_owner");
    long challengeId = (long) openChallenge(owner, 10)[1];
    long ideaId = submit(member("oip_p_author"), challengeId, "Progressing idea").getLong("id");
    for (int i = 0; i < 9; i++) {
      support(member("oip_p_fan"), ideaId);
    }
    Document board = server.http().page("/c/" + challengeId);
    Element card = board.getElementById("idea-" + ideaId);
    assertThat(card.select(".threshold-text").text()).isEqualTo("9 / 10 supporters");
    Element bar = card.selectFirst(".threshold progress");
    assertThat(bar.attr("value")).isEqualTo("9");
    assertThat(bar.attr("max")).isEqualTo("10");
    assertThat(board.getElementById(bar.attr("aria-labelledby")).text()).isEqualTo("9 / 10 supporters");
    assertThat(card.select(".closes-in").text()).isEqualTo("13 days left");
    assertThat(card.select(".threshold-badge").hasAttr("hidden")).isTrue();

    Document ideaPage = server.http().page("/i/" + ideaId);
    assertThat(ideaPage.select(".idea-support .threshold-text").text()).isEqualTo("9 / 10 supporters");
    assertThat(ideaPage.select(".idea-support .threshold progress").attr("value")).isEqualTo("9");

    TestHttp french = server.http();
    Resp fr = french.send(french.builder("/i/" + ideaId).header("Accept", "text/html").header("Accept-Language", "fr").GET());
    Document frPage = Jsoup.parse(fr.body());
    assertThat(frPage.select(".threshold-text").text()).isEqualTo("9 soutiens sur 10");
    assertThat(frPage.select(".closes-in").text()).isEqualTo("13 jours restants");

    // Plurals follow each language's rule: English on the threshold, French on the supporters.
    long single = submit(member("oip_p_author"), challengeId, "Unsupported idea").getLong("id");
    Resp frZero = french.send(french.builder("/i/" + single).header("Accept", "text/html").header("Accept-Language", "fr").GET());
    assertThat(Jsoup.parse(frZero.body()).select(".threshold-text").text()).isEqualTo("0 soutien sur 10");
    TestHttp owner1 = member("oip_p_owner1");
    long one = (long) openChallenge(owner1, 1)[1];
    long lone = submit(member("oip_p_author"), one, "Needs one").getLong("id");
    assertThat(server.http().page("/i/" + lone).select(".threshold-text").text()).isEqualTo("0 / 1 supporter");
  }

  @Test
  @DisplayName("the support that reaches the threshold is told so once; racing supports notify the author and every supporter who carried it there exactly once")
  void thresholdReachedOnceUnderConcurrency() throws Exception {
    TestHttp owner = member("oip_t_owner");
    long challengeId = (long) openChallenge(owner, 5)[1];
    TestHttp author = member("oip_t_author");
    long ideaId = submit(author, challengeId, "Racing idea").getLong("id");
    List<TestHttp> early = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestHttp fan = member("oip_t_early");
      support(fan, ideaId);
      early.add(fan);
    }
    // Eight members race for the last two places before the threshold, all at once.
    List<TestHttp> racers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      racers.add(member("oip_t_racer"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(racers.size());
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Resp>> answers = new ArrayList<>();
    try {
      for (TestHttp racer : racers) {
        answers.add(CompletableFuture.supplyAsync(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return racer.put("/api/ideas/" + ideaId + "/support", new JsonObject());
        }, pool));
      }
      go.countDown();
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
    int reached = 0;
    // Who carried it there: the author, the early supporters and the racers whose support counted up to
    // the threshold. Those who came after it was reached are supporters of an idea already there.
    List<String> carried = new ArrayList<>();
    List<String> after = new ArrayList<>();
    carried.add(username(author));
    early.forEach(f -> carried.add(username(f)));
    for (int i = 0; i < answers.size(); i++) {
      Resp r = answers.get(i).join();
      (r.json().getInteger("supportCount") <= 5 ? carried : after).add(username(racers.get(i)));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().getInteger("supportThreshold")).isEqualTo(5);
      if (r.json().getBoolean("reachedThreshold")) {
        reached++;
        assertThat(r.json().getInteger("supportCount")).isEqualTo(5);
      }
    }
    assertThat(reached).as("exactly one support crossed the threshold").isEqualTo(1);
    assertThat(count("select support_count from ideas where id = " + ideaId)).isEqualTo(11);

    assertThat(carried).hasSize(1 + 3 + 2);
    for (String name : carried) {
      assertThat(thresholdNotices(ideaId, name)).as(name + " is told once").isEqualTo(1);
    }
    for (String name : after) {
      assertThat(thresholdNotices(ideaId, name)).as(name + " came after").isZero();
    }
    assertThat(count("select count(*) from notifications where kind = 'idea_threshold' and target_id = " + ideaId))
        .isEqualTo(carried.size());
    assertThat(count("select count(*) from events where type = 'idea.threshold_reached' and data->>'ideaId' = '" + ideaId + "'"))
        .isEqualTo(1);
  }

  static long thresholdNotices(long ideaId, String username) {
    return count("select count(*) from notifications n join users u on u.id = n.user_id where n.kind = 'idea_threshold'"
        + " and n.target_id = " + ideaId + " and u.username = '" + username + "'");
  }

  @Test
  @DisplayName("the page form of the support that reaches the threshold comes back with a message for that supporter")
  void tipperSeesTheMoment() {
    TestHttp owner = member("oip_m_owner");
    long challengeId = (long) openChallenge(owner, 2)[1];
    long ideaId = submit(member("oip_m_author"), challengeId, "Nearly there").getLong("id");
    support(member("oip_m_fan"), ideaId);
    TestHttp tipper = Community.in(server).browser(member("oip_m_tipper"));
    Resp posted = tipper.postForm("/i/" + ideaId + "/support", Map.of("action", "support", "back", "/i/" + ideaId));
    assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
    Document after = tipper.page(posted.header("Location"));
    assertThat(after.text()).contains("Your support carried “Nearly there” to its threshold");
    assertThat(after.select(".threshold-badge").hasAttr("hidden")).isFalse();
    assertThat(after.select(".threshold-text").text()).isEqualTo("2 / 2 supporters");
    // The next supporter reached nothing: no message.
    TestHttp late = Community.in(server).browser(member("oip_m_late"));
    Resp again = late.postForm("/i/" + ideaId + "/support", Map.of("action", "support", "back", "/i/" + ideaId));
    assertThat(late.page(again.header("Location")).text()).doesNotContain("Your support carried");
  }

  // --- must show 3: no self-support, the sort switch, the export ---------------------------------------

  @Test
  @DisplayName("an author cannot support their own idea: the API answers 409, the page shows 'Your idea' and no button")
  void selfSupportRefused() {
    TestHttp owner = member("oip_self_owner");
    long challengeId = (long) openChallenge(owner, 10)[1];
    TestHttp author = member("oip_self_author");
    long ideaId = submit(author, challengeId, "Mine").getLong("id");

    Resp r = author.put("/api/ideas/" + ideaId + "/support", new JsonObject());
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().getString("detail")).isEqualTo("You cannot support your own idea.");
    assertThat(count("select support_count from ideas where id = " + ideaId)).isZero();

    TestHttp pages = Community.in(server).browser(author);
    for (String path : List.of("/i/" + ideaId, "/c/" + challengeId)) {
      Document doc = pages.page(path);
      assertThat(doc.select("form[action=/i/" + ideaId + "/support]")).as(path).isEmpty();
      assertThat(doc.select(".own-idea").text()).as(path).isEqualTo("Your idea");
    }
    Resp form = pages.postForm("/i/" + ideaId + "/support", Map.of("action", "support"));
    assertThat(form.status()).isEqualTo(409);
    assertThat(count("select support_count from ideas where id = " + ideaId)).isZero();
    // Anyone else still gets the button.
    assertThat(Community.in(server).browser(member("oip_self_other")).page("/i/" + ideaId).select("form[action=/i/" + ideaId + "/support]"))
        .hasSize(1);
  }

  @Test
  @DisplayName("the challenge page sorts its ideas by support, newest or trending through plain links, and pages on")
  void sortSwitchWithoutScript() {
    TestHttp owner = member("oip_sort_owner");
    long challengeId = (long) openChallenge(owner, 100)[1];
    TestHttp author = member("oip_sort_author");
    long old = submit(author, challengeId, "Old favourite").getLong("id");
    long fresh = submit(author, challengeId, "Fresh idea").getLong("id");
    support(member("oip_sort_fan"), old);
    support(member("oip_sort_fan"), old);

    Document bySupport = server.http().page("/c/" + challengeId);
    assertThat(ids(bySupport)).containsExactly(old, fresh);
    Element current = bySupport.selectFirst(".idea-sort a[aria-current=page]");
    assertThat(current.text()).isEqualTo("Most supported");
    String recentHref = bySupport.select(".idea-sort a").stream().filter(a -> a.text().equals("Newest")).findFirst()
        .orElseThrow().attr("href");
    Document byRecent = server.http().page(recentHref.replaceFirst("#.*", ""));
    assertThat(ids(byRecent)).containsExactly(fresh, old);
    assertThat(byRecent.selectFirst(".idea-sort a[aria-current=page]").text()).isEqualTo("Newest");
    assertThat(ids(server.http().page("/c/" + challengeId + "?sort=trending"))).containsExactly(old, fresh);

    // Keyset paging in the chosen order: the next page's link keeps the order and goes on where the first stopped.
    for (int i = 0; i < ChallengePage.LEADERBOARD_SIZE; i++) {
      submit(member("oip_sort_more"), challengeId, "More " + i);
    }
    Document first = server.http().page("/c/" + challengeId + "?sort=recent");
    List<Long> firstIds = ids(first);
    assertThat(firstIds).hasSize(ChallengePage.LEADERBOARD_SIZE).doesNotContain(old, fresh);
    String next = first.selectFirst(".pager a[rel=next]").attr("href");
    assertThat(next).contains("sort=recent").contains("after=");
    assertThat(ids(server.http().page(next))).containsExactly(fresh, old);
  }

  static List<Long> ids(Document doc) {
    return doc.select(".idea-list > li.idea-card").stream().map(li -> Long.parseLong(li.attr("data-idea-id"))).toList();
  }

  @Test
  @DisplayName("the CSV export has the pitch, supporters and the brief's criteria, each cell safe from formulas")
  void csvColumns() throws Exception {
    TestHttp owner = member("oip_csv_owner");
    long challengeId = (long) openChallenge(owner, 10)[1];
    TestHttp author = member("oip_csv_author");
    Resp r0 = author.post("/api/challenges/" + challengeId + "/ideas", new JsonObject().put("title", "Gear pouches")
        .put("pitch", "=HYPERLINK(\"http://evil\",\"x\")").put("body", "Body").put("acceptTerms", true));
    long ideaId = r0.json().getLong("id");
    TestHttp a = member("oip_csv_fan");
    TestHttp b = member("oip_csv_fan");
    support(a, ideaId);
    support(b, ideaId);

    Resp r = owner.get("/api/challenges/" + challengeId + "/export.csv");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(r.body()))) {
      assertThat(parser.getHeaderNames()).containsExactly("id", "title", "pitch", "author", "status", "supportCount",
          "supporters", "createdAt", "hidden", "mean: Weight saved (weight 3)", "mean: =Cost (weight 1.5)", "weightedMean",
          "spread", "judges");
      List<CSVRecord> rows = parser.getRecords();
      assertThat(rows).hasSize(1);
      CSVRecord row = rows.get(0);
      assertThat(row.get("pitch")).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
      assertThat(row.get("supportCount")).isEqualTo("2");
      assertThat(row.get("supporters")).isEqualTo(username(a) + " " + username(b));
      // No judge scored it: the jury's columns stay empty.
      assertThat(row.get("mean: Weight saved (weight 3)")).isEmpty();
      assertThat(row.get("weightedMean")).isEmpty();
    }
  }
}
