package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The reply tree: depth-first order and pagination that holds while others post")
class PostTreeTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp alice;
  static TestHttp bob;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    alice = community.member("alice");
    bob = community.member("bob");
    community.space("general", "public");
  }

  @Test
  @DisplayName("a thread with branches lists depth-first with each post's depth and parent")
  void depthFirst() {
    JsonObject t = community.thread(alice, "general", "Branches");
    long id = t.getLong("id");
    long a = t.getJsonObject("firstPost").getLong("id");
    long b = community.reply(bob, id, null, "B").getLong("id");
    long c = community.reply(alice, id, a, "C").getLong("id");
    long d = community.reply(alice, id, b, "D").getLong("id");
    long e = community.reply(bob, id, d, "E").getLong("id");
    long g = community.reply(bob, id, c, "F").getLong("id");
    long h = community.reply(alice, id, null, "G").getLong("id");
    long i = community.reply(alice, id, e, "E1").getLong("id");
    long j = community.reply(alice, id, b, "D2").getLong("id");

    List<JsonObject> posts = community.allPosts(bob, id, "tree", 100);
    assertThat(posts.stream().map(p -> p.getLong("id")).toList()).containsExactly(a, b, d, e, i, j, c, g, h);
    assertThat(posts.stream().map(p -> p.getInteger("depth")).toList()).containsExactly(0, 1, 2, 3, 4, 2, 1, 2, 1);
    assertThat(posts.stream().map(p -> p.getLong("parentId")).toList()).containsExactly(null, a, b, d, e, b, a, c, a);
    assertThat(community.allPosts(bob, id, "tree", 2).stream().map(p -> p.getLong("id")).toList()).containsExactly(a, b, d, e, i, j, c, g, h);
    assertThat(community.count("select reply_count from posts where id = " + b)).isEqualTo(2);
    assertThat(community.count("select reply_count from posts where id = " + a)).isEqualTo(3);
    assertThat(alice.get("/api/threads/" + id).json().getInteger("replyCount")).isEqualTo(8);
  }

  @Test
  @DisplayName("paging through 1,000 posts 50 at a time returns each exactly once while another client keeps replying")
  void pagingUnderConcurrentPosts() throws Exception {
    JsonObject t = community.thread(alice, "general", "Big thread");
    long threadId = t.getLong("id");
    long authorId = alice.get("/api/me").json().getLong("id");
    // 1,000 replies in one statement, each under a random earlier post (half of them under the
    // latest one, for deep branches), with path and depth computed as the server does.
    community.exec("""
        do $$
        declare parent record; new_id bigint;
        begin
          for i in 1..1000 loop
            if random() < 0.5 then
              select id, path, depth into parent from posts where thread_id = %1$d order by id desc limit 1;
            else
              select id, path, depth into parent from posts where thread_id = %1$d order by random() limit 1;
            end if;
            new_id := nextval('posts_id_seq');
            insert into posts (id, thread_id, parent_id, depth, path, author_id, body, html)
            values (new_id, %1$d, parent.id, parent.depth + 1, parent.path || new_id, %2$d, 'bulk ' || i, '<p>bulk ' || i || '</p>');
            update posts set reply_count = reply_count + 1 where id = parent.id;
          end loop;
          update threads set reply_count = reply_count + 1000 where id = %1$d;
        end $$""".formatted(threadId, authorId));
    List<Long> existing = community.allPosts(alice, threadId, "oldest", 100).stream().map(p -> p.getLong("id")).toList();
    assertThat(existing).hasSize(1001);

    AtomicBoolean paging = new AtomicBoolean(true);
    AtomicInteger posted = new AtomicInteger();
    AtomicReference<Throwable> posterFailed = new AtomicReference<>();
    Thread poster = new Thread(() -> {
      try {
        while (paging.get()) {
          long parent = existing.get(ThreadLocalRandom.current().nextInt(existing.size()));
          Resp r = bob.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "live").put("parentId", parent));
          if (r.status() != 201) {
            throw new AssertionError(r.toString());
          }
          posted.incrementAndGet();
        }
      } catch (Throwable e) {
        posterFailed.set(e);
      }
    });
    poster.start();
    awaitPosted(posted, 5, posterFailed);

    List<JsonObject> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    int postedBefore = posted.get();
    do {
      Resp r = alice.get("/api/threads/" + threadId + "/posts?limit=50" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.items().size()).isLessThanOrEqualTo(50);
      r.items().forEach(o -> seen.add((JsonObject) o));
      cursor = r.json().getString("nextCursor");
      pages++;
      // At least one reply lands between any two pages, however the threads are scheduled.
      awaitPosted(posted, posted.get() + 1, posterFailed);
    } while (cursor != null);
    paging.set(false);
    poster.join(10_000);
    assertThat(posterFailed.get()).isNull();
    assertThat(posted.get() - postedBefore).as("replies posted while paging").isPositive();

    List<Long> ids = seen.stream().map(p -> p.getLong("id")).toList();
    assertThat(new HashSet<>(ids)).as("no post twice").hasSize(ids.size());
    assertThat(ids).as("every post that existed before paging").containsAll(existing);
    assertThat(pages).isGreaterThanOrEqualTo(21);
    // Depth-first: a post's parent comes before it, and a deeper post directly follows its parent.
    Set<Long> before = new HashSet<>();
    Map<Long, Integer> depth = new HashMap<>();
    for (int i = 0; i < seen.size(); i++) {
      JsonObject p = seen.get(i);
      Long parent = p.getLong("parentId");
      if (parent != null) {
        assertThat(before).as("parent of %s listed before it", p.getLong("id")).contains(parent);
        assertThat(p.getInteger("depth")).isEqualTo(depth.get(parent) + 1);
      }
      if (i > 0 && p.getInteger("depth") > seen.get(i - 1).getInteger("depth")) {
        assertThat(parent).isEqualTo(seen.get(i - 1).getLong("id"));
      }
      before.add(p.getLong("id"));
      depth.put(p.getLong("id"), p.getInteger("depth"));
    }
    long total = community.count("select count(*) from posts where thread_id = " + threadId);
    assertThat(alice.get("/api/threads/" + threadId).json().getInteger("replyCount")).isEqualTo((int) total - 1);
    assertThat(community.count("select max(depth) from posts where thread_id = " + threadId)).isGreaterThan(4);
  }

  /** Waits until the poster has posted {@code atLeast} replies; fails at once with the poster's failure. */
  static void awaitPosted(AtomicInteger posted, int atLeast, AtomicReference<Throwable> posterFailed) {
    Eventually.until("reply " + atLeast + " posted", () -> {
      if (posterFailed.get() != null) {
        throw new AssertionError("the poster failed", posterFailed.get());
      }
      return posted.get() >= atLeast;
    });
  }
}
