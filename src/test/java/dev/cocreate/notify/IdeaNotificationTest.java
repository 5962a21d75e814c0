package dev.cocreate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
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

@DisplayName("Notifications of ideas and moderation")
class IdeaNotificationTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("i_admin");
  }

  static long openChallenge(TestHttp owner, String org, int threshold) {
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", org).put("name", "Firm " + org)).status()).isEqualTo(201);
    JsonObject brief = new JsonObject().put("org", org).put("title", "Quieter fridges").put("summary", "Less hum.")
        .put("problem", "They hum.").put("desiredOutcomes", "Silence.").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Noise").put("weight", 1)))
        .put("reward", "").put("ipTerms", "Yours.").put("supportThreshold", threshold)
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString());
    Resp created = owner.post("/api/challenges", brief);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long id = created.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")).status()).isEqualTo(200);
    return id;
  }

  static List<String> kinds(TestHttp who) {
    return community.notifications(who).stream().map(n -> n.getString("kind")).toList();
  }

  @Test
  @DisplayName("watchers hear of new ideas; supporters follow; author and supporters hear of the threshold and of status, once each")
  void ideaLifecycle() {
    TestHttp owner = community.member("i_owner");
    TestHttp author = community.member("i_author");
    TestHttp s1 = community.member("i_sup1");
    TestHttp s2 = community.member("i_sup2");
    TestHttp watcher = community.member("i_watcher");
    long challenge = openChallenge(owner, "fridge-co", 2);
    community.watch(watcher, "/api/challenges/" + challenge, "watching");
    assertThat(watcher.get("/api/challenges/" + challenge + "/watch").json().getString("level")).isEqualTo("watching");
    assertThat(watcher.put("/api/challenges/999999/watch", new JsonObject().put("level", "watching")).status()).isEqualTo(404);

    Resp submitted = author.post("/api/challenges/" + challenge + "/ideas", new JsonObject().put("title", "Rubber feet")
        .put("pitch", "Dampen it").put("body", "Rubber feet under the fridge.").put("acceptTerms", true));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    long idea = submitted.json().getLong("id");
    long thread = submitted.json().getLong("threadId");
    assertThat(kinds(watcher)).containsExactly("idea");
    assertThat(community.notifications(watcher).get(0).getString("url")).isEqualTo("/i/" + idea);
    assertThat(kinds(author)).isEmpty();

    assertThat(s1.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    assertThat(s1.get("/api/threads/" + thread + "/watch").json().getString("level")).isEqualTo("watching");
    assertThat(kinds(author)).isEmpty();
    assertThat(s2.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    assertThat(kinds(author)).containsExactly("idea_threshold");
    assertThat(community.notifications(author).get(0).getString("summary")).isEqualTo("Rubber feet reached its support threshold");
    // Everyone who carried it there hears of it too, the supporter who tipped it included.
    assertThat(kinds(s1)).containsExactly("idea_threshold");
    assertThat(kinds(s2)).containsExactly("idea_threshold");

    Resp answered = owner.post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "shortlisted").put("note", "Promising"));
    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    assertThat(kinds(author)).containsExactly("idea_status", "idea_threshold");
    assertThat(kinds(s1)).containsExactly("idea_status", "idea_threshold");
    assertThat(kinds(s2)).containsExactly("idea_status", "idea_threshold");
    assertThat(kinds(owner)).isEmpty();
    assertThat(community.notifications(s1).get(0).getString("summary")).isEqualTo("Rubber feet is now shortlisted");

    // s1 mutes the idea's thread: the next status change passes them by; s2's coalesces.
    community.watch(s1, "/api/threads/" + thread, "muted");
    owner.post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "accepted").put("note", "Building it"));
    assertThat(community.notifications(s1).get(0).getInteger("count")).isEqualTo(1);
    JsonObject s2n = community.notifications(s2).get(0);
    assertThat(s2n.getInteger("count")).isEqualTo(2);
    assertThat(s2n.getString("summary")).isEqualTo("2 updates on Rubber feet, now accepted");
  }

  @Test
  @DisplayName("a moderator hiding a member's post tells that member, with the reason")
  void moderationOfMyContent() {
    TestHttp mod = community.withRole("i_mod", "moderator");
    TestHttp poster = community.member("i_poster");
    community.space("agora", "public");
    JsonObject t = community.thread(poster, "agora", "Loud opinions", "Something rude");
    long post = t.getJsonObject("firstPost").getLong("id");
    Resp hidden = mod.post("/api/moderation/actions", new JsonObject().put("action", "hide").put("targetType", "post")
        .put("targetId", post).put("reason", "Be kind"));
    assertThat(hidden.status()).as(hidden.toString()).isIn(200, 201);
    List<JsonObject> seen = community.notifications(poster);
    assertThat(seen).extracting(n -> n.getString("kind")).containsExactly("moderation");
    assertThat(seen.get(0).getString("summary")).contains("hide").contains("Be kind");
    assertThat(kinds(mod)).isEmpty();
  }
}
