package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The limits run on a clock the test holds still: no token refills while a loop runs, so counts are exact. */
@DisplayName("Posting and voting are rate limited per member when limits are on")
class ForumRateLimitTest {
  static final TestClock clock = new TestClock();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("rateLimits", "on"), clock);
  static Community community;
  static TestHttp alice;
  static TestHttp bob;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    // Every sign-up and sign-in here comes from 127.0.0.1: lift the per-address limit on them.
    assertThat(community.admin().put("/api/admin/settings", new JsonObject().put("rateLimits", new JsonObject().put("auth-ip", 100_000)))
        .status()).isEqualTo(200);
    alice = community.member("alice");
    bob = community.member("bob");
    community.space("general", "public");
  }

  @Test
  @DisplayName("after 30 posts or 120 votes in a minute the answer is 429 with Retry-After; other members are unaffected")
  void limits() {
    JsonObject t = community.thread(alice, "general", "Chatty");
    long id = t.getLong("id");
    long firstId = t.getJsonObject("firstPost").getLong("id");
    // Buckets refill greedily (one post every 2 s, two votes a second), so allow for a few refills.
    Resp limited = null;
    int posts = 1;
    while (posts < 40) {
      Resp r = alice.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "post " + posts));
      if (r.status() == 429) {
        limited = r;
        break;
      }
      assertThat(r.status()).isEqualTo(201);
      posts++;
    }
    assertThat(limited).as("rate limited within 40 posts").isNotNull();
    assertThat(posts).isBetween(30, 35);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
    assertThat(bob.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "still fine")).status()).isEqualTo(201);

    Resp tooMany = null;
    int votes = 0;
    while (votes < 150) {
      Resp r = bob.put("/api/posts/" + firstId + "/vote", new JsonObject().put("value", votes % 2));
      if (r.status() == 429) {
        tooMany = r;
        break;
      }
      assertThat(r.status()).isEqualTo(200);
      votes++;
    }
    assertThat(tooMany).as("rate limited within 150 votes").isNotNull();
    assertThat(votes).isBetween(120, 135);
    assertThat(tooMany.header("Retry-After")).isNotNull();
  }

  /** The same member twice: an API client with a bearer token, and a browser signed in through the form. */
  record Member(TestHttp api, TestHttp browser) {
    static Member of(String username) {
      TestHttp api = community.member(username);
      TestHttp browser = server.http();
      browser.getHtml("/login");
      Resp login = browser.form("/login", Map.of("login", username, "password", "correct horse battery",
          "_csrf", browser.cookie("cc_csrf")));
      assertThat(login.status()).isEqualTo(303);
      return new Member(api, browser);
    }

    Resp apiEdit(long postId, String body) {
      return api.patch("/api/posts/" + postId, new JsonObject().put("body", body));
    }

    Resp pageEdit(long postId, String body) {
      return browser.form("/posts/" + postId + "/edit", Map.of("_csrf", browser.cookie("cc_csrf"), "body", body, "reason", ""));
    }
  }

  @Test
  @DisplayName("the API's posting limit spent, an edit through the page is refused: 429, Retry-After and the form with the draft")
  void pageEditAfterApiEdits() {
    Member carol = Member.of("carol");
    JsonObject t = community.thread(carol.api(), "general", "Carol edits a lot");
    long postId = t.getJsonObject("firstPost").getLong("id");
    // The thread took one token of 30; 29 edits take the rest.
    for (int i = 1; i < 30; i++) {
      assertThat(carol.apiEdit(postId, "API version " + i).status()).as("API edit %d", i).isEqualTo(200);
    }
    Resp page = carol.pageEdit(postId, "A page edit too many");
    assertThat(page.status()).isEqualTo(429);
    assertThat(Long.parseLong(page.header("Retry-After"))).isPositive();
    assertThat(page.header("Content-Type")).startsWith("text/html");
    Document doc = Jsoup.parse(page.body());
    assertThat(doc.select(".form-error").text()).as("a readable reason above the form").contains("Slow down");
    assertThat(doc.select("textarea[name=body]").text()).as("the draft is kept").isEqualTo("A page edit too many");
    assertThat(community.count("select count(*) from post_revisions where post_id = " + postId)).as("nothing saved").isEqualTo(29);
  }

  @Test
  @DisplayName("the page's edits spend the same bucket: after 29 of them (and the thread) the API's edit is 429")
  void apiEditAfterPageEdits() {
    Member dave = Member.of("dave");
    JsonObject t = community.thread(dave.api(), "general", "Dave edits through the page");
    long postId = t.getJsonObject("firstPost").getLong("id");
    for (int i = 1; i < 30; i++) {
      assertThat(dave.pageEdit(postId, "Page version " + i).status()).as("page edit %d", i).isEqualTo(303);
    }
    Resp api = dave.apiEdit(postId, "An API edit too many");
    assertThat(api.status()).isEqualTo(429);
    assertThat(api.header("Retry-After")).isNotNull();
    assertThat(api.header("Content-Type")).startsWith("application/problem+json");
    Resp page = dave.pageEdit(postId, "And one more through the page");
    assertThat(page.status()).isEqualTo(429);
    assertThat(community.count("select count(*) from post_revisions where post_id = " + postId)).isEqualTo(29);
    // Replies spend the same bucket as edits, whichever the door.
    assertThat(dave.api().post("/api/threads/" + t.getLong("id") + "/posts", new JsonObject().put("body", "a reply"))
        .status()).isEqualTo(429);
  }
}
