package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Counters stay exact when many members act at once")
class ForumConcurrencyTest {
  static final int VOTERS = 200;
  static TestServer server;
  static ForumFixture f;
  static TestHttp alice;
  static TestHttp client;
  static List<String> voters;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    f = new ForumFixture(server);
    alice = f.member("alice");
    f.space("general", "public");
    client = server.http();
    voters = f.membersViaSql("voter", VOTERS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void voteAll(List<Integer> who, long postId, int value) {
    List<Resp> answers = ForumFixture.parallel(who.size(), 50, i -> ForumFixture.send(client, voters.get(who.get(i)), "PUT",
        "/api/posts/" + postId + "/vote", new JsonObject().put("value", value)));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    answers.forEach(r -> assertThat(r.json().getInteger("myVote")).isEqualTo(value));
  }

  static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).boxed().toList();
  }

  @Test
  @DisplayName("200 members voting at once give exactly 200; switching and repeating votes stay exact")
  void votes() {
    JsonObject t = f.thread(alice, "general", "Vote storm");
    long threadId = t.getLong("id");
    long postId = t.getJsonObject("firstPost").getLong("id");

    voteAll(range(0, VOTERS), postId, 1);
    assertThat(alice.get("/api/posts/" + postId).json().getInteger("voteScore")).isEqualTo(200);
    assertThat(alice.get("/api/threads/" + threadId).json().getInteger("voteScore")).isEqualTo(200);

    // At once: 50 switch to -1, 30 withdraw, and 60 repeat the +1 they already gave.
    List<Resp> mixed = ForumFixture.parallel(140, 50, i -> {
      int value = i < 50 ? -1 : i < 80 ? 0 : 1;
      return ForumFixture.send(client, voters.get(i), "PUT", "/api/posts/" + postId + "/vote", new JsonObject().put("value", value));
    });
    mixed.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    int expected = 200 - 50 * 2 - 30;
    assertThat(alice.get("/api/posts/" + postId).json().getInteger("voteScore")).isEqualTo(expected);
    assertThat(alice.get("/api/threads/" + threadId).json().getInteger("voteScore")).isEqualTo(expected);

    // The same votes again, all at once, change nothing.
    voteAll(range(0, 50), postId, -1);
    voteAll(range(50, 80), postId, 0);
    voteAll(range(80, VOTERS), postId, 1);
    assertThat(alice.get("/api/posts/" + postId).json().getInteger("voteScore")).isEqualTo(expected);
    assertThat(f.count("select coalesce(sum(value), 0) from post_votes where post_id = " + postId)).isEqualTo(expected);
    assertThat(f.count("select count(*) from post_votes where post_id = " + postId)).isEqualTo(170);
    assertThat(f.count("select vote_score from threads where id = " + threadId)).isEqualTo(expected);

    // One member sending different votes at once ends with one vote and a score that matches it.
    List<Resp> flurry = ForumFixture.parallel(30, 30, i -> ForumFixture.send(client, voters.get(0), "PUT",
        "/api/posts/" + postId + "/vote", new JsonObject().put("value", i % 3 - 1)));
    flurry.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    assertThat(f.count("select vote_score from posts where id = " + postId))
        .isEqualTo(f.count("select coalesce(sum(value), 0) from post_votes where post_id = " + postId));
  }

  @Test
  @DisplayName("100 replies at once: the thread counts exactly 100, matching the posts stored")
  void replies() {
    JsonObject t = f.thread(alice, "general", "Reply storm");
    long threadId = t.getLong("id");
    long firstId = t.getJsonObject("firstPost").getLong("id");
    List<Resp> answers = ForumFixture.parallel(100, 50, i -> ForumFixture.send(client, voters.get(i), "POST",
        "/api/threads/" + threadId + "/posts", new JsonObject().put("body", "reply " + i)));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
    assertThat(alice.get("/api/threads/" + threadId).json().getInteger("replyCount")).isEqualTo(100);
    assertThat(f.count("select reply_count from threads where id = " + threadId))
        .isEqualTo(f.count("select count(*) - 1 from posts where thread_id = " + threadId));
    assertThat(f.count("select reply_count from posts where id = " + firstId)).isEqualTo(100);
    assertThat(f.count("select count(*) from events where topic = 'thread:" + threadId + "' and type = 'post.created'"))
        .isEqualTo(100);
  }

  @Test
  @DisplayName("20 edits at once keep 20 distinct earlier versions: none is lost or kept twice")
  void edits() {
    JsonObject t = f.thread(alice, "general", "Edit storm");
    long postId = t.getJsonObject("firstPost").getLong("id");
    List<Resp> answers = ForumFixture.parallel(20, 20, i -> ForumFixture.send(client, alice.token(), "PATCH",
        "/api/posts/" + postId, new JsonObject().put("body", "version " + i)));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    assertThat(f.count("select count(*) from post_revisions where post_id = " + postId)).isEqualTo(20);
    assertThat(f.count("select count(distinct body) from post_revisions where post_id = " + postId)).isEqualTo(20);
    assertThat(f.count("select count(*) from post_revisions r join posts p on p.id = r.post_id "
        + "where r.post_id = " + postId + " and r.body = p.body")).as("the current version is not a revision").isZero();
  }
}
