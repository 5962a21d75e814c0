package dev.cocreate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Following threads, challenges and ideas, and unread counts")
class FollowAndUnreadApiTest {
  static TestServer server;
  static TestHttp admin;
  static final AtomicInteger names = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put("rateLimits", "off"));
    admin = server.http();
    long id = admin.register("fu_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    space("fu-open", "public");
    space("fu-closed", "group");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // Helpers: members, threads and replies through the API.

  static void space(String slug, String visibility) {
    Resp r = admin.post("/api/spaces", new JsonObject().put("slug", slug).put("name", "Space " + slug).put("description", "")
        .put("visibility", visibility));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
  }

  static TestHttp member() {
    TestHttp http = server.http();
    http.register("fu_" + names.incrementAndGet());
    return http;
  }

  static String username(TestHttp who) {
    return who.get("/api/me").json().getString("username");
  }

  static long thread(TestHttp who, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", "fu-open").put("title", title).put("body", "Opening of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static long firstPost(long threadId) {
    return TestDatabase.queryLong(server.dbUrl(), "select first_post_id from threads where id = " + threadId);
  }

  static long reply(TestHttp who, long threadId, Long parentId, String body) {
    JsonObject req = new JsonObject().put("body", body);
    if (parentId != null) {
      req.put("parentId", parentId);
    }
    Resp r = who.post("/api/threads/" + threadId + "/posts", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static Resp watch(TestHttp who, String path, String level) {
    return who.put(path + "/watch", new JsonObject().put("level", level));
  }

  static JsonObject reading(TestHttp who, long threadId) {
    Resp r = who.get("/api/threads/" + threadId);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonObject("reading");
  }

  /** The thread as the space's list shows it to {@code who}, or null when the list does not show it. */
  static JsonObject listed(TestHttp who, String space, long threadId) {
    Resp r = who.get("/api/spaces/" + space + "/threads?limit=100");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    for (Object o : r.items()) {
      JsonObject t = (JsonObject) o;
      if (t.getLong("id") == threadId) {
        return t;
      }
    }
    return null;
  }

  static List<JsonObject> notificationsAbout(TestHttp who, long threadId) {
    Resp r = who.get("/api/notifications?limit=100");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.items().forEach(o -> {
      JsonObject n = (JsonObject) o;
      if (n.getString("targetType").equals("thread") && n.getLong("targetId") == threadId) {
        out.add(n);
      }
    });
    return out;
  }

  static java.util.Set<String> fields(Resp r) {
    JsonArray errors = r.json().getJsonArray("errors");
    java.util.Set<String> out = new java.util.HashSet<>();
    if (errors != null) {
      errors.forEach(o -> out.add(((JsonObject) o).getString("field")));
    }
    return out;
  }

  static long readTo(TestHttp who, long threadId, long postId) {
    Resp r = who.post("/api/threads/" + threadId + "/read", new JsonObject().put("postId", postId));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getLong("readPostId");
  }

  // Watch levels

  @Test
  @DisplayName("watching hears of every post, normal only of replies to oneself, muted of nothing at all")
  void watchLevelsDecideWhoIsTold() {
    TestHttp author = member();
    TestHttp watcher = member();
    TestHttp normal = member();
    TestHttp muter = member();
    long t = thread(author, "Levels");
    long normalsPost = reply(normal, t, null, "My point");
    long mutersPost = reply(muter, t, null, "Mine too");
    assertThat(watch(watcher, "/api/threads/" + t, "watching").json().getString("level")).isEqualTo("watching");
    assertThat(watch(muter, "/api/threads/" + t, "muted").json().getString("level")).isEqualTo("muted");
    assertThat(watcher.get("/api/threads/" + t + "/watch").json().getString("level")).isEqualTo("watching");
    assertThat(normal.get("/api/threads/" + t + "/watch").json().getString("level")).isEqualTo("tracking");

    reply(author, t, null, "A post for the watchers");
    reply(author, t, normalsPost, "Answering the normal one");
    reply(author, t, mutersPost, "Answering the muted one, who hears nothing");

    assertThat(notificationsAbout(watcher, t)).singleElement()
        .satisfies(n -> assertThat(n.getString("kind")).isEqualTo("post"))
        .satisfies(n -> assertThat(n.getInteger("count")).isEqualTo(3));
    assertThat(notificationsAbout(normal, t)).singleElement()
        .satisfies(n -> assertThat(n.getString("kind")).isEqualTo("reply"))
        .satisfies(n -> assertThat(n.getInteger("count")).isEqualTo(1));
    assertThat(notificationsAbout(muter, t)).isEmpty();

    // Back to the default: the muter hears of replies to them again.
    assertThat(muter.delete("/api/threads/" + t + "/watch").status()).isEqualTo(204);
    reply(author, t, mutersPost, "Now you hear me");
    assertThat(notificationsAbout(muter, t)).hasSize(1);
  }

  @Test
  @DisplayName("a muted thread counts neither unread nor new; unmuted, it counts again")
  void mutedThreadsAreLeftOutOfCounts() {
    TestHttp author = member();
    TestHttp reader = member();
    long t = thread(author, "Noisy");
    readTo(reader, t, firstPost(t));
    reply(author, t, null, "one");
    reply(author, t, null, "two");
    assertThat(listed(reader, "fu-open", t).getJsonObject("reading").getInteger("unread")).isEqualTo(2);
    watch(reader, "/api/threads/" + t, "muted");
    JsonObject muted = listed(reader, "fu-open", t).getJsonObject("reading");
    assertThat(muted.getString("level")).isEqualTo("muted");
    assertThat(muted.getInteger("unread")).isZero();

    long fresh = thread(author, "Fresh but muted");
    assertThat(listed(reader, "fu-open", fresh).getJsonObject("reading").getBoolean("new")).isTrue();
    watch(reader, "/api/threads/" + fresh, "muted");
    assertThat(listed(reader, "fu-open", fresh).getJsonObject("reading").getBoolean("new")).isFalse();

    watch(reader, "/api/threads/" + t, "tracking");
    assertThat(listed(reader, "fu-open", t).getJsonObject("reading").getInteger("unread")).isEqualTo(2);
  }

  // Read positions

  @Test
  @DisplayName("a read position only moves forward, and each member has their own")
  void readPositionIsMonotonicAndPerMember() {
    TestHttp author = member();
    TestHttp ann = member();
    TestHttp ben = member();
    long t = thread(author, "Positions");
    long p1 = reply(author, t, null, "one");
    long p2 = reply(author, t, null, "two");
    long p3 = reply(author, t, null, "three");

    assertThat(readTo(ann, t, p3)).isEqualTo(p3);
    // A tab that reports late (an older post) does not move the position back.
    assertThat(readTo(ann, t, p1)).isEqualTo(p3);
    assertThat(reading(ann, t).getLong("readPostId")).isEqualTo(p3);
    assertThat(reading(ann, t).getInteger("unread")).isZero();

    // Ben's position is his own.
    assertThat(reading(ben, t).getValue("readPostId")).isNull();
    assertThat(readTo(ben, t, p1)).isEqualTo(p1);
    assertThat(reading(ben, t).getInteger("unread")).isEqualTo(2);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from thread_reads where thread_id = " + t)).isEqualTo(2);
    assertThat(p2).isBetween(p1, p3);
  }

  @Test
  @DisplayName("reading a thread's posts moves the reader's position to the newest post shown")
  void readingThePostsMovesThePosition() {
    TestHttp author = member();
    TestHttp reader = member();
    long t = thread(author, "Read by reading");
    long last = reply(author, t, null, "the newest");
    assertThat(reader.get("/api/threads/" + t + "/posts").status()).isEqualTo(200);
    Eventually.until("the page view's read is recorded", () -> {
      Object at = reading(reader, t).getValue("readPostId");
      return at != null && ((Number) at).longValue() == last;
    });
  }

  @Test
  @DisplayName("unread counts are exact while several members reply at once")
  void unreadCountsAreExactUnderConcurrentReplies() {
    TestHttp author = member();
    TestHttp reader = member();
    long t = thread(author, "Busy");
    readTo(reader, t, firstPost(t));
    watch(reader, "/api/threads/" + t, "tracking");
    List<TestHttp> writers = List.of(member(), member(), member(), member());
    int each = 5;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (TestHttp w : writers) {
      all.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < each; i++) {
          reply(w, t, null, "reply " + i);
        }
      }));
    }
    // The reader's own replies are never unread to them.
    reply(reader, t, null, "my own");
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();

    assertThat(listed(reader, "fu-open", t).getJsonObject("reading").getInteger("unread")).isEqualTo(writers.size() * each);
    JsonObject following = following(reader).stream().filter(f -> f.getLong("targetId") == t).findFirst().orElseThrow();
    assertThat(following.getInteger("unread")).isEqualTo(writers.size() * each);

    long newest = TestDatabase.queryLong(server.dbUrl(), "select max(id) from posts where thread_id = " + t);
    readTo(reader, t, newest);
    assertThat(listed(reader, "fu-open", t).getJsonObject("reading").getInteger("unread")).isZero();
  }

  @Test
  @DisplayName("a thread is new to a member until they open it, and only when started since their last visit")
  void newThreadsAreThoseNotYetOpened() {
    TestHttp author = member();
    long before = thread(author, "Before the reader came");
    TestDatabase.execOn(server.dbUrl(), "update threads set created_at = now() - interval '1 hour' where id = " + before);
    TestHttp reader = member();
    long after = thread(author, "After the reader came");
    assertThat(listed(reader, "fu-open", before).getJsonObject("reading").getBoolean("new")).isFalse();
    assertThat(listed(reader, "fu-open", after).getJsonObject("reading").getBoolean("new")).isTrue();
    // Not new to its own author.
    assertThat(listed(author, "fu-open", after).getJsonObject("reading").getBoolean("new")).isFalse();
    readTo(reader, after, firstPost(after));
    assertThat(listed(reader, "fu-open", after).getJsonObject("reading").getBoolean("new")).isFalse();
    // An anonymous reader has no reading at all.
    assertThat(listed(server.http(), "fu-open", after).containsKey("reading")).isFalse();
  }

  @Test
  @DisplayName("the first unread post is where the jump link lands: the first post by someone else after the position")
  void jumpToFirstUnread() {
    TestHttp author = member();
    TestHttp reader = member();
    long t = thread(author, "Jumping");
    long mine = reply(reader, t, null, "mine");
    readTo(reader, t, mine);
    long first = reply(author, t, mine, "first unread");
    reply(author, t, null, "second unread");
    Resp jump = reader.getHtml("/t/" + t + "/unread");
    assertThat(jump.status()).isEqualTo(303);
    assertThat(jump.header("Location")).isEqualTo("/t/" + t + "/p/" + mine + "#p" + first);
    // The thread page marks it and links to it.
    Resp page = reader.getHtml("/t/" + t);
    assertThat(page.body()).contains("class=\"unread-divider\"").contains("href=\"#p" + first + "\"");
    assertThat(page.body().indexOf("unread-divider")).isLessThan(page.body().indexOf("id=\"p" + first + "\""));
  }

  // Notifications land on the first post they announce

  @Test
  @DisplayName("opening a grouped notification marks it read and lands on the first of its posts")
  void openingANotificationLandsOnItsFirstPost() {
    TestHttp author = member();
    TestHttp watcher = member();
    long t = thread(author, "Six new posts");
    watch(watcher, "/api/threads/" + t, "watching");
    long first = reply(author, t, null, "p1");
    for (int i = 2; i <= 6; i++) {
      reply(author, t, null, "p" + i);
    }
    JsonObject n = notificationsAbout(watcher, t).get(0);
    assertThat(n.getInteger("count")).isEqualTo(6);
    assertThat(n.getString("firstUrl")).isEqualTo("/t/" + t + "/p/" + firstPost(t) + "#p" + first);
    Resp open = watcher.getHtml("/notifications/" + n.getLong("id") + "/open");
    assertThat(open.status()).isEqualTo(303);
    assertThat(open.header("Location")).isEqualTo("/t/" + t + "/p/" + firstPost(t) + "#p" + first);
    assertThat(notificationsAbout(watcher, t).get(0).getBoolean("read")).isTrue();
    // Someone else's notification is not found, and nothing of it changes.
    Resp other = author.getHtml("/notifications/" + n.getLong("id") + "/open");
    assertThat(other.status()).isEqualTo(404);
  }

  // Following list and the follow form

  static List<JsonObject> following(TestHttp who) {
    Resp r = who.get("/api/me/watching?limit=100");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.items().forEach(o -> out.add((JsonObject) o));
    return out;
  }

  @Test
  @DisplayName("the following list shows every level chosen, newest first, and the page's form changes it")
  void followingListAndForm() {
    TestHttp author = member();
    TestHttp reader = member();
    long a = thread(author, "Followed A");
    long b = thread(author, "Followed B");
    watch(reader, "/api/threads/" + a, "watching");
    watch(reader, "/api/threads/" + b, "muted");
    List<JsonObject> list = following(reader);
    assertThat(list).extracting(f -> f.getLong("targetId")).containsExactly(b, a);
    assertThat(list).extracting(f -> f.getString("level")).containsExactly("muted", "watching");
    assertThat(list.get(0).getString("url")).isEqualTo("/t/" + b);

    Resp form = reader.form("/watch", Map.of("targetType", "thread", "targetId", String.valueOf(b), "level", "watching",
        "next", "/t/" + b));
    assertThat(form.status()).isEqualTo(303);
    assertThat(form.header("Location")).isEqualTo("/t/" + b);
    assertThat(reader.get("/api/threads/" + b + "/watch").json().getString("level")).isEqualTo("watching");
    // A next that leaves the site goes to the following list instead.
    Resp away = reader.form("/watch", Map.of("targetType", "thread", "targetId", String.valueOf(b), "level", "muted",
        "next", "https://evil.example/"));
    assertThat(away.header("Location")).isEqualTo("/me/following");

    Resp page = reader.getHtml("/me/following");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Followed A").contains("Followed B").contains("action=\"/watch\"");
    // The thread page carries the control with the member's level selected.
    assertThat(reader.getHtml("/t/" + a).body()).contains("class=\"watch-form\"")
        .containsPattern("<option value=\"watching\" selected>");
  }

  // Readability

  @Test
  @DisplayName("a thread moved into a space the member cannot read drops from their counts, lists and notifications")
  void invisibleThreadsAreNeverCountedOrShown() {
    TestHttp author = member();
    TestHttp reader = member();
    long t = thread(author, "Soon private");
    watch(reader, "/api/threads/" + t, "watching");
    readTo(reader, t, firstPost(t));
    reply(author, t, null, "still public");
    assertThat(following(reader)).anySatisfy(f -> assertThat(f.getLong("targetId")).isEqualTo(t));
    assertThat(notificationsAbout(reader, t)).hasSize(1);
    int unreadBefore = reader.get("/api/notifications?limit=1").json().getInteger("unreadCount");
    assertThat(reader.getHtml("/").body()).contains("Soon private");

    Resp move = admin.post("/api/moderation/actions", new JsonObject().put("action", "move").put("targetType", "thread")
        .put("targetId", t).put("toSpace", "fu-closed").put("reason", "private now"));
    assertThat(move.status()).as(move.toString()).isEqualTo(200);
    reply(admin, t, null, "now private");

    assertThat(reader.getHtml("/").body()).doesNotContain("Soon private");
    assertThat(reader.get("/api/spaces/fu-closed/threads").status()).isEqualTo(404);
    assertThat(following(reader)).noneSatisfy(f -> assertThat(f.getLong("targetId")).isEqualTo(t));
    assertThat(notificationsAbout(reader, t)).isEmpty();
    assertThat(reader.get("/api/notifications?limit=1").json().getInteger("unreadCount")).isEqualTo(unreadBefore - 1);
    assertThat(reader.get("/api/threads/" + t + "/watch").status()).isEqualTo(404);
    assertThat(reader.post("/api/threads/" + t + "/read", new JsonObject().put("postId", firstPost(t))).status()).isEqualTo(404);
    assertThat(reader.getHtml("/t/" + t + "/unread").status()).isEqualTo(404);
  }

  // Errors

  @Test
  @DisplayName("the API refuses the anonymous (401), the unknown (404) and the malformed (400)")
  void apiErrors() {
    TestHttp author = member();
    TestHttp reader = member();
    long t = thread(author, "Errors");
    long other = thread(author, "Another");
    TestHttp anonymous = server.http();
    assertThat(anonymous.put("/api/threads/" + t + "/watch", new JsonObject().put("level", "watching")).status()).isEqualTo(401);
    assertThat(anonymous.post("/api/threads/" + t + "/read", new JsonObject().put("postId", firstPost(t))).status()).isEqualTo(401);
    assertThat(anonymous.get("/api/me/watching").status()).isEqualTo(401);
    assertThat(anonymous.put("/api/ideas/1/watch", new JsonObject()).status()).isEqualTo(401);

    assertThat(watch(reader, "/api/threads/987654321", "watching").status()).isEqualTo(404);
    assertThat(watch(reader, "/api/challenges/987654321", "watching").status()).isEqualTo(404);
    assertThat(watch(reader, "/api/ideas/987654321", "watching").status()).isEqualTo(404);
    assertThat(reader.post("/api/threads/987654321/read", new JsonObject().put("postId", 1)).status()).isEqualTo(404);

    Resp badLevel = watch(reader, "/api/threads/" + t, "loud");
    assertThat(badLevel.status()).isEqualTo(400);
    assertThat(fields(badLevel)).contains("level");
    Resp noPost = reader.post("/api/threads/" + t + "/read", new JsonObject());
    assertThat(noPost.status()).isEqualTo(400);
    assertThat(fields(noPost)).contains("postId");
    Resp wrongThread = reader.post("/api/threads/" + t + "/read", new JsonObject().put("postId", firstPost(other)));
    assertThat(wrongThread.status()).isEqualTo(400);
    assertThat(fields(wrongThread)).contains("postId");
    assertThat(reader.get("/api/me/watching?cursor=nonsense").status()).isEqualTo(400);
  }

  // Ideas and challenges

  @Test
  @DisplayName("an idea is followed through its thread, and a challenge by itself")
  void ideasAndChallengesCanBeFollowed() {
    TestHttp owner = member();
    TestHttp author = member();
    TestHttp fan = member();
    String org = "fu-firm-" + names.incrementAndGet();
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", org).put("name", "Firm")).status()).isEqualTo(201);
    JsonObject brief = new JsonObject().put("org", org).put("title", "Quieter fans").put("summary", "Less noise.")
        .put("problem", "Too loud.").put("desiredOutcomes", "- quiet").put("constraints", "none")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Noise").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).plusDays(30).withNano(0).toString());
    Resp created = owner.post("/api/challenges", brief);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long challenge = created.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + challenge + "/transition", new JsonObject().put("to", "open")).status())
        .isEqualTo(200);
    Resp idea = author.post("/api/challenges/" + challenge + "/ideas", new JsonObject().put("title", "Bigger blades")
        .put("pitch", "Slower and quieter").put("body", "Details").put("acceptTerms", true));
    assertThat(idea.status()).as(idea.toString()).isEqualTo(201);
    long ideaId = idea.json().getLong("id");
    long ideaThread = idea.json().getLong("threadId");

    assertThat(watch(fan, "/api/ideas/" + ideaId, "watching").json().getString("level")).isEqualTo("watching");
    assertThat(fan.get("/api/threads/" + ideaThread + "/watch").json().getString("level")).isEqualTo("watching");
    assertThat(watch(fan, "/api/challenges/" + challenge, "watching").status()).isEqualTo(200);
    reply(author, ideaThread, null, "More detail on the blades");
    assertThat(notificationsAbout(fan, ideaThread)).hasSize(1);

    List<JsonObject> list = following(fan);
    assertThat(list).anySatisfy(f -> {
      assertThat(f.getString("targetType")).isEqualTo("thread");
      assertThat(f.getLong("ideaId")).isEqualTo(ideaId);
    });
    assertThat(list).anySatisfy(f -> {
      assertThat(f.getString("targetType")).isEqualTo("challenge");
      assertThat(f.getString("url")).isEqualTo("/c/" + challenge);
    });
    // The challenge's and the idea's pages carry the control at the member's level; the form sets it.
    assertThat(fan.getHtml("/c/" + challenge).body()).contains("data-watch-type=\"challenge\"")
        .contains("<option value=\"watching\" selected>");
    assertThat(fan.getHtml("/i/" + ideaId).body()).contains("data-watch-type=\"idea\"")
        .contains("<option value=\"watching\" selected>");
    Resp muted = fan.form("/watch", Map.of("targetType", "idea", "targetId", String.valueOf(ideaId), "level", "muted",
        "next", "/i/" + ideaId));
    assertThat(muted.header("Location")).isEqualTo("/i/" + ideaId);
    assertThat(fan.getHtml("/i/" + ideaId).body()).contains("<option value=\"muted\" selected>");
    assertThat(fan.get("/api/threads/" + ideaThread + "/watch").json().getString("level")).isEqualTo("muted");
    assertThat(fan.delete("/api/ideas/" + ideaId + "/watch").status()).isEqualTo(204);
    assertThat(fan.get("/api/ideas/" + ideaId + "/watch").json().getString("level")).isEqualTo("tracking");
  }
}
