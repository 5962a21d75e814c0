package dev.cocreate.search;

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

/**
 * Search never tells a caller that a space they cannot read exists: its slug as a filter behaves
 * like a slug nobody uses, and no hit names it, not even an idea's whose thread a moderator moved
 * there.
 */
@DisplayName("Search and spaces the caller cannot read")
class SearchSpaceTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp insider;
  static TestHttp outsider;
  static TestHttp owner;
  static TestHttp mod;
  static long movedIdea;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("ss_admin");
    insider = community.member("ss_insider");
    outsider = community.member("ss_outsider");
    owner = community.member("ss_owner");
    mod = community.withRole("ss_mod", "moderator");
    community.space("pub", "public");
    community.space("club", "group", "ss_insider");
    community.thread(insider, "club", "Trebuchet club meeting", "Only the club discusses the trebuchet.");
    community.thread(outsider, "pub", "Trebuchet in the park", "A public trebuchet thread.");

    owner.post("/api/orgs", new JsonObject().put("slug", "siege-co").put("name", "Siege Co"));
    JsonObject brief = new JsonObject().put("org", "siege-co").put("title", "Lighter siege engines").put("summary", "Lighter.")
        .put("problem", "Too heavy.").put("desiredOutcomes", "Light.").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Weight").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(10).withNano(0).toString());
    long challenge = owner.post("/api/challenges", brief).json().getLong("id");
    owner.post("/api/challenges/" + challenge + "/transition", new JsonObject().put("to", "open"));
    Resp idea = outsider.post("/api/challenges/" + challenge + "/ideas", new JsonObject().put("title", "Catapult counterweight")
        .put("pitch", "A trebuchet counterweight of water").put("body", "Fill it on site.").put("acceptTerms", true));
    assertThat(idea.status()).as(idea.toString()).isEqualTo(201);
    movedIdea = idea.json().getLong("id");
    Resp moved = mod.post("/api/moderation/actions", new JsonObject().put("action", "move").put("targetType", "thread")
        .put("targetId", idea.json().getLong("threadId")).put("toSpace", "club").put("reason", "Club business"));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
  }

  @Test
  @DisplayName("a group space's slug answers a non-member exactly as a missing slug does, for every query and type")
  void groupSlugIsNoOracle() {
    for (TestHttp who : List.of(server.http(), outsider, owner)) {
      for (String q : List.of("trebuchet", "catapult", "siege", "club")) {
        for (String type : List.of("", "&type=thread", "&type=post", "&type=idea", "&type=challenge")) {
          Resp group = who.get("/api/search?q=" + q + type + "&space=club");
          Resp missing = who.get("/api/search?q=" + q + type + "&space=no-such-space");
          assertThat(group.status()).isEqualTo(missing.status()).isEqualTo(200);
          assertThat(group.json()).as(q + type).isEqualTo(missing.json());
        }
      }
    }
    // The filter itself works for those who may read the space.
    assertThat(insider.get("/api/search?q=trebuchet&space=club").items()).isNotEmpty();
  }

  @Test
  @DisplayName("no hit names a space the caller cannot read, the moved idea's included")
  void noHitNamesIt() {
    for (TestHttp who : List.of(server.http(), outsider, owner)) {
      Resp r = who.get("/api/search?q=trebuchet%20or%20catapult%20or%20counterweight");
      assertThat(r.status()).isEqualTo(200);
      r.items().forEach(o -> assertThat(((JsonObject) o).getString("space")).isNotEqualTo("club"));
      assertThat(r.body()).doesNotContain("\"club\"");
    }
    // The firm reads its idea (staff), though not the group space it was moved into: found, unnamed.
    List<JsonObject> forOwner = ideaHits(owner);
    assertThat(forOwner).hasSize(1);
    assertThat(forOwner.get(0).containsKey("space")).isFalse();
    assertThat(forOwner.get(0).getString("url")).isEqualTo("/i/" + movedIdea);
    // A visitor may read neither the idea nor its space: not found at all.
    assertThat(ideaHits(server.http())).isEmpty();
    assertThat(ideaHits(outsider)).isEmpty();
    // Those who may read the space see it named.
    assertThat(ideaHits(insider).get(0).getString("space")).isEqualTo("club");
    assertThat(ideaHits(mod).get(0).getString("space")).isEqualTo("club");
  }

  static List<JsonObject> ideaHits(TestHttp who) {
    Resp r = who.get("/api/search?q=counterweight&type=idea");
    assertThat(r.status()).isEqualTo(200);
    return r.items().stream().map(o -> (JsonObject) o).toList();
  }
}
