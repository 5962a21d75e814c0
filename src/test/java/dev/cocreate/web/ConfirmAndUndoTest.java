package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Without JavaScript, a destructive button first answers a page saying what will happen, and acts
 * only when that page's button sends the form again confirmed; a deleted post can be restored by
 * its author for a while and by a moderator at any time.
 */
@DisplayName("Destructive actions are confirmed first, and a deletion can be undone")
class ConfirmAndUndoTest {
  static final String PASSWORD = "correct horse battery";
  static TestClock clock = TestClock.startingNow();
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start(new JsonObject(), clock);
  static TestHttp admin;
  static long adminId;

  @BeforeAll
  static void start() {
    admin = server.http();
    adminId = admin.register("cu_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminId);
    Resp space = admin.post("/api/spaces", new JsonObject().put("slug", "cu-town").put("name", "Town").put("visibility", "public"));
    assertThat(space.status()).as(space.toString()).isEqualTo(201);
  }

  /** A member signed in through the login form, with their API token kept for the API's calls. */
  static TestHttp browser(String username, String role) {
    TestHttp http = server.http();
    long id = http.register(username).getLong("id");
    if (role != null) {
      TestDatabase.execOn(server.dbUrl(), "update users set role = '" + role + "' where id = " + id);
    }
    String token = http.token();
    http.token(null);
    http.getHtml("/login");
    Resp login = http.form("/login", Map.of("login", username, "password", PASSWORD, "_csrf", http.cookie("cc_csrf")));
    assertThat(login.status()).isEqualTo(303);
    return http.token(token);
  }

  static Resp form(TestHttp who, String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("_csrf", who.cookie("cc_csrf"));
    String token = who.token();
    who.token(null);
    try {
      return who.form(path, all);
    } finally {
      who.token(token);
    }
  }

  static Document follow(TestHttp who, Resp redirect) {
    assertThat(redirect.status()).as(redirect.toString()).isEqualTo(303);
    return page(who, redirect.header("Location"));
  }

  /** A page as the browser sees it: by its session cookie, not the API's token. */
  static Document page(TestHttp who, String path) {
    String token = who.token();
    who.token(null);
    try {
      return Jsoup.parse(who.getHtml(path).body());
    } finally {
      who.token(token);
    }
  }

  static long reply(TestHttp who, long threadId, String body) {
    Resp r = who.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static long thread(TestHttp who, String title) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", "cu-town").put("title", title).put("body", "Opening of " + title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static JsonObject post(long id) {
    return admin.get("/api/posts/" + id).json();
  }

  @Test
  @DisplayName("Delete without confirmation shows what will happen and deletes nothing; confirmed, it deletes and offers Undo")
  void deleteIsConfirmedThenUndoable() {
    TestHttp ann = browser("cu_ann", null);
    long threadId = thread(admin, "Confirm me");
    long postId = reply(ann, threadId, "A reply I will regret");

    Resp asked = form(ann, "/posts/" + postId + "/delete", Map.of());
    assertThat(asked.status()).isEqualTo(200);
    Document page = Jsoup.parse(asked.body());
    assertThat(page.selectFirst("h1").text()).isEqualTo("Delete this post?");
    assertThat(page.selectFirst(".confirm-card").text()).contains("You can undo this for 24 hours");
    Element again = page.selectFirst("form.confirm-form");
    assertThat(again.attr("action")).isEqualTo("/posts/" + postId + "/delete");
    assertThat(again.select("input[name=confirm]").val()).isEqualTo("1");
    assertThat(page.selectFirst(".confirm-actions a").attr("href")).isEqualTo("/t/" + threadId + "/p/" + postId + "#p" + postId);
    assertThat(post(postId).getBoolean("deleted")).as("nothing deleted yet").isFalse();

    Document after = follow(ann, form(ann, "/posts/" + postId + "/delete", Map.of("confirm", "1")));
    assertThat(post(postId).getBoolean("deleted")).isTrue();
    assertThat(after.selectFirst(".flash").text()).isEqualTo("Post deleted.");
    Element undo = after.selectFirst("form.flash-undo");
    assertThat(undo.attr("action")).isEqualTo("/posts/" + postId + "/restore");

    Document restored = follow(ann, form(ann, undo.attr("action"), Map.of()));
    assertThat(restored.selectFirst(".flash").text()).isEqualTo("Post restored.");
    JsonObject back = post(postId);
    assertThat(back.getBoolean("deleted")).isFalse();
    assertThat(back.getString("body")).isEqualTo("A reply I will regret");
  }

  @Test
  @DisplayName("Undo: the author within 24 hours, a moderator at any time, no one else (403), the author after the window 409")
  void restoreRules() {
    TestHttp bea = browser("cu_bea", null);
    TestHttp other = browser("cu_other", null);
    TestHttp mod = browser("cu_mod", "moderator");
    long threadId = thread(admin, "Undo rules");
    long postId = reply(bea, threadId, "Second thoughts");

    assertThat(bea.delete("/api/posts/" + postId).status()).isEqualTo(204);
    assertThat(other.post("/api/posts/" + postId + "/restore", new JsonObject()).status()).isEqualTo(403);
    clock.advance(Duration.ofHours(23));
    Resp inTime = bea.post("/api/posts/" + postId + "/restore", new JsonObject());
    assertThat(inTime.status()).as(inTime.toString()).isEqualTo(200);
    assertThat(inTime.json().getString("body")).isEqualTo("Second thoughts");
    assertThat(inTime.json().getBoolean("deleted")).isFalse();
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from events where topic = 'thread:" + threadId
        + "' and type = 'post.restored' and (data->>'id')::bigint = " + postId)).as("announced live on the thread").isEqualTo(1);

    assertThat(bea.delete("/api/posts/" + postId).status()).isEqualTo(204);
    clock.advance(Duration.ofHours(25));
    Resp late = bea.post("/api/posts/" + postId + "/restore", new JsonObject());
    assertThat(late.status()).as(late.toString()).isEqualTo(409);
    assertThat(post(postId).getBoolean("deleted")).isTrue();
    // The page's Undo says so in the flash rather than failing.
    Document refused = follow(bea, form(bea, "/posts/" + postId + "/restore", Map.of()));
    assertThat(refused.selectFirst(".flash-error").text()).isNotBlank();

    Resp byMod = mod.post("/api/posts/" + postId + "/restore", new JsonObject());
    assertThat(byMod.status()).as(byMod.toString()).isEqualTo(200);
    assertThat(byMod.json().getString("body")).isEqualTo("Second thoughts");
    JsonArray log = mod.get("/api/moderation/log?targetType=post&targetId=" + postId).items();
    assertThat(log.stream().map(o -> ((JsonObject) o).getString("action"))).contains("restore_post");
  }

  @Test
  @DisplayName("a moderator's deletion is not the author's to undo, even within the window")
  void moderatorsDeletionStaysWithModerators() {
    TestHttp cy = browser("cu_cy", null);
    TestHttp mod = browser("cu_mod2", "moderator");
    long threadId = thread(admin, "Moderated");
    long postId = reply(cy, threadId, "Rule breaking");
    assertThat(mod.delete("/api/posts/" + postId).status()).isEqualTo(204);
    assertThat(cy.post("/api/posts/" + postId + "/restore", new JsonObject()).status()).isEqualTo(403);
    String restoreForm = "form[action=/posts/" + postId + "/restore]";
    assertThat(page(mod, "/t/" + threadId).select(restoreForm)).as("a moderator restores from the thread").hasSize(1);
    assertThat(page(cy, "/t/" + threadId).select(restoreForm)).isEmpty();
    Document restored = follow(mod, form(mod, "/posts/" + postId + "/restore", Map.of()));
    assertThat(restored.selectFirst(".flash").text()).isEqualTo("Post restored.");
    assertThat(post(postId).getBoolean("deleted")).isFalse();
    JsonArray log = mod.get("/api/moderation/log?targetType=post&targetId=" + postId).items();
    assertThat(log.stream().map(o -> ((JsonObject) o).getString("action"))).contains("delete_post");
  }

  @Test
  @DisplayName("cancelling a challenge asks first and changes nothing until confirmed")
  void cancelChallengeIsConfirmed() {
    TestHttp owner = browser("cu_owner", "admin");
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "cu-firm").put("name", "CU firm")).status()).isEqualTo(201);
    Resp brief = owner.post("/api/challenges", new JsonObject().put("org", "cu-firm").put("title", "Quieter fans")
        .put("summary", "Cut the noise.").put("problem", "Too loud.").put("desiredOutcomes", "Quiet.").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Noise").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(90).withNano(0).toString()));
    assertThat(brief.status()).as(brief.toString()).isEqualTo(201);
    long id = brief.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")).status()).isEqualTo(200);

    Document challenge = page(owner, "/c/" + id);
    assertThat(challenge.select(".team-actions button.danger")).as("kept apart from the main buttons").isEmpty();
    assertThat(challenge.select(".danger-zone form[data-confirm] button.danger").text()).isEqualTo("Cancel the challenge");

    Resp asked = form(owner, "/c/" + id + "/transition", Map.of("to", "closed"));
    assertThat(asked.status()).as(asked.body()).isEqualTo(200);
    assertThat(Jsoup.parse(asked.body()).selectFirst("h1").text()).isEqualTo("Close this challenge for good?");
    assertThat(owner.get("/api/challenges/" + id).json().getString("phase")).isEqualTo("open");

    Document done = follow(owner, form(owner, "/c/" + id + "/transition", Map.of("to", "closed", "confirm", "1")));
    assertThat(owner.get("/api/challenges/" + id).json().getString("phase")).isEqualTo("closed");
    assertThat(done.selectFirst(".flash").text()).isEqualTo("The challenge is now: Closed.");
  }

  @Test
  @DisplayName("a moderator's hide from the queue asks first, carrying the reason to the confirmation")
  void hideIsConfirmed() {
    TestHttp dan = browser("cu_dan", null);
    TestHttp mod = browser("cu_mod3", "moderator");
    long threadId = thread(admin, "Hide me");
    long postId = reply(dan, threadId, "Buy cheap watches");
    Map<String, String> hide = Map.of("action", "hide", "targetType", "post", "targetId", String.valueOf(postId),
        "item", "post-" + postId, "reason", "Spam");
    Resp asked = form(mod, "/mod/actions", hide);
    assertThat(asked.status()).isEqualTo(200);
    Document page = Jsoup.parse(asked.body());
    assertThat(page.selectFirst("h1").text()).isEqualTo("Hide this post?");
    assertThat(page.select("form.confirm-form input[name=reason]").val()).isEqualTo("Spam");
    assertThat(post(postId).getBoolean("hidden")).isFalse();

    Map<String, String> confirmed = new LinkedHashMap<>(hide);
    confirmed.put("confirm", "1");
    assertThat(form(mod, "/mod/actions", confirmed).status()).isEqualTo(303);
    assertThat(post(postId).getBoolean("hidden")).isTrue();
  }
  @Test
  @DisplayName("every page action ends with a flash saying what was done")
  void pageActionsEndWithAFlash() {
    TestHttp eve = browser("cu_eve", null);
    TestHttp fay = browser("cu_fay", null);
    Document started = follow(eve, form(eve, "/s/cu-town/new", Map.of("title", "Flash me", "body", "Hello")));
    assertThat(started.selectFirst(".flash").text()).isEqualTo("Thread started.");
    long first = Long.parseLong(started.selectFirst("ol.post-tree > li.post").attr("data-post-id"));
    Document replied = follow(fay, form(fay, "/t/" + eve.get("/api/posts/" + first).json().getLong("threadId") + "/reply",
        Map.of("body", "Hi back", "parentId", String.valueOf(first))));
    assertThat(replied.selectFirst(".flash").text()).isEqualTo("Reply published.");
    assertThat(follow(fay, form(fay, "/posts/" + first + "/vote", Map.of("value", "1"))).selectFirst(".flash").text())
        .isEqualTo("Vote saved.");
    assertThat(follow(eve, form(eve, "/posts/" + first + "/edit", Map.of("body", "Hello, edited", "reason", "typo")))
        .selectFirst(".flash").text()).startsWith("Changes saved");
    assertThat(follow(eve, form(eve, "/notifications/read", Map.of())).selectFirst(".flash").text())
        .isEqualTo("All notifications marked as read.");
    assertThat(follow(eve, form(eve, "/notifications/digest", Map.of("frequency", "weekly"))).selectFirst(".flash").text())
        .isEqualTo("E-mail digest setting saved.");
  }
}
