package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An edit's reason often describes what was taken out ("removed my phone number 555-0199"): the
 * revisions of a post whose content is withheld withhold the reasons with the bodies.
 */
@DisplayName("Revisions of deleted and hidden posts")
class RevisionRedactionTest {
  static final String SECRET = "555-0199";

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp author;
  static TestHttp other;
  static long deleted;
  static long hidden;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    author = community.member("rev_author");
    other = community.member("rev_other");
    community.space("rev", "public");
    long thread = community.thread(author, "rev", "Selling my bike").getLong("id");
    deleted = edited(thread);
    assertThat(author.delete("/api/posts/" + deleted).status()).isEqualTo(204);
    hidden = edited(thread);
    Resp hide = community.mod().post("/api/moderation/actions", new JsonObject().put("action", "hide").put("targetType", "post")
        .put("targetId", hidden).put("reason", "Personal data"));
    assertThat(hide.status()).as(hide.toString()).isEqualTo(200);
  }

  /** A reply whose first version held the number, edited twice with reasons that quote it. */
  static long edited(long thread) {
    long id = community.reply(author, thread, null, "Call me at " + SECRET).getLong("id");
    for (String body : List.of("Call me, number in my profile", "Ask me here")) {
      Resp r = author.patch("/api/posts/" + id, new JsonObject().put("body", body).put("reason", "removed " + SECRET));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
    return id;
  }

  @Test
  @DisplayName("a deleted post's revisions show no body and no reason, to anyone, in the API and on the page")
  void deletedPost() {
    for (TestHttp who : List.of(server.http(), other, author, community.mod())) {
      Resp r = who.get("/api/posts/" + deleted + "/revisions");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.items()).hasSize(2);
      r.items().forEach(o -> {
        JsonObject rev = (JsonObject) o;
        assertThat(rev.getString("body")).isEqualTo("[deleted]");
        assertThat(rev.getString("reason")).isEqualTo("[deleted]");
      });
      assertThat(r.body()).doesNotContain(SECRET);
      Resp page = who.getHtml("/posts/" + deleted + "/revisions");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).doesNotContain(SECRET).contains("[deleted]");
    }
  }

  @Test
  @DisplayName("a hidden post's revisions withhold body and reason from everyone but moderators and its author")
  void hiddenPost() {
    for (TestHttp who : List.of(server.http(), other)) {
      Resp r = who.get("/api/posts/" + hidden + "/revisions");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.items().getJsonObject(0).getString("reason")).isEqualTo("[hidden by a moderator]");
      assertThat(r.body()).doesNotContain(SECRET);
      assertThat(who.getHtml("/posts/" + hidden + "/revisions").body()).doesNotContain(SECRET);
    }
    for (TestHttp who : List.of(author, community.mod())) {
      Resp r = who.get("/api/posts/" + hidden + "/revisions");
      assertThat(r.items().getJsonObject(0).getString("body")).contains(SECRET);
      assertThat(r.items().getJsonObject(1).getString("reason")).isEqualTo("removed " + SECRET);
    }
  }
}
