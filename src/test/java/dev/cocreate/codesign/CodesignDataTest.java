package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A member's co-design in their data: exported, and what is only about them erased with the account")
class CodesignDataTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  @Test
  @DisplayName("the export has the member's amendments, iterations, co-authorships and credits, and none of another's")
  void exported() {
    TestHttp author = community.freshMember("cd_author");
    TestHttp ben = community.freshMember("cd_ben");
    TestHttp other = community.freshMember("cd_other");
    long idea = community.ideaToCodesign(community.freshMember("cd_firm"), author, "Reusable crates").getLong("id");
    community.coauthor(author, idea, ben, true);
    community.iterate(ben, idea, "Stackable", "Crates that *stack* when empty");
    long amendment = community.amend(ben, idea, "Crates that fold flat", "Folding saves more room").getLong("id");
    community.amend(other, idea, "Crates of other people", "Not ben's");
    assertThat(author.post("/api/amendments/" + amendment + "/accept", new JsonObject()).status()).isEqualTo(200);

    Resp export = ben.get("/api/me/export");
    assertThat(export.status()).as(export.toString()).isEqualTo(200);
    JsonObject data = export.json();
    JsonArray amendments = data.getJsonArray("amendments");
    assertThat(amendments).hasSize(1);
    assertThat(amendments.getJsonObject(0).getString("body")).isEqualTo("Crates that fold flat");
    assertThat(amendments.getJsonObject(0).getString("status")).isEqualTo("accepted");
    assertThat(data.getJsonArray("iterations").stream().map(o -> ((JsonObject) o).getString("summary")))
        .as("his own iteration, and the one his accepted amendment became").contains("Stackable").hasSize(2);
    assertThat(data.getJsonArray("coauthorships")).hasSize(1);
    assertThat(data.getJsonArray("coauthorships").getJsonObject(0).getString("status")).isEqualTo("accepted");
    assertThat(data.getJsonArray("credits").stream().map(o -> ((JsonObject) o).getString("kind")))
        .containsExactlyInAnyOrder("coauthor", "amendment");
    assertThat(export.body()).doesNotContain("Crates of other people");
  }

  @Test
  @DisplayName("deleting the account removes an unanswered invitation and what the member looked at; accepted amendments stay")
  void erased() {
    TestHttp author = community.freshMember("ce_author");
    TestHttp cat = community.freshMember("ce_cat");
    long idea = community.ideaToCodesign(community.freshMember("ce_firm"), author, "Shared vans").getLong("id");
    community.coauthor(author, idea, cat, false);
    long amendment = community.amend(cat, idea, "Shared electric vans", "Electric").getLong("id");
    assertThat(author.post("/api/amendments/" + amendment + "/accept", new JsonObject()).status()).isEqualTo(200);
    assertThat(cat.put("/api/ideas/" + idea + "/support", null).status()).isEqualTo(200);
    assertThat(cat.getHtml("/i/" + idea).status()).as("a supporter's look is kept, for 'changed since you supported'").isEqualTo(200);
    long catId = community.count("select id from users where username = '" + community.username(cat) + "'");
    assertThat(community.count("select count(*) from idea_views where user_id = " + catId)).isEqualTo(1);

    Resp deleted = cat.send("/api/me", "DELETE", new JsonObject().put("password", TestHttp.PASSWORD));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

    assertThat(community.count("select count(*) from idea_views where user_id = " + catId)).isZero();
    assertThat(community.count("select count(*) from idea_coauthors where user_id = " + catId)).isZero();
    assertThat(community.count("select count(*) from idea_amendments where id = " + amendment + " and status = 'accepted'"))
        .as("the accepted amendment is part of the idea's history").isEqualTo(1);
    assertThat(community.count("select count(*) from idea_credits where kind = 'amendment' and source_id = " + amendment))
        .isEqualTo(1);
  }
}
