package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Forum writes land in the live event log, in the same transaction")
class ForumEventsTest {
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

  long events(String topic, String type, String condition) {
    return community.count("select count(*) from events where topic = '" + topic + "' and type = '" + type + "' and " + condition);
  }

  @Test
  @DisplayName("a reply writes post.created on thread:<id> with the post JSON")
  void replyEvent() {
    JsonObject t = community.thread(alice, "general", "Eventful");
    long id = t.getLong("id");
    JsonObject reply = community.reply(bob, id, null, "hello *live*");
    String topic = "thread:" + id;
    assertThat(events(topic, "post.created", "(data->>'id')::bigint = " + reply.getLong("id")
        + " and (data->>'threadId')::bigint = " + id
        + " and (data->>'parentId')::bigint = " + t.getJsonObject("firstPost").getLong("id")
        + " and (data->>'depth')::int = 1 and data->>'body' = 'hello *live*' and data->>'html' like '%<em>live</em>%'"
        + " and data->'author'->>'username' = 'bob' and not data ? 'myVote'")).isEqualTo(1);
  }

  @Test
  @DisplayName("threads, edits, deletes and votes announce themselves; a refused write announces nothing")
  void otherEvents() {
    // Notifications to members (topic user:<id>) are counted by their own tests.
    long before = community.count("select count(*) from events where topic not like 'user:%'");
    JsonObject t = community.thread(alice, "general", "Announced");
    long id = t.getLong("id");
    long postId = t.getJsonObject("firstPost").getLong("id");
    assertThat(events("space:general", "thread.created", "(data->>'id')::bigint = " + id + " and data->>'title' = 'Announced'"))
        .isEqualTo(1);
    alice.patch("/api/posts/" + postId, new JsonObject().put("body", "changed"));
    assertThat(events("thread:" + id, "post.edited", "(data->>'id')::bigint = " + postId + " and data->>'body' = 'changed'"))
        .isEqualTo(1);
    bob.put("/api/posts/" + postId + "/vote", new JsonObject().put("value", 1));
    bob.put("/api/posts/" + postId + "/vote", new JsonObject().put("value", 1));
    assertThat(events("thread:" + id, "post.voted", "(data->>'postId')::bigint = " + postId + " and (data->>'voteScore')::int = 1"))
        .as("a repeated vote changes nothing and announces nothing").isEqualTo(1);
    JsonObject reply = community.reply(bob, id, null, "secret");
    bob.delete("/api/posts/" + reply.getLong("id"));
    assertThat(events("thread:" + id, "post.deleted", "(data->>'id')::bigint = " + reply.getLong("id")
        + " and (data->>'deleted')::boolean and data->>'body' = '[deleted]'")).isEqualTo(1);
    assertThat(community.count("select count(*) from events where data::text like '%secret%' and type <> 'post.created'")).isZero();

    community.exec("update threads set locked = true where id = " + id);
    assertThat(bob.post("/api/threads/" + id + "/posts", new JsonObject().put("body", "refused")).status()).isEqualTo(423);
    assertThat(community.count("select count(*) from events where topic not like 'user:%'")).isEqualTo(before + 5);
  }

  @Test
  @DisplayName("a reply that notifies many watchers appends the post first and every announcement after it, ids consecutive")
  void replyAndItsNotificationsAppendTogether() {
    JsonObject t = community.thread(alice, "general", "Watched by many");
    long id = t.getLong("id");
    int watchers = 12;
    for (int i = 0; i < watchers; i++) {
      TestHttp w = community.member("watcher" + i);
      assertThat(w.put("/api/threads/" + id + "/watch", new JsonObject().put("level", "watching")).status()).isBetween(200, 204);
    }
    long before = community.count("select coalesce(max(id), 0) from events");
    JsonObject reply = community.reply(bob, id, null, "Everyone hears of this, @alice");
    long postEvent = community.count("select id from events where type = 'post.created' and (data->>'id')::bigint = " + reply.getLong("id"));
    assertThat(postEvent).as("the post is announced before the notifications it causes").isEqualTo(before + 1);
    // alice (author and mentioned) and every watcher get one announcement each; bob, the actor, none.
    assertThat(community.count("select count(*) from events where id > " + postEvent + " and topic like 'user:%'")).isEqualTo(watchers + 1);
    assertThat(community.count("select max(id) - min(id) + 1 from events where id > " + before)).isEqualTo(watchers + 2);
    assertThat(community.count("select count(*) from events where id > " + before)).isEqualTo(watchers + 2);
  }
}
