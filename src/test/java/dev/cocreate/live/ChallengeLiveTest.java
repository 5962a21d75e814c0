package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Live events on challenge:<id>")
class ChallengeLiveTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static TestHttp owner;
  static TestHttp outsider;

  @BeforeAll
  static void start() {
    owner = server.http();
    owner.register("live_ch_owner");
    outsider = server.http();
    outsider.register("live_ch_outsider");
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "live-firm").put("name", "Live firm")).status())
        .isEqualTo(201);
  }

  static long draft(int threshold) {
    JsonObject brief = new JsonObject().put("org", "live-firm").put("title", "Live brief").put("summary", "s")
        .put("problem", "p").put("desiredOutcomes", "d").put("ipTerms", "t")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "c").put("weight", 1)))
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).toString()).put("supportThreshold", threshold);
    return owner.post("/api/challenges", brief).json().getLong("id");
  }

  @Test
  @DisplayName("a follower sees transitions, ideas, supports, the threshold and answers as they happen, in order")
  void followsAChallenge() {
    long id = draft(1);
    try (LiveClient anon = LiveClient.connect(server.port())) {
      // A draft is refused to anyone outside the firm; the firm's own member may follow it.
      anon.subscribe("challenge:" + id);
      assertThat(anon.next(5000).getString("code")).isEqualTo("forbidden");
      try (LiveClient team = LiveClient.withToken(server.port(), owner.token())) {
        team.subscribe("challenge:" + id);
        assertThat(team.expect("subscribed", 5000).getJsonArray("topics")).containsExactly("challenge:" + id);
      }

      owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open"));
      // The "forbidden" answer for the draft is not remembered (AccessCache keeps only a yes): the
      // same follower may subscribe as soon as the challenge is open.
      anon.subscribe("challenge:" + id);
      anon.expect("subscribed", 5000);
      long idea = outsider.post("/api/challenges/" + id + "/ideas", new JsonObject().put("title", "Live idea")
          .put("pitch", "p").put("body", "b").put("acceptTerms", true)).json().getLong("id");
      // Its author may not support it; the firm's member may.
      owner.put("/api/ideas/" + idea + "/support", null);
      owner.post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "shortlisted").put("note", "Good"));
      owner.patch("/api/challenges/" + id, new JsonObject().put("title", "Live brief, edited"));
      owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "review"));

      // The opening may still reach a follower who subscribed right after it committed; what follows must be exact.
      List<JsonObject> events = anon.until(m -> "challenge.transition".equals(m.getString("type"))
          && "review".equals(m.getJsonObject("data").getString("to")), 10_000).stream()
          .filter(m -> !"open".equals(m.getJsonObject("data").getString("to"))).toList();
      assertThat(events.stream().map(e -> e.getString("type"))).containsExactly("idea.created", "idea.supported",
          "idea.threshold_reached", "idea.status", "challenge.updated", "challenge.transition");
      assertThat(events).allMatch(e -> ("challenge:" + id).equals(e.getString("topic")));
      assertThat(events.get(0).getJsonObject("data").getString("title")).isEqualTo("Live idea");
      assertThat(events.get(1).getJsonObject("data")).isEqualTo(new JsonObject().put("ideaId", idea).put("supportCount", 1));
      assertThat(events.get(2).getJsonObject("data").getString("status")).isEqualTo("in_review");
      assertThat(events.get(3).getJsonObject("data").getString("note")).isEqualTo("Good");
      assertThat(events.get(4).getJsonObject("data").getJsonObject("challenge").getString("title"))
          .isEqualTo("Live brief, edited");
      for (int i = 1; i < events.size(); i++) {
        assertThat(events.get(i).getLong("id")).isGreaterThan(events.get(i - 1).getLong("id"));
      }
    }
  }
}
