package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A result's update, live over the WebSocket")
class ResultLiveTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  static boolean is(JsonObject m, String topic, String type) {
    return "event".equals(m.getString("op")) && topic.equals(m.getString("topic")) && type.equals(m.getString("type"));
  }

  static long resultNotices(List<JsonObject> messages) {
    return messages.stream().filter(m -> is(m, "me", "notification.created")
        && "result_update".equals(m.getJsonObject("data").getJsonObject("notification").getString("kind"))).count();
  }

  @Test
  @DisplayName("an author of two linked ideas who also follows them gets one notification; the challenge and idea topics get result.updated; an onlooker no notification")
  void liveOncePerPerson() {
    TestHttp firm = community.freshMember("rl_firm");
    String org = community.org(firm);
    TestHttp amy = community.freshMember("rl_amy");
    TestHttp dan = community.freshMember("rl_dan");
    long challenge = community.decidedChallenge(firm, org, amy, "One", "Two");
    List<Long> ideas = community.ideaIds(challenge);
    for (long idea : ideas) {
      community.watch(amy, "/api/ideas/" + idea, "watching");
    }
    long thread = community.count("select id from threads where idea_id = " + ideas.get(1));
    long result = community.recordResult(firm, challenge, "Live result", ideas).getLong("id");
    try (LiveClient amyLive = LiveClient.withToken(server.port(), amy.token());
        LiveClient danLive = LiveClient.withToken(server.port(), dan.token())) {
      amyLive.subscribe("me", "challenge:" + challenge, "thread:" + thread).expect("subscribed", 5000);
      danLive.subscribe("me", "challenge:" + challenge).expect("subscribed", 5000);

      community.updateResult(firm, result, 40, "in_progress", "Under way");
      // The thread's event is the transaction's last: everything before it has arrived by then.
      List<JsonObject> amySaw = amyLive.until(m -> is(m, "thread:" + thread, "result.updated"), 5000);
      assertThat(resultNotices(amySaw)).isEqualTo(1);
      JsonObject onChallenge = amySaw.stream().filter(m -> is(m, "challenge:" + challenge, "result.updated")).findFirst()
          .orElseThrow();
      assertThat(onChallenge.getJsonObject("data").getLong("resultId")).isEqualTo(result);
      assertThat(onChallenge.getJsonObject("data").getInteger("progress")).isEqualTo(40);
      assertThat(onChallenge.getJsonObject("data").getString("status")).isEqualTo("in_progress");

      List<JsonObject> danSaw = danLive.until(m -> is(m, "challenge:" + challenge, "result.updated"), 5000);
      assertThat(resultNotices(danSaw)).isZero();
    }
  }
}
