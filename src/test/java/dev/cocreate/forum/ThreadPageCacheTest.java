package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Visitors' thread pages and JSON from memory: never stale after the write that changed them")
class ThreadPageCacheTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp amy;
  static TestHttp ben;
  /** A second node on the same database, with the cache on: it learns of writes from its listener. */
  static TestServer second;
  /** A node with the cache off: what an uncached render shows. */
  static TestServer uncached;
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}\\.[A-Za-z0-9_-]{43}");

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("cache");
    amy = community.member("cache_amy");
    ben = community.member("cache_ben");
    community.space("cafe", "public");
    community.space("back-room", "members");
    second = TestServer.startOn(server.dbUrl(), new JsonObject());
    uncached = TestServer.startOn(server.dbUrl(), new JsonObject().put("pageCache", "off"));
  }

  @AfterAll
  static void stop() {
    second.close();
    uncached.close();
  }

  static long thread(String title) {
    return community.thread(amy, "cafe", title, "Opening words of " + title).getLong("id");
  }

  static ThreadPageCache cache() {
    return server.server().app().pageCache();
  }

  @Test
  @DisplayName("a visitor sees a reply right after its POST returns on the same node, and on a second node once its event arrived")
  void replySeenAtOnce() {
    long id = thread("Fresh replies");
    TestHttp visitor = server.http();
    TestHttp elsewhere = second.http();
    assertThat(visitor.getHtml("/t/" + id).body()).doesNotContain("first answer");
    long hits = cache().hits();
    assertThat(visitor.getHtml("/t/" + id).status()).isEqualTo(200);
    assertThat(visitor.get("/api/threads/" + id + "/posts?limit=100").status()).isEqualTo(200);
    assertThat(visitor.get("/api/threads/" + id + "/posts?limit=100").status()).isEqualTo(200);
    assertThat(cache().hits()).as("the page and the JSON came from memory").isEqualTo(hits + 2);
    String metrics = server.http().get("/metrics").body();
    for (String figure : List.of("hits_total", "misses_total", "evictions_total", "bytes", "entries", "max_bytes")) {
      assertThat(metrics).contains("cocreate_pagecache_" + figure + " ");
    }
    assertThat(elsewhere.getHtml("/t/" + id).body()).doesNotContain("first answer");
    elsewhere.getHtml("/t/" + id);

    community.reply(ben, id, "the first answer, seen at once");

    assertThat(visitor.getHtml("/t/" + id).body()).contains("the first answer, seen at once");
    assertThat(visitor.get("/api/threads/" + id + "/posts?limit=100").body()).contains("the first answer, seen at once");
    Eventually.until("the second node shows the reply",
        () -> elsewhere.getHtml("/t/" + id).body().contains("the first answer, seen at once")
            && elsewhere.get("/api/threads/" + id + "/posts?limit=100").body().contains("the first answer, seen at once"));
  }

  @Test
  @DisplayName("a hidden post, a locked, pinned or moved thread, a space made private and a renamed author show to visitors at once")
  void moderationAndAccessAtOnce() {
    long id = thread("Moderated at once");
    long postId = community.reply(ben, id, "a remark to hide").getLong("id");
    TestHttp visitor = server.http();
    warm(visitor, id);
    assertThat(community.act(community.mod(), Community.action("hide", "post", postId, "off topic")).status()).isEqualTo(200);
    assertThat(visitor.getHtml("/t/" + id).body()).doesNotContain("a remark to hide");
    assertThat(visitor.get("/api/threads/" + id + "/posts").body()).doesNotContain("a remark to hide");

    warm(visitor, id);
    assertThat(community.act(community.mod(), Community.action("lock", "thread", id, "settled")).status()).isEqualTo(200);
    assertThat(visitor.getHtml("/t/" + id).body()).contains("This thread is locked");
    assertThat(community.act(community.mod(), Community.action("pin", "thread", id, "worth reading")).status()).isEqualTo(200);
    assertThat(visitor.getHtml("/t/" + id).body()).contains("title=\"Pinned\"");

    warm(visitor, id);
    community.rename("cache_ben", "Benjamin Renamed");
    assertThat(visitor.getHtml("/t/" + id).body()).contains("Benjamin Renamed");
    assertThat(visitor.get("/api/threads/" + id + "/posts").body()).contains("Benjamin Renamed");

    warm(visitor, id);
    assertThat(community.act(community.mod(), Community.action("move", "thread", id, "members only").put("toSpace", "back-room"))
        .status()).isEqualTo(200);
    assertThat(visitor.getHtml("/t/" + id).status()).isEqualTo(404);
    assertThat(visitor.get("/api/threads/" + id + "/posts").status()).isEqualTo(404);

    long open = thread("Space closes");
    warm(visitor, open);
    community.space("closing", "public");
    long inClosing = community.thread(amy, "closing", "Soon private", "words").getLong("id");
    warm(visitor, inClosing);
    assertThat(community.admin().patch("/api/spaces/closing", new JsonObject().put("visibility", "members")).status())
        .isEqualTo(200);
    assertThat(visitor.getHtml("/t/" + inClosing).status()).isEqualTo(404);
    assertThat(visitor.get("/api/threads/" + inClosing + "/posts").status()).isEqualTo(404);
    assertThat(visitor.getHtml("/t/" + open).status()).as("another space's thread is untouched").isEqualTo(200);
  }

  /** Two reads of each, so the second is answered from memory. */
  private static void warm(TestHttp visitor, long id) {
    for (int i = 0; i < 2; i++) {
      assertThat(visitor.getHtml("/t/" + id).status()).isEqualTo(200);
      assertThat(visitor.get("/api/threads/" + id + "/posts").status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("many readers while replies are posted never leave a stale entry: afterwards every page equals an uncached render")
  void concurrentReadsAndWrites() throws Exception {
    long id = thread("Busy debate");
    List<String> paths = List.of("/t/" + id, "/api/threads/" + id + "/posts?limit=100", "/api/threads/" + id + "/posts");
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 6; r++) {
      TestHttp reader = server.http();
      String language = r % 2 == 0 ? "en" : "fr";
      Thread t = new Thread(() -> {
        while (writing.get()) {
          for (String path : paths) {
            reader.send(reader.builder(path).header("Accept-Language", language).GET());
          }
        }
      });
      t.start();
      readers.add(t);
    }
    List<String> writtenBy = List.of("cache_amy", "cache_ben");
    Community.parallel(30, 3, i -> community.reply(i % 2 == 0 ? amy : ben, id, "reply number " + i + " by " + writtenBy.get(i % 2)));
    writing.set(false);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(cache().hits()).as("readers were answered from memory along the way").isPositive();
    for (String language : List.of("en", "fr")) {
      for (String path : paths) {
        Resp fromCache = server.http().send(server.http().builder(path).header("Accept-Language", language).GET());
        Resp fresh = uncached.http().send(uncached.http().builder(path).header("Accept-Language", language).GET());
        assertThat(withoutTokens(fromCache.body())).as(language + " " + path).isEqualTo(withoutTokens(fresh.body()));
        if (!path.endsWith("/posts")) { // the default page of 20 ends before the last replies
          assertThat(fromCache.body()).contains("reply number 29");
        }
      }
    }
  }

  /** A body without the visitor's token and the node's own address (each node is its own localhost:port). */
  private static String withoutTokens(String body) {
    return TOKEN.matcher(body).replaceAll("TOKEN").replaceAll("http://localhost:[0-9]+/", "http://localhost/");
  }

  @Test
  @DisplayName("the cache holds no more bytes than its budget, pushing out the least recently used")
  void byteBound() {
    try (TestServer small = TestServer.startOn(server.dbUrl(), new JsonObject().put("pageCache", "64KiB"))) {
      long id = thread("Many pages of JSON");
      for (int i = 0; i < 20; i++) {
        community.reply(ben, id, "a reply of some length, number " + i + " ".repeat(10) + "x".repeat(300));
      }
      ThreadPageCache cache = small.server().app().pageCache();
      TestHttp visitor = small.http();
      for (int limit = 1; limit <= 40; limit++) {
        assertThat(visitor.get("/api/threads/" + id + "/posts?limit=" + limit).status()).isEqualTo(200);
        assertThat(cache.bytes()).as("after " + limit + " entries").isLessThanOrEqualTo(64 * 1024);
      }
      assertThat(cache.evictions()).isPositive();
      assertThat(cache.size()).isPositive();
    }
  }

  @Test
  @DisplayName("with pageCache off every read renders: a change made behind the server's back shows at once")
  void offServesUncached() {
    long id = thread("Behind its back");
    long postId = community.reply(ben, id, "as first written").getLong("id");
    TestHttp onCached = server.http();
    TestHttp onUncached = uncached.http();
    warm(onCached, id);
    assertThat(onUncached.getHtml("/t/" + id).body()).contains("as first written");
    // No event: only a render that reads the database sees it.
    community.exec("update posts set html = '<p>changed in the database</p>' where id = " + postId);
    assertThat(onUncached.getHtml("/t/" + id).body()).contains("changed in the database");
    assertThat(onUncached.get("/api/threads/" + id + "/posts").body()).contains("changed in the database");
    assertThat(uncached.server().app().pageCache().hits() + uncached.server().app().pageCache().misses()).isZero();
    assertThat(onCached.getHtml("/t/" + id).body()).as("the cached node kept what it rendered").contains("as first written");
  }

  @Test
  @DisplayName("a visitor's page is private and revalidated with its ETag; a member's page is never stored")
  void cacheHeaders() {
    long id = thread("Headers");
    TestHttp visitor = server.http();
    Resp first = visitor.getHtml("/t/" + id);
    assertThat(first.header("Cache-Control")).isEqualTo("private, no-cache");
    String etag = first.header("ETag");
    assertThat(etag).isNotBlank();
    Resp again = visitor.send(visitor.builder("/t/" + id).header("Accept", "text/html").header("If-None-Match", etag).GET());
    assertThat(again.status()).isEqualTo(304);
    TestHttp otherVisitor = server.http();
    Resp other = otherVisitor.getHtml("/t/" + id);
    assertThat(other.header("ETag")).as("another visitor's token makes another body").isNotEqualTo(etag);
    assertThat(withoutTokens(other.body())).isEqualTo(withoutTokens(first.body()));

    Resp json = visitor.get("/api/threads/" + id + "/posts");
    Resp jsonAgain = visitor.send(visitor.builder("/api/threads/" + id + "/posts").header("If-None-Match", json.header("ETag")).GET());
    assertThat(jsonAgain.status()).isEqualTo(304);
    community.reply(ben, id, "news");
    Resp changed = visitor.send(visitor.builder("/api/threads/" + id + "/posts").header("If-None-Match", json.header("ETag")).GET());
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).contains("news");

    TestHttp member = community.browser("cache_amy");
    Resp mine = member.getHtml("/t/" + id);
    assertThat(mine.header("Cache-Control")).isEqualTo("no-store");
    assertThat(mine.header("ETag")).isNull();
  }

  @Test
  @DisplayName("a render read before an event committed is never stored over that event's invalidation")
  void fillStartedBeforeAnEventIsRefused() {
    ThreadPageCache cache = new ThreadPageCache(1024 * 1024);
    ThreadPageCache.Key key = new ThreadPageCache.Key(5, "json /api/threads/5/posts");
    byte[][] body = {"{}".getBytes()};
    cache.onEvent(3, "space:cafe", null);
    long before = cache.stamp();
    // The reply to thread 5 commits while the render reads: its invalidation comes first.
    cache.onEvent(4, "thread:5", null);
    assertThat(cache.put(key, before, 1, Set.of(7L), "", body, "t")).isFalse();
    assertThat(cache.get(key, "")).isNull();
    assertThat(cache.refusedFills()).isEqualTo(1);
    // A render that began after it is kept, until the next event on its thread.
    assertThat(cache.put(key, cache.stamp(), 1, Set.of(7L), "", body, "t")).isTrue();
    assertThat(cache.get(key, "")).isNotNull();
    cache.onEvent(5, "thread:6", null);
    assertThat(cache.get(key, "")).as("another thread's event").isNotNull();
    cache.onEvent(6, "thread:5", null);
    assertThat(cache.get(key, "")).isNull();
    // The same race through the space's access and an author's rename.
    long beforeSpace = cache.stamp();
    cache.onEvent(7, "access", new JsonObject().put("scope", "space").put("spaceId", 1).put("slug", "cafe"));
    assertThat(cache.put(key, beforeSpace, 1, Set.of(7L), "", body, "t")).isFalse();
    long beforeRename = cache.stamp();
    cache.onEvent(8, "render", new JsonObject().put("scope", "user").put("userId", 7));
    assertThat(cache.put(key, beforeRename, 1, Set.of(7L), "", body, "t")).isFalse();
    assertThat(cache.put(key, beforeRename, 1, Set.of(8L), "", body, "t")).as("nobody renamed wrote it").isTrue();
  }
}
