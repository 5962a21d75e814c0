package dev.cocreate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Notifications of forum activity")
class NotificationApiTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("n_admin");
    community.space("town", "public");
    community.space("inner", "group");
  }

  @Test
  @DisplayName("a reply tells the parent's author once, and never the replier")
  void replyNotifiesParentAuthor() {
    TestHttp ann = community.member("ann1");
    TestHttp ben = community.member("ben1");
    JsonObject t = community.thread(ann, "town", "Parking by the river", "Where should bikes go?");
    community.reply(ben, t.getLong("id"), null, "Next to the bridge.");

    List<JsonObject> annSees = community.notifications(ann);
    assertThat(annSees).hasSize(1);
    JsonObject n = annSees.get(0);
    assertThat(n.getString("kind")).isEqualTo("reply");
    assertThat(n.getString("targetType")).isEqualTo("thread");
    assertThat(n.getLong("targetId")).isEqualTo(t.getLong("id"));
    assertThat(n.getJsonObject("actor").getString("username")).isEqualTo("ben1");
    assertThat(n.getString("summary")).isEqualTo("BEN1 replied to you in Parking by the river");
    assertThat(n.getBoolean("read")).isFalse();
    assertThat(community.notifications(ben)).isEmpty();

    // Replying to yourself tells nobody.
    community.reply(ann, t.getLong("id"), null, "Answering my own question.");
    assertThat(community.notifications(ann)).hasSize(1).first().extracting(o -> o.getInteger("count")).isEqualTo(1);
  }

  @Test
  @DisplayName("a mention that is also a reply is one notification, a mention; a self-mention is none")
  void mentionAndReplyIsOne() {
    TestHttp cat = community.member("cat1");
    TestHttp dan = community.member("dan1");
    TestHttp eve = community.member("eve1");
    JsonObject t = community.thread(cat, "town", "Library hours", "Open later?");
    community.reply(dan, t.getLong("id"), null, "Yes @cat1, and @eve1 agrees.");
    community.thread(dan, "town", "Dan's notes", "Note to self, @dan1.");

    List<JsonObject> catSees = community.notifications(cat);
    assertThat(catSees).extracting(o -> o.getString("kind")).containsExactly("mention");
    assertThat(community.notifications(eve)).extracting(o -> o.getString("kind")).containsExactly("mention");
    assertThat(community.notifications(dan)).isEmpty();
  }

  @Test
  @DisplayName("replies coalesce into one unread notification with a count; reading it starts a new one")
  void coalesces() {
    TestHttp fay = community.member("fay1");
    TestHttp gus = community.member("gus1");
    TestHttp hal = community.member("hal1");
    JsonObject t = community.thread(fay, "town", "Market day", "Saturdays?");
    long first = t.getJsonObject("firstPost").getLong("id");
    for (int i = 0; i < 3; i++) {
      community.reply(gus, t.getLong("id"), first, "Gus says " + i);
    }
    community.reply(hal, t.getLong("id"), first, "Hal says so too");

    List<JsonObject> seen = community.notifications(fay);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).getInteger("count")).isEqualTo(4);
    assertThat(seen.get(0).getJsonObject("actor").getString("username")).isEqualTo("hal1");
    assertThat(seen.get(0).getString("summary")).isEqualTo("4 new replies to you in Market day");
    assertThat(community.unread(fay)).isEqualTo(1);

    Resp read = fay.post("/api/notifications/read", new JsonObject().put("ids", new JsonArray().add(seen.get(0).getLong("id"))));
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.json().getInteger("unreadCount")).isZero();

    community.reply(gus, t.getLong("id"), first, "One more");
    List<JsonObject> after = community.notifications(fay);
    assertThat(after).hasSize(2);
    assertThat(after.get(0).getInteger("count")).isEqualTo(1);
    assertThat(after.get(0).getBoolean("read")).isFalse();
    assertThat(after.get(1).getBoolean("read")).isTrue();

    assertThat(fay.post("/api/notifications/read", new JsonObject().put("all", true)).json().getInteger("unreadCount")).isZero();
    assertThat(community.unread(fay)).isZero();
  }

  @Test
  @DisplayName("watching hears of every post, tracking only replies and mentions, muted nothing at all")
  void watchLevels() {
    TestHttp ida = community.member("ida1");
    TestHttp jon = community.member("jon1");
    TestHttp kim = community.member("kim1");
    TestHttp lou = community.member("lou1");
    JsonObject t = community.thread(ida, "town", "Tree planting", "Which street first?");
    long id = t.getLong("id");
    JsonObject jonPost = community.reply(jon, id, null, "Elm street");
    community.watch(kim, "/api/threads/" + id, "watching");
    assertThat(kim.get("/api/threads/" + id + "/watch").json().getString("level")).isEqualTo("watching");
    assertThat(lou.get("/api/threads/" + id + "/watch").json().getString("level")).isEqualTo("tracking");
    community.watch(jon, "/api/threads/" + id, "muted");

    // A reply to jon (muted) that mentions lou (tracking): kim (watching) and ida (author, watching) hear of a post.
    community.reply(lou, id, jonPost.getLong("id"), "Oak street, @jon1?");
    assertThat(community.notifications(jon)).isEmpty();
    assertThat(community.notifications(kim)).extracting(o -> o.getString("kind")).containsExactly("post");
    assertThat(community.notifications(ida)).extracting(o -> o.getString("kind")).containsExactly("post", "reply");
    // lou tracks by default: a new post that neither answers nor mentions them says nothing.
    community.reply(kim, id, null, "Birch street");
    assertThat(community.notifications(lou)).isEmpty();

    assertThat(jon.delete("/api/threads/" + id + "/watch").status()).isEqualTo(204);
    assertThat(jon.get("/api/threads/" + id + "/watch").json().getString("level")).isEqualTo("tracking");
    community.reply(lou, id, jonPost.getLong("id"), "Back to you, jon");
    assertThat(community.notifications(jon)).extracting(o -> o.getString("kind")).containsExactly("reply");
    assertThat(kim.put("/api/threads/" + id + "/watch", new JsonObject().put("level", "loud")).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a mention in a private group tells only those who can read it; its threads cannot be watched by outsiders")
  void privateGroupMentions() {
    TestHttp insider = community.member("n_insider");
    TestHttp outsider = community.member("n_outsider");
    community.admin().put("/api/spaces/inner/members/n_insider", new JsonObject());
    JsonObject t = community.thread(insider, "inner", "Secret plans", "Don't tell @n_outsider");
    community.reply(community.admin(), t.getLong("id"), null, "Agreed, and @n_outsider still can't see this.");
    assertThat(community.notifications(outsider)).isEmpty();
    assertThat(outsider.put("/api/threads/" + t.getLong("id") + "/watch", new JsonObject().put("level", "watching")).status())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("the list needs a signed-in member, pages with a cursor, and refuses bad input")
  void listAndRead() {
    TestHttp mia = community.member("mia1");
    TestHttp ned = community.member("ned1");
    for (int i = 0; i < 3; i++) {
      JsonObject t = community.thread(mia, "town", "Topic " + i, "Body " + i);
      community.reply(ned, t.getLong("id"), null, "Reply " + i);
    }
    Resp first = mia.get("/api/notifications?limit=2");
    assertThat(first.items()).hasSize(2);
    assertThat(first.json().getInteger("unreadCount")).isEqualTo(3);
    Resp second = mia.get("/api/notifications?limit=2&cursor=" + first.json().getString("nextCursor"));
    assertThat(second.items()).hasSize(1);
    assertThat(second.json().getString("nextCursor")).isNull();
    assertThat(second.items().getJsonObject(0).getString("title")).isEqualTo("Topic 0");

    assertThat(server.http().get("/api/notifications").status()).isEqualTo(401);
    assertThat(mia.get("/api/notifications?cursor=nonsense").status()).isEqualTo(400);
    assertThat(mia.post("/api/notifications/read", new JsonObject()).status()).isEqualTo(400);
    assertThat(mia.post("/api/notifications/read", new JsonObject().put("ids", "all")).status()).isEqualTo(400);
    // Someone else's notification ids change nothing.
    long nedsOwn = community.count("select count(*) from notifications where user_id = (select id from users where username = 'ned1')");
    assertThat(nedsOwn).isZero();
    long miaFirst = first.items().getJsonObject(0).getLong("id");
    assertThat(ned.post("/api/notifications/read", new JsonObject().put("ids", new JsonArray().add(miaFirst))).json()
        .getInteger("unreadCount")).isZero();
    assertThat(community.unread(mia)).isEqualTo(3);
  }

  @Test
  @DisplayName("pages show the unread count in the header, list notifications, and work without JavaScript")
  void pages() {
    TestHttp oli = server.http();
    oli.register("oli1");
    TestHttp pam = community.member("pam1");
    // Sign in through the page so the session cookie (and its CSRF token) is used, like a browser.
    oli.token(null);
    oli.getHtml("/login");
    assertThat(oli.form("/login", Map.of("login", "oli1", "password", "correct horse battery", "_csrf",
        oli.cookie("cc_csrf"))).status()).isEqualTo(303);
    JsonObject t = community.thread(pam, "town", "Bus timetable", "Earlier buses?");
    Resp home = oli.getHtml("/");
    assertThat(home.body()).contains("<span class=\"nav-label\">Notifications</span> (<span class=\"unread-count\">0</span>)")
        .contains("aria-label=\"Notifications, 0 unread\"");
    community.reply(pam, t.getLong("id"), null, "Asking @oli1 too.");
    Resp page = oli.getHtml("/notifications");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("aria-label=\"Notifications, 1 unread\"").contains("PAM1 mentioned you in Bus timetable");
    String csrf = Jsoup.parse(page.body()).selectFirst("meta[name=csrf-token]").attr("content");
    assertThat(oli.form("/notifications/digest", Map.of("_csrf", csrf, "frequency", "weekly")).status()).isEqualTo(303);
    assertThat(community.count("select count(*) from users where username = 'oli1' and digest_frequency = 'weekly'")).isEqualTo(1);
    assertThat(oli.form("/notifications/read", Map.of("_csrf", csrf)).status()).isEqualTo(303);
    assertThat(oli.getHtml("/notifications").body()).contains("aria-label=\"Notifications, 0 unread\"");
    assertThat(server.http().getHtml("/notifications").status()).isEqualTo(303);
  }
}
