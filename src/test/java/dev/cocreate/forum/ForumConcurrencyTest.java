package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Counters stay exact when many members act at once")
class ForumConcurrencyTest {
  static final int VOTERS = 200;
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp alice;
  static TestHttp client;
  static List<String> voters;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    alice = community.member("alice");
    community.space("general", "public");
    client = server.http();
    voters = community.membersViaSql("voter", VOTERS);
    clickTarget();
  }

  static void voteAll(List<Integer> who, long postId, int value) {
    List<Resp> answers = Community.parallel(who.size(), 50, i -> Community.send(client, voters.get(who.get(i)), "PUT",
        "/api/posts/" + postId + "/vote", new JsonObject().put("value", value)));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    answers.forEach(r -> assertThat(r.json().getInteger("myVote")).isEqualTo(value));
  }

  static List<Integer> range(int from, int to) {
    return IntStream.range(from, to).boxed().toList();
  }

  @Test
  @DisplayName("200 members voting at once give exactly 200; switching and repeating votes stay exact")
  void votes() {
    JsonObject t = community.thread(alice, "general", "Vote storm");
    long threadId = t.getLong("id");
    long postId = t.getJsonObject("firstPost").getLong("id");

    voteAll(range(0, VOTERS), postId, 1);
    assertThat(alice.get("/api/posts/" + postId).json().getInteger("voteScore")).isEqualTo(200);
    assertThat(alice.get("/api/threads/" + threadId).json().getInteger("voteScore")).isEqualTo(200);

    // At once: 50 switch to -1, 30 withdraw, and 60 repeat the +1 they already gave.
    List<Resp> mixed = Community.parallel(140, 50, i -> {
      int value = i < 50 ? -1 : i < 80 ? 0 : 1;
      return Community.send(client, voters.get(i), "PUT", "/api/posts/" + postId + "/vote", new JsonObject().put("value", value));
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
    assertThat(community.count("select coalesce(sum(value), 0) from post_votes where post_id = " + postId)).isEqualTo(expected);
    assertThat(community.count("select count(*) from post_votes where post_id = " + postId)).isEqualTo(170);
    assertThat(community.count("select vote_score from threads where id = " + threadId)).isEqualTo(expected);
  }

  /** The thread the repeated double-click test votes on; others' votes are already on it. */
  static long clickThread;
  static long clickPost;

  /** Called once the members exist: a separate @BeforeAll would run in an unspecified order. */
  static void clickTarget() {
    JsonObject t = community.thread(alice, "general", "Double clicks");
    clickThread = t.getLong("id");
    clickPost = t.getJsonObject("firstPost").getLong("id");
    voteAll(range(100, 110), clickPost, 1);
    voteAll(range(110, 113), clickPost, -1);
  }

  /**
   * One member sending 30 votes on one post at once (a double click, or a script): every one is
   * accepted, whatever interleaving the machine's load gives, and the score still matches the
   * votes stored. Twenty runs in a row; each starts from whatever vote the previous run left.
   */
  @RepeatedTest(value = 20, name = "run {currentRepetition} of {totalRepetitions}")
  @DisplayName("one member's 30 concurrent votes on one post all succeed and leave the score exact")
  void oneMembersConcurrentVotes(RepetitionInfo run) {
    // Seeded by the run: the values are random but the same on every machine, so a failure replays.
    Random random = new Random(run.getCurrentRepetition());
    List<Integer> values = random.ints(30, -1, 2).boxed().toList();
    String member = voters.get(199);
    List<Resp> flurry = Community.parallel(values.size(), values.size(), i -> Community.send(client, member, "PUT",
        "/api/posts/" + clickPost + "/vote", new JsonObject().put("value", values.get(i))));
    for (int i = 0; i < flurry.size(); i++) {
      Resp r = flurry.get(i);
      assertThat(r.status()).as("vote %d of %s: %s", i, values, r).isEqualTo(200);
      assertThat(r.json().getInteger("myVote")).isEqualTo(values.get(i));
    }
    long stored = community.count("select coalesce(sum(v.value), 0) from post_votes v join users u on u.id = v.user_id"
        + " where v.post_id = " + clickPost + " and u.username = 'voter199'");
    assertThat(values).as("the member's stored vote is one they sent").contains((int) stored);
    long sum = community.count("select coalesce(sum(value), 0) from post_votes where post_id = " + clickPost);
    assertThat(sum).as("others' votes untouched").isEqualTo(10 - 3 + stored);
    assertThat(community.count("select vote_score from posts where id = " + clickPost)).isEqualTo(sum);
    assertThat(community.count("select vote_score from threads where id = " + clickThread)).isEqualTo(sum);
  }

  @Test
  @DisplayName("100 replies at once: the thread counts exactly 100, matching the posts stored")
  void replies() {
    JsonObject t = community.thread(alice, "general", "Reply storm");
    long threadId = t.getLong("id");
    long firstId = t.getJsonObject("firstPost").getLong("id");
    List<Resp> answers = Community.parallel(100, 50, i -> Community.send(client, voters.get(i), "POST",
        "/api/threads/" + threadId + "/posts", new JsonObject().put("body", "reply " + i)));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
    assertThat(alice.get("/api/threads/" + threadId).json().getInteger("replyCount")).isEqualTo(100);
    assertThat(community.count("select reply_count from threads where id = " + threadId))
        .isEqualTo(community.count("select count(*) - 1 from posts where thread_id = " + threadId));
    assertThat(community.count("select reply_count from posts where id = " + firstId)).isEqualTo(100);
    assertThat(community.count("select count(*) from events where topic = 'thread:" + threadId + "' and type = 'post.created'"))
        .isEqualTo(100);
  }

  @Test
  @DisplayName("20 edits at once keep 20 distinct earlier versions: none is lost or kept twice")
  void edits() {
    JsonObject t = community.thread(alice, "general", "Edit storm");
    long postId = t.getJsonObject("firstPost").getLong("id");
    List<Resp> answers = Community.parallel(20, 20, i -> Community.send(client, alice.token(), "PATCH",
        "/api/posts/" + postId, new JsonObject().put("body", "version " + i)));
    answers.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
    assertThat(community.count("select count(*) from post_revisions where post_id = " + postId)).isEqualTo(20);
    assertThat(community.count("select count(distinct body) from post_revisions where post_id = " + postId)).isEqualTo(20);
    assertThat(community.count("select count(*) from post_revisions r join posts p on p.id = r.post_id "
        + "where r.post_id = " + postId + " and r.body = p.body")).as("the current version is not a revision").isZero();
  }
}
