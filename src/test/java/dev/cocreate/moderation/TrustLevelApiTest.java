package dev.cocreate.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Trust levels follow activity, and new members' limits lift at level 1")
class TrustLevelApiTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("moderation", new JsonObject()
        .put("newMemberMaxLinks", 2)
        .put("newMemberMaxMentions", 2)
        .put("trustLevels", new JsonObject()
            .put("1", threshold(1, 3, 0, 0, 0, 0))
            .put("2", threshold(2, 3, 1, 1, 1, 0))
            .put("3", threshold(3, 3, 2, 2, 2, 0)))));
  static Community community;

  static JsonObject threshold(int days, int read, int replies, int given, int received, int maxFlags) {
    return new JsonObject().put("daysVisited", days).put("postsRead", read).put("replies", replies)
        .put("votesGiven", given).put("votesReceived", received).put("maxFlagsUpheld", maxFlags);
  }

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("trust");
    community.space("general", "public");
  }

  static String links(int n) {
    StringBuilder s = new StringBuilder("See");
    for (int i = 1; i <= n; i++) {
      s.append(" [link ").append(i).append("](https://example").append(i).append(".test/)");
    }
    return s.toString();
  }

  static String mentions(int n) {
    StringBuilder s = new StringBuilder("Hello");
    for (int i = 1; i <= n; i++) {
      s.append(" @someone").append(i);
    }
    return s.toString();
  }

  /** Recomputes until the member reaches the level (reads and visits are recorded on the side of requests). */
  void awaitLevel(String username, int level) {
    Eventually.until(Eventually.LIMIT, () -> {
      community.recomputeTrust();
      return community.trustLevel(username) == level;
    }, () -> username + "'s trust level is " + community.trustLevel(username) + ", not " + level);
  }

  @Test
  @DisplayName("reading one post short of the threshold stays at 0; reading the next promotes to 1; then 2 and 3 at theirs")
  void promotion() {
    TestHttp reader = community.member("trust_reader");
    long id = community.userId("trust_reader");
    TestHttp op = community.member("trust_op");
    long thread = community.thread(op, "general", "Something to read").getLong("id");
    community.reply(op, thread, "second post");
    assertThat(reader.get("/api/threads/" + thread + "/posts").status()).isEqualTo(200);
    community.awaitCount("select coalesce(sum(posts_read), 0) from thread_reads where user_id = " + id, 2);
    community.awaitCount("select count(*) from user_visits where user_id = " + id, 1);
    community.recomputeTrust();
    assertThat(community.trustLevel("trust_reader")).as("2 of 3 posts read").isZero();

    long third = community.reply(op, thread, "third post").getLong("id");
    assertThat(reader.get("/api/threads/" + thread + "/posts").status()).isEqualTo(200);
    awaitLevel("trust_reader", 1);

    // Level 2: a second day, a reply, a vote given and one received; one short stays at 1.
    community.exec("insert into user_visits (user_id, day) values (" + id + ", current_date - 1)");
    long mine = community.reply(reader, thread, "my reply").getLong("id");
    assertThat(reader.put("/api/posts/" + third + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    community.recomputeTrust();
    assertThat(community.trustLevel("trust_reader")).as("no vote received yet").isEqualTo(1);
    assertThat(op.put("/api/posts/" + mine + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    community.recomputeTrust();
    assertThat(community.trustLevel("trust_reader")).isEqualTo(2);

    // Level 3 is re-earned: a flag upheld against the member drops them back to 2, never below.
    community.exec("insert into user_visits (user_id, day) values (" + id + ", current_date - 2)");
    community.reply(reader, thread, "another reply");
    TestHttp fan = community.member("trust_fan");
    assertThat(fan.put("/api/posts/" + third + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    assertThat(fan.put("/api/posts/" + mine + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    community.recomputeTrust();
    assertThat(community.trustLevel("trust_reader")).as("one vote given short of 2").isEqualTo(2);
    long other = community.thread(op, "general", "Another").getJsonObject("firstPost").getLong("id");
    assertThat(reader.put("/api/posts/" + other + "/vote", new JsonObject().put("value", 1)).status()).isEqualTo(200);
    community.recomputeTrust();
    assertThat(community.trustLevel("trust_reader")).isEqualTo(3);

    assertThat(community.flag(fan, mine, "off_topic").status()).isEqualTo(201);
    assertThat(community.act(community.mod(), Community.action("hide", "post", mine, "Off topic")).status()).isEqualTo(200);
    community.recomputeTrust();
    assertThat(community.trustLevel("trust_reader")).isEqualTo(2);
  }

  @Test
  @DisplayName("a level-0 member may post 2 links and 2 mentions, not 3; at level 1 they may")
  void newMemberLimits() {
    TestHttp fresh = community.member("trust_fresh");
    long thread = community.thread(community.mod(), "general", "Links").getLong("id");
    assertThat(fresh.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", links(2))).status()).isEqualTo(201);
    Resp tooMany = fresh.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", links(3)));
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("body");
    assertThat(tooMany.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("2 links");
    // The body is rendered while the thread is read; a thread that is not there still answers first.
    assertThat(fresh.post("/api/threads/999999999/posts", new JsonObject().put("body", links(3))).status()).isEqualTo(404);
    Resp badParent = fresh.post("/api/threads/" + thread + "/posts", new JsonObject().put("parentId", 999999999L).put("body", links(3)));
    assertThat(badParent.status()).isEqualTo(400);
    assertThat(badParent.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("parentId");
    assertThat(fresh.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", mentions(2))).status()).isEqualTo(201);
    assertThat(fresh.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", mentions(3))).status()).isEqualTo(400);
    assertThat(fresh.post("/api/threads", new JsonObject().put("space", "general").put("title", "Link farm")
        .put("body", links(3))).status()).isEqualTo(400);
    long own = community.reply(fresh, thread, "plain").getLong("id");
    assertThat(fresh.patch("/api/posts/" + own, new JsonObject().put("body", links(3))).status()).isEqualTo(400);
    assertThat(community.mod().post("/api/threads/" + thread + "/posts", new JsonObject().put("body", links(5))).status())
        .as("staff are never limited").isEqualTo(201);

    community.exec("update users set trust_level = 1 where username = 'trust_fresh'");
    assertThat(fresh.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", links(3))).status()).isEqualTo(201);
    assertThat(fresh.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", mentions(3))).status()).isEqualTo(201);
  }
}
