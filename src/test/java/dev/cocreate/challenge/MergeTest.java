package dev.cocreate.challenge;

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

@DisplayName("Merging duplicate ideas")
class MergeTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("supporters of both ideas count once on the survivor; the duplicate points to it")
  void overlappingSupportersCountOnce() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.openChallenge(owner, org, new JsonObject().put("supportThreshold", 6));
    long a = community.submitIdea(community.freshMember("a"), challenge, "Solar charging panel").getLong("id");
    long b = community.submitIdea(community.freshMember("b"), challenge, "Solar panel for charging").getLong("id");
    List<TestHttp> people = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      people.add(community.freshMember("p"));
    }
    // p0..p3 support A, p2..p5 support B: p2 and p3 support both.
    for (int i = 0; i <= 3; i++) {
      people.get(i).put("/api/ideas/" + a + "/support", null);
    }
    for (int i = 2; i <= 5; i++) {
      people.get(i).put("/api/ideas/" + b + "/support", null);
    }

    Resp merged = owner.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", b));
    assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
    assertThat(merged.json().getString("status")).isEqualTo("merged");
    assertThat(merged.json().getLong("mergedInto")).isEqualTo(b);
    assertThat(merged.json().getInteger("supportCount")).isZero();
    assertThat(merged.json().getJsonArray("responses").getJsonObject(0).getString("status")).isEqualTo("merged");

    JsonObject survivor = people.get(0).get("/api/ideas/" + b).json();
    assertThat(survivor.getInteger("supportCount")).isEqualTo(6);
    assertThat(survivor.getBoolean("supported")).isTrue();
    assertThat(community.count("select count(*) from idea_supports where idea_id = " + b)).isEqualTo(6);
    assertThat(community.count("select count(*) from idea_supports where idea_id = " + a)).isZero();
    // 6 reached the threshold through the merge: the survivor moved to review, once.
    assertThat(survivor.getString("status")).isEqualTo("in_review");
    assertThat(community.count("select count(*) from events where type = 'idea.threshold_reached'")).isEqualTo(1);
    assertThat(community.count("select count(*) from events where type = 'idea.status' and data->>'ideaId' = '" + a + "'"))
        .isEqualTo(1);

    // The merged duplicate leaves the lists but stays readable; it cannot be supported or merged again.
    List<Long> listed = new ArrayList<>();
    server.http().get("/api/challenges/" + challenge + "/ideas").items().forEach(o -> listed.add(((JsonObject) o).getLong("id")));
    assertThat(listed).containsExactly(b);
    assertThat(people.get(6).put("/api/ideas/" + a + "/support", null).status()).isEqualTo(409);
    assertThat(owner.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", b)).status()).isEqualTo(409);
    assertThat(people.get(6).put("/api/ideas/" + b + "/support", null).json().getInteger("supportCount")).isEqualTo(7);
  }

  @Test
  @DisplayName("merge rules: moderators or the org only; same challenge; not into itself or a merged idea")
  void rules() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long challenge = community.openChallenge(owner, org, new JsonObject());
    long other = community.openChallenge(owner, org, new JsonObject());
    TestHttp author = community.freshMember("author");
    long a = community.submitIdea(author, challenge, "One").getLong("id");
    long b = community.submitIdea(author, challenge, "Two").getLong("id");
    long c = community.submitIdea(author, challenge, "Three").getLong("id");
    long elsewhere = community.submitIdea(author, other, "Elsewhere").getLong("id");

    assertThat(server.http().post("/api/ideas/" + a + "/merge", new JsonObject().put("into", b)).status()).isEqualTo(401);
    assertThat(author.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", b)).status()).isEqualTo(403);
    assertThat(owner.post("/api/ideas/" + a + "/merge", new JsonObject()).status()).isEqualTo(400);
    assertThat(owner.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", "two")).status()).isEqualTo(400);
    assertThat(owner.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", elsewhere)).status()).isEqualTo(400);
    assertThat(owner.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", 999999)).status()).isEqualTo(400);
    assertThat(owner.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", a)).status()).isEqualTo(409);
    assertThat(owner.post("/api/ideas/999999/merge", new JsonObject().put("into", a)).status()).isEqualTo(404);

    // A moderator from outside the org may merge too.
    TestHttp mod = community.freshMember("mod");
    community.exec("update users set role = 'moderator' where username = '" + community.username(mod) + "'");
    assertThat(mod.post("/api/ideas/" + b + "/merge", new JsonObject().put("into", c).put("note", "Same thing")).status())
        .isEqualTo(200);
    assertThat(server.http().get("/api/ideas/" + b).json().getJsonArray("responses").getJsonObject(0).getString("note"))
        .isEqualTo("Same thing");
    assertThat(owner.post("/api/ideas/" + a + "/merge", new JsonObject().put("into", b)).status()).isEqualTo(409);
  }
}
