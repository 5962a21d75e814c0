package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page costs the same number of SQL statements however long it is: counted for real by the
 * server's {@code StatementCounter} (every statement the PostgreSQL client sends while serving the
 * request) and read from the request log line it writes.
 */
@DisplayName("Pages run a fixed number of queries whatever their length")
class PageQueryCountTest {
  static final Pattern QUERIES = Pattern.compile("queries=(-?\\d+)");
  // What a render costs: a visitor's page from memory costs none (forum.ThreadPageCacheTest).
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("pageCache", "off"));
  static LogCapture log;
  static TestHttp owner;
  static TestHttp member;
  static List<TestHttp> crowd = new ArrayList<>();
  static String org;

  @BeforeAll
  static void start() {
    // Tests keep the request log quiet; this one reads it.
    log = LogCapture.start(Map.of("http", Level.INFO));
    owner = server.http();
    long ownerId = owner.register("qc_owner").getLong("id");
    // Only admins open spaces.
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + ownerId);
    org = "qc-firm";
    Resp r = owner.post("/api/orgs", new JsonObject().put("slug", org).put("name", "Query count firm"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    owner.post("/api/spaces", new JsonObject().put("slug", "qc").put("name", "Query count").put("description", "Long threads")
        .put("visibility", "public"));
    member = server.http();
    member.register("qc_member");
    for (int i = 0; i < 4; i++) {
      TestHttp m = server.http();
      m.register("qc_crowd" + i);
      crowd.add(m);
    }
  }

  @AfterAll
  static void stop() {
    if (log != null) {
      log.close();
    }
  }

  @Test
  @DisplayName("a thread of 200 posts costs what a thread of 20 does, to a visitor and to a member")
  void threadPage() {
    long shortThread = thread(20);
    long longThread = thread(200);
    for (TestHttp viewer : List.of(server.http(), member)) {
      int few = queriesFor(viewer, "/t/" + shortThread);
      int many = queriesFor(viewer, "/t/" + longThread);
      assertThat(many).as("queries for /t/%d (200 posts) vs /t/%d (20 posts), signed in: %s", longThread, shortThread,
          viewer.token() != null).isEqualTo(few);
      assertThat(few).isPositive();
    }
  }

  @Test
  @DisplayName("a challenge with 150 ideas costs what one with 10 does, and so do its idea and review pages")
  void challengePage() {
    long small = challenge(10);
    // More ideas than the review board (100) and the leaderboard show at once: a cost per idea would show.
    long large = challenge(150);
    for (TestHttp viewer : List.of(server.http(), member, owner)) {
      for (String page : List.of("/c/%d", "/c/%d/review", "/c/%d/new")) {
        if (page.contains("review") && viewer != owner || page.contains("new") && viewer.token() == null) {
          continue;
        }
        int few = queriesFor(viewer, page.formatted(small));
        int many = queriesFor(viewer, page.formatted(large));
        assertThat(many).as("queries for %s (150 ideas) vs %s (10 ideas) as %s", page.formatted(large), page.formatted(small),
            viewer == owner ? "the firm" : viewer == member ? "a member" : "a visitor").isEqualTo(few);
      }
    }
  }

  @Test
  @DisplayName("a space listing 30 threads costs what one listing 3 does")
  void spacePage() {
    for (String[] space : new String[][] {{"qc-few", "3"}, {"qc-many", "30"}}) {
      owner.post("/api/spaces", new JsonObject().put("slug", space[0]).put("name", "Space " + space[0])
          .put("description", "Threads").put("visibility", "public"));
      for (int i = 0; i < Integer.parseInt(space[1]); i++) {
        Resp t = crowd.get(i % crowd.size()).post("/api/threads", new JsonObject().put("space", space[0])
            .put("title", "Thread " + i).put("body", "Opening " + i).put("tags", new JsonArray().add("tag" + i % 3)));
        assertThat(t.status()).as(t.toString()).isEqualTo(201);
      }
    }
    for (TestHttp viewer : List.of(server.http(), member)) {
      assertThat(queriesFor(viewer, "/s/qc-many")).as("queries for a space of 30 threads vs 3")
          .isEqualTo(queriesFor(viewer, "/s/qc-few"));
    }
  }

  /** A thread with this many posts, nested and flat, voted on; returns its id. */
  static long thread(int posts) {
    Resp t = member.post("/api/threads", new JsonObject().put("space", "qc").put("title", "A thread of " + posts)
        .put("body", "The opening post."));
    assertThat(t.status()).as(t.toString()).isEqualTo(201);
    long threadId = t.json().getLong("id");
    long parent = t.json().getJsonObject("firstPost").getLong("id");
    for (int i = 1; i < posts; i++) {
      TestHttp author = crowd.get(i % crowd.size());
      // Every third post answers the one before it, so the tree is deep as well as wide.
      JsonObject body = new JsonObject().put("body", "Post " + i + " with **markdown**.");
      if (i % 3 != 0) {
        body.put("parentId", parent);
      }
      Resp p = author.post("/api/threads/" + threadId + "/posts", body);
      assertThat(p.status()).as(p.toString()).isEqualTo(201);
      long postId = p.json().getLong("id");
      if (i % 3 == 2) {
        parent = postId;
      }
      if (i % 4 == 0) {
        member.put("/api/posts/" + postId + "/vote", new JsonObject().put("value", 1));
      }
    }
    return threadId;
  }

  /** An open challenge with this many ideas, some supported and some answered; returns its id. */
  static long challenge(int ideas) {
    JsonObject brief = new JsonObject().put("org", org).put("title", "A challenge with " + ideas + " ideas")
        .put("summary", "Many ideas.").put("problem", "Too few ideas.").put("desiredOutcomes", "- more")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Impact").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString());
    Resp c = owner.post("/api/challenges", brief);
    assertThat(c.status()).as(c.toString()).isEqualTo(201);
    long id = c.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")).status()).isEqualTo(200);
    for (int i = 0; i < ideas; i++) {
      TestHttp author = i % 5 == 0 ? member : crowd.get(i % crowd.size());
      Resp idea = author.post("/api/challenges/" + id + "/ideas", new JsonObject().put("title", "Idea " + i + " " + UUID.randomUUID())
          .put("pitch", "Pitch " + i).put("body", "Body of idea " + i).put("acceptTerms", true));
      assertThat(idea.status()).as(idea.toString()).isEqualTo(201);
      long ideaId = idea.json().getLong("id");
      // A member never supports their own idea.
      if (i % 3 == 0 && author != member) {
        assertThat(member.put("/api/ideas/" + ideaId + "/support", new JsonObject()).status()).isIn(200, 204);
      }
      if (i % 4 == 0) {
        Resp answered = owner.post("/api/ideas/" + ideaId + "/status", new JsonObject().put("status", "in_review")
            .put("note", "Looking at it."));
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
      }
    }
    return id;
  }

  /** Statements the server ran for one GET of the page, after a first GET has warmed its caches. */
  static int queriesFor(TestHttp viewer, String path) {
    fetch(viewer, path);
    return fetch(viewer, path);
  }

  private static int fetch(TestHttp viewer, String path) {
    String requestId = "qc-" + UUID.randomUUID();
    Resp r = viewer.send(viewer.builder(path).header("Accept", "text/html").header("X-Request-Id", requestId).GET());
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    // The log line is written once the body has gone out, a moment after the client has it.
    AtomicReference<Optional<Integer>> counted = new AtomicReference<>(Optional.empty());
    Eventually.until("the request log line for " + path, () -> {
      counted.set(log.events().stream()
          .filter(e -> e.getLoggerName().equals("http"))
          .map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.contains("rid=" + requestId + " "))
          .map(m -> {
            Matcher matcher = QUERIES.matcher(m);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
          })
          .findFirst());
      return counted.get().isPresent();
    });
    assertThat(counted.get().get()).as("the request's statements were counted").isNotNegative();
    return counted.get().get();
  }
}
