package dev.cocreate.moderation;

import static dev.cocreate.support.Community.action;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A post is hidden pending review after 3 flags from distinct members of trust level 1+")
class AutoHideTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp author;
  static long thread;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("auto");
    community.space("general", "public");
    author = community.member("auto_author");
    thread = community.thread(author, "general", "Flag target").getLong("id");
  }

  static long newPost(String body) {
    return community.reply(author, thread, body).getLong("id");
  }

  static boolean hiddenToReaders(long postId) {
    return community.post(server.http(), postId).getBoolean("hidden");
  }

  @Test
  @DisplayName("two trusted flags leave it visible; the third hides it, logged as the system, author told, still queued")
  void threeTrustedFlags() {
    long postId = newPost("buy cheap watches");
    TestHttp a = community.member("auto_t1", 1);
    TestHttp b = community.member("auto_t2", 1);
    TestHttp c = community.member("auto_t3", 2);
    assertThat(community.flag(a, postId, "spam").status()).isEqualTo(201);
    assertThat(community.flag(b, postId, "spam").status()).isEqualTo(201);
    assertThat(hiddenToReaders(postId)).isFalse();
    assertThat(community.flag(c, postId, "spam").status()).isEqualTo(201);
    assertThat(hiddenToReaders(postId)).isTrue();
    assertThat(community.post(server.http(), postId).getString("body")).doesNotContain("watches");

    JsonObject entry = community.latestLogEntry();
    assertThat(entry.getString("action")).isEqualTo("auto_hide");
    assertThat(entry.getValue("actor")).isNull();
    assertThat(entry.getLong("targetId")).isEqualTo(postId);
    assertThat(author.get("/api/me/moderation-notices").items().getJsonObject(0).getString("action")).isEqualTo("auto_hide");
    assertThat(community.events("thread:" + thread)).anySatisfy(e -> {
      assertThat(e.getString("type")).isEqualTo("post.hidden");
      assertThat(e.getJsonObject("data").getLong("id")).isEqualTo(postId);
    });
    assertThat(community.mod().get("/api/moderation/queue?limit=100").items().stream()
        .map(o -> ((JsonObject) o).getLong("targetId"))).contains(postId);

    // A moderator who finds the flags wrong shows it again; one who agrees keeps it hidden.
    assertThat(community.act(community.mod(), action("dismiss_flags", "post", postId, "Not spam")).status()).isEqualTo(200);
    assertThat(hiddenToReaders(postId)).isFalse();
  }

  @Test
  @DisplayName("three flags by the same member never hide a post")
  void sameMemberThreeTimes() {
    long postId = newPost("an opinion someone dislikes");
    TestHttp grudge = community.member("auto_grudge", 3);
    assertThat(community.flag(grudge, postId, "spam").status()).isEqualTo(201);
    assertThat(community.flag(grudge, postId, "abuse").status()).isEqualTo(409);
    assertThat(community.flag(grudge, postId, "off_topic").status()).isEqualTo(409);
    assertThat(hiddenToReaders(postId)).isFalse();
    assertThat(community.count("select count(*) from flags where target_id = " + postId)).isEqualTo(1);
  }

  @Test
  @DisplayName("flags from level-0 accounts do not count, however many")
  void newAccountsDoNotCount() {
    long postId = newPost("a post new accounts gang up on");
    for (int i = 1; i <= 4; i++) {
      assertThat(community.flag(community.member("auto_new" + i, 0), postId, "abuse").status()).isEqualTo(201);
    }
    assertThat(hiddenToReaders(postId)).isFalse();
    // Two trusted members are still one short of three.
    assertThat(community.flag(community.member("auto_mixed1", 1), postId, "abuse").status()).isEqualTo(201);
    assertThat(community.flag(community.member("auto_mixed2", 1), postId, "abuse").status()).isEqualTo(201);
    assertThat(hiddenToReaders(postId)).isFalse();
    assertThat(community.flag(community.member("auto_mixed3", 1), postId, "abuse").status()).isEqualTo(201);
    assertThat(hiddenToReaders(postId)).isTrue();
  }

  @Test
  @DisplayName("a moderator's hide after auto-hide keeps it hidden and upholds the flags")
  void moderatorConfirms() {
    long postId = newPost("more spam");
    for (int i = 1; i <= 3; i++) {
      assertThat(community.flag(community.member("auto_c" + i, 1), postId, "spam").status()).isEqualTo(201);
    }
    assertThat(hiddenToReaders(postId)).isTrue();
    assertThat(community.act(community.mod(), action("hide", "post", postId, "Spam")).status()).isEqualTo(200);
    assertThat(hiddenToReaders(postId)).isTrue();
    assertThat(community.count("select count(*) from flags where state = 'resolved' and target_id = " + postId)).isEqualTo(3);
  }
}
