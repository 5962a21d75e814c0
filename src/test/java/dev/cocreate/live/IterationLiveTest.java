package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A new iteration of an idea, live over the WebSocket (idea.iterated)")
class IterationLiveTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("il_admin");
  }

  static boolean iterated(JsonObject m, String topic) {
    return "event".equals(m.getString("op")) && topic.equals(m.getString("topic")) && "idea.iterated".equals(m.getString("type"));
  }

  static List<Integer> numbers(List<JsonObject> messages, String topic) {
    return messages.stream().filter(m -> iterated(m, topic)).map(m -> m.getJsonObject("data").getInteger("n")).toList();
  }

  @Test
  @DisplayName("a follower of the idea's topic and of its challenge's gets idea.iterated exactly once per iteration, an accepted amendment's too")
  void oncePerIteration() {
    TestHttp author = community.freshMember("il_author");
    TestHttp follower = community.freshMember("il_follower");
    JsonObject idea = community.ideaToCodesign(community.freshMember("il_firm"), author, "Live kayak");
    long id = idea.getLong("id");
    String ideaTopic = "thread:" + idea.getLong("threadId");
    String challengeTopic = "challenge:" + idea.getLong("challengeId");
    try (LiveClient live = LiveClient.withToken(server.port(), follower.token())) {
      live.subscribe(ideaTopic, challengeTopic).expect("subscribed", 5000);

      community.iterate(author, id, "Two", "Details of *Live kayak*, two.");
      community.iterate(author, id, "Three", "Details of *Live kayak*, three.");
      long amendment = community.amend(follower, id, "Details of *Live kayak*, four.", "Shorter").getLong("id");
      Resp accepted = author.post("/api/amendments/" + amendment + "/accept", new JsonObject());
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);

      // The idea's topic gets its event after the challenge's, in the same transaction: once the
      // fourth is here on it, everything before has arrived; a short drain shows nothing follows.
      List<JsonObject> saw = new ArrayList<>(live.until(m -> iterated(m, ideaTopic)
          && m.getJsonObject("data").getInteger("n") == 4, 10000));
      saw.addAll(live.drain(300));
      assertThat(numbers(saw, ideaTopic)).containsExactly(2, 3, 4);
      assertThat(numbers(saw, challengeTopic)).containsExactly(2, 3, 4);
      JsonObject data = saw.stream().filter(m -> iterated(m, challengeTopic)).findFirst().orElseThrow().getJsonObject("data");
      assertThat(data.getLong("ideaId")).isEqualTo(id);
      assertThat(data.getString("url")).isEqualTo("/i/" + id + "/iterations/2");
      // The challenge's followers may not all read the idea: the event names it, and carries none of its text.
      assertThat(data.fieldNames()).containsExactlyInAnyOrder("ideaId", "challengeId", "n", "at", "url");
    }
  }

  @Test
  @DisplayName("a member who cannot read the idea (its thread in a group space) cannot follow its topic; a member of the group can")
  void unreadableIdea() {
    TestHttp author = community.freshMember("il_author");
    TestHttp outsider = community.freshMember("il_outsider");
    JsonObject idea = community.ideaToCodesign(community.freshMember("il_firm"), author, "Private kayak");
    String slug = Community.unique("ilgrp").replace('_', '-');
    community.space(slug, "group", community.username(author));
    community.exec("update threads set space_id = (select id from spaces where slug = '" + slug + "') where id = "
        + idea.getLong("threadId"));
    String ideaTopic = "thread:" + idea.getLong("threadId");
    assertThat(outsider.get("/api/ideas/" + idea.getLong("id") + "/iterations").status()).isEqualTo(404);

    try (LiveClient live = LiveClient.withToken(server.port(), outsider.token())) {
      live.subscribe(ideaTopic);
      JsonObject answer = live.next(5000);
      assertThat(answer.getString("code")).as(answer.encode()).isEqualTo("forbidden");
      assertThat(answer.getJsonArray("topics").getList()).containsExactly(ideaTopic);
    }
    try (LiveClient live = LiveClient.withToken(server.port(), author.token())) {
      live.subscribe(ideaTopic).expect("subscribed", 5000);
      community.iterate(author, idea.getLong("id"), "Two", "Only for the group.");
      assertThat(numbers(live.until(m -> iterated(m, ideaTopic), 10000), ideaTopic)).containsExactly(2);
    }
  }
}
