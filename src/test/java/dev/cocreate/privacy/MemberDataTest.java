package dev.cocreate.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Members' data rights: the export holds all of theirs and nothing of others'; deletion erases them and keeps counts exact")
class MemberDataTest {
  static final String PASSWORD = "correct horse battery";
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  @BeforeAll
  static void start() {
    TestDatabase.execOn(server.dbUrl(), "insert into spaces (slug, name, visibility) values ('rights', 'Rights', 'public')");
  }

  static long thread(TestHttp who, String title, String body) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", "rights").put("title", title).put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static long firstPost(long threadId) {
    return TestDatabase.queryLong(server.dbUrl(), "select first_post_id from threads where id = " + threadId);
  }

  static long reply(TestHttp who, long threadId, String body) {
    Resp r = who.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static void vote(TestHttp who, long postId, int value) {
    assertThat(who.put("/api/posts/" + postId + "/vote", new JsonObject().put("value", value)).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("the export is a JSON attachment with every thread, post, edit, vote and flag the member made, and no one else's")
  void exportHasAllOfMineAndNoneOfTheirs() {
    TestHttp alice = server.http();
    JsonObject aliceUser = alice.register("export_alice");
    TestHttp bob = server.http();
    bob.register("export_bob");

    long aliceThread = thread(alice, "Alice plans the harbour", "ALICE-OPENING quay lights");
    long bobThread = thread(bob, "Bob's ferry idea", "BOBSECRET-ferry timetable");
    long aliceReply = reply(alice, bobThread, "ALICE-REPLY first draft");
    long bobReply = reply(bob, aliceThread, "BOBREPLY-nice one");
    assertThat(alice.patch("/api/posts/" + aliceReply, new JsonObject().put("body", "ALICE-REPLY second draft")
        .put("reason", "clearer")).status()).isEqualTo(200);
    vote(alice, firstPost(bobThread), 1);
    vote(bob, firstPost(aliceThread), 1);
    vote(bob, aliceReply, -1);
    assertThat(alice.post("/api/posts/" + bobReply + "/flags", new JsonObject().put("reason", "other")
        .put("note", "ALICE-FLAG-NOTE")).status()).isEqualTo(201);

    long challenge = openChallenge(bob, "bob-firm");
    long aliceIdea = submitIdea(alice, challenge, "ALICE-IDEA tidal lamps");
    long bobIdea = submitIdea(bob, challenge, "BOBIDEA-secret sails");
    support(alice, bobIdea);
    support(bob, aliceIdea);

    Resp r = alice.get("/api/me/export");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.header("Content-Disposition")).startsWith("attachment;").contains("export_alice");
    JsonObject doc = r.json();

    assertThat(doc.getJsonObject("profile").getString("username")).isEqualTo("export_alice");
    assertThat(doc.getJsonObject("profile").getString("email")).isEqualTo("export_alice@example.test");
    assertThat(ids(doc.getJsonArray("threads"), "id")).contains(aliceThread);
    List<Long> myPosts = longs("select id from posts where author_id = " + aliceUser.getLong("id") + " order by id");
    assertThat(ids(doc.getJsonArray("posts"), "id")).containsExactlyElementsOf(myPosts).hasSize(3);
    assertThat(doc.getJsonArray("posts").encode()).contains("ALICE-OPENING", "ALICE-REPLY second draft");
    assertThat(doc.getJsonArray("postRevisions").getJsonObject(0).getString("body")).isEqualTo("ALICE-REPLY first draft");
    assertThat(doc.getJsonArray("votes")).hasSize(1);
    assertThat(doc.getJsonArray("votes").getJsonObject(0).getLong("postId")).isEqualTo(firstPost(bobThread));
    assertThat(doc.getJsonArray("flags").getJsonObject(0).getString("note")).isEqualTo("ALICE-FLAG-NOTE");

    assertThat(ids(doc.getJsonArray("ideas"), "id")).containsExactly(aliceIdea);
    assertThat(ids(doc.getJsonArray("ideaSupports"), "ideaId")).containsExactly(bobIdea);
    assertThat(doc.getJsonArray("challengesCreated")).isEmpty();
    assertThat(doc.getJsonArray("notifications").stream().map(n -> ((JsonObject) n).getString("kind")))
        .as("Bob's reply to her thread notified her").contains("reply");
    assertThat(doc.getJsonObject("digest").getString("frequency")).isEqualTo("off");
    assertThat(ids(doc.getJsonArray("threads"), "id")).as("her idea's thread is hers too").hasSize(2);

    String all = r.body();
    assertThat(all).doesNotContain("export_bob", "EXPORT_BOB", "BOBSECRET", "BOBREPLY", "Bob's ferry idea", "BOBIDEA");
    // Bob's votes on Alice's posts are his: the export says nothing of who voted.
    assertThat(doc.getJsonArray("votes").stream().map(v -> ((JsonObject) v).getInteger("value"))).containsExactly(1);

    assertThat(server.http().get("/api/me/export").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("deletion: wrong password changes nothing; then name, e-mail and sessions are gone, votes leave every count, posts stay")
  void deletion() throws Exception {
    TestHttp carol = server.http();
    JsonObject carolUser = carol.register("erasable_carol");
    long carolId = carolUser.getLong("id");
    TestHttp dave = server.http();
    dave.register("keeper_dave");
    TestHttp erin = server.http();
    erin.register("keeper_erin");

    long daveThread = thread(dave, "Dave's bridge", "Dave opens");
    long daveFirst = firstPost(daveThread);
    long carolThread = thread(carol, "A thread started by the member who leaves", "Opening words that stay readable");
    long carolReply = reply(carol, daveThread, "A reply that must stay readable after deletion");
    long erinReply = reply(erin, daveThread, "Erin answers");
    vote(carol, daveFirst, 1);
    vote(erin, daveFirst, 1);
    vote(carol, erinReply, -1);
    vote(dave, carolReply, 1);
    vote(dave, firstPost(carolThread), 1);
    carol.patch("/api/posts/" + carolReply, new JsonObject().put("body", "A reply that must stay readable, edited"));
    assertThat(score(daveFirst)).isEqualTo(2);
    assertThat(score(erinReply)).isEqualTo(-1);

    // Carol also runs a firm's challenge (a webhook is subscribed), writes an idea and supports one.
    assertThat(carol.post("/api/orgs", new JsonObject().put("slug", "carol-firm").put("name", "Carol's firm")).status())
        .isEqualTo(201);
    TestDatabase.execOn(server.dbUrl(), "insert into webhooks (org_id, url, events, secret, created_by) select id,"
        + " 'https://hooks.example.invalid/cocreate', array['idea.created', 'challenge.transition'], 'webhook-secret-0123456789', "
        + carolId + " from orgs where slug = 'carol-firm'");
    Resp draft = carol.post("/api/challenges", new JsonObject().put("org", "carol-firm").put("title", "Quieter ferries")
        .put("summary", "Less noise on the river").put("problem", "Engines are loud").put("desiredOutcomes", "Quiet")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Noise").put("weight", 1)))
        .put("ipTerms", "Shared").put("closesAt", OffsetDateTime.now().plusDays(10).withNano(0).toString()));
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    long challengeId = draft.json().getLong("id");
    assertThat(carol.post("/api/challenges/" + challengeId + "/transition", new JsonObject().put("to", "open")).status())
        .isEqualTo(200);
    long daveIdea = submitIdea(dave, challengeId, "Dave's electric ferry");
    long carolIdea = submitIdea(carol, challengeId, "Carol's hull coating");
    support(carol, daveIdea);
    support(erin, daveIdea);
    support(dave, carolIdea);
    assertThat(supportCount(daveIdea)).isEqualTo(2);

    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + carol.token())
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/live"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add("me")).encode(), true);

    Resp wrong = carol.send("/api/me", "DELETE", new JsonObject().put("password", "not my password at all"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(carol.get("/api/me").status()).as("still signed in").isEqualTo(200);
    assertThat(carol.send("/api/me", "DELETE", new JsonObject()).status()).isEqualTo(400);

    Resp deleted = carol.send("/api/me", "DELETE", new JsonObject().put("password", PASSWORD));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);

    // Live connection closed (4401: her sessions ended), token dead, sign-in impossible.
    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(4401);
    assertThat(carol.get("/api/me").status()).isEqualTo(401);
    assertThat(server.http().post("/api/auth/login", new JsonObject().put("login", "erasable_carol").put("password", PASSWORD))
        .status()).isEqualTo(401);
    assertThat(server.http().get("/api/users/erasable_carol").status()).isEqualTo(404);

    // Counts exact: her votes are gone from every score, others' votes are all still counted.
    assertThat(score(daveFirst)).isEqualTo(1);
    assertThat(score(erinReply)).isZero();
    assertThat(score(carolReply)).as("votes others gave her posts stay").isEqualTo(1);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from post_votes where user_id = " + carolId)).isZero();
    assertThat(TestDatabase.queryLong(server.dbUrl(), """
        select count(*) from posts p
        where p.vote_score <> coalesce((select sum(v.value) from post_votes v where v.post_id = p.id), 0)""")).isZero();
    assertThat(TestDatabase.queryLong(server.dbUrl(), """
        select count(*) from threads t join posts p on p.id = t.first_post_id where t.vote_score <> p.vote_score""")).isZero();
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select reply_count from threads where id = " + daveThread)).isEqualTo(2);
    assertThat(supportCount(daveIdea)).as("her support is out of the count").isEqualTo(1);
    assertThat(supportCount(carolIdea)).as("supports others gave her idea stay").isEqualTo(1);
    assertThat(TestDatabase.queryLong(server.dbUrl(), """
        select count(*) from ideas i where i.support_count <> (select count(*) from idea_supports s where s.idea_id = i.id)"""))
        .isZero();
    JsonObject keptIdea = server.http().get("/api/ideas/" + carolIdea).json();
    assertThat(keptIdea.getString("title")).isEqualTo("Carol's hull coating");
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from webhook_deliveries")).as("deliveries were queued")
        .isPositive();

    // Her posts stay, by a deleted member.
    JsonArray posts = server.http().get("/api/threads/" + daveThread + "/posts").items();
    JsonObject kept = posts.stream().map(p -> (JsonObject) p).filter(p -> p.getLong("id") == carolReply).findFirst().orElseThrow();
    assertThat(kept.getString("body")).isEqualTo("A reply that must stay readable, edited");
    assertThat(kept.getJsonObject("author").getString("username")).isEqualTo("deleted-" + carolId);
    assertThat(kept.getJsonObject("author").getString("displayName")).isEqualTo("Deleted member");
    assertThat(server.http().get("/api/threads/" + carolThread).status()).isEqualTo(200);

    // Her personal data is nowhere in the database.
    assertThat(textColumnsContaining("erasable_carol")).isEmpty();
    assertThat(textColumnsContaining("erasable_carol@example.test")).isEmpty();
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from users where id = " + carolId
        + " and deleted_at is not null and email is null and bio = '' and password_hash = '!deleted'")).isEqualTo(1);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from sessions where user_id = " + carolId
        + " and revoked_at is null")).isZero();

    assertThat(carol.send("/api/me", "DELETE", new JsonObject().put("password", PASSWORD)).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("notifications and watches are one part of the data: exported in one section each, erased by one statement each")
  void notificationsHandledOnce() throws Exception {
    // Statement-level triggers count every DELETE statement on the two tables, even one that finds
    // no row (a second erasure of the same member would be such a statement).
    TestDatabase.execOn(server.dbUrl(), """
        create table if not exists test_statement_log (id bigserial primary key, tbl text not null, op text not null);
        create or replace function test_log_statement() returns trigger language plpgsql as $$
          begin insert into test_statement_log (tbl, op) values (tg_table_name, tg_op); return null; end $$;
        create or replace trigger test_notifications_statements after delete on notifications
          for each statement execute function test_log_statement();
        create or replace trigger test_watches_statements after delete on watches
          for each statement execute function test_log_statement();""");
    TestHttp gina = server.http();
    gina.register("once_gina");
    TestHttp hal = server.http();
    hal.register("once_hal");
    long thread = thread(gina, "Gina watches her own thread", "Opening");
    reply(hal, thread, "Hal answers, which notifies Gina");
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from notifications n join users u on u.id = n.user_id"
        + " where u.username = 'once_gina'")).isPositive();

    Resp export = gina.get("/api/me/export");
    assertThat(export.status()).as(export.toString()).isEqualTo(200);
    // Counted in the raw text: a JSON object keeps one value per name, the bytes show every section written.
    assertThat(occurrences(export.body(), "\"notifications\"")).isEqualTo(1);
    assertThat(occurrences(export.body(), "\"watches\"")).isEqualTo(1);
    assertThat(export.json().getJsonArray("watches").getJsonObject(0).getLong("targetId")).isEqualTo(thread);
    assertThat(export.json().getJsonObject("digest").getString("frequency")).isEqualTo("off");
    assertThat(export.json().containsKey("digestFrequency")).as("the notify package's second copy is gone").isFalse();

    long before = TestDatabase.queryLong(server.dbUrl(), "select coalesce(max(id), 0) from test_statement_log");
    assertThat(gina.send("/api/me", "DELETE", new JsonObject().put("password", PASSWORD)).status()).isEqualTo(204);
    // Tests of this class run one at a time, so every statement logged since is this erasure's.
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from test_statement_log where id > " + before
        + " and tbl = 'notifications' and op = 'DELETE'")).isEqualTo(1);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from test_statement_log where id > " + before
        + " and tbl = 'watches' and op = 'DELETE'")).isEqualTo(1);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from notifications n join users u on u.id = n.user_id"
        + " where u.deleted_at is not null")).isZero();
  }

  @Test
  @DisplayName("two parts exporting the same section fail the export instead of one silently replacing the other")
  void duplicatePartRefused() throws Exception {
    TestHttp ivy = server.http();
    ivy.register("dup_ivy");
    var app = server.server().app();
    MemberData doubled = new MemberData(app.db(), new UserRepository(), null, app.events(),
        app.accounts(), List.of(new NotificationData()));
    User user = app.accounts().byUsername("dup_ivy").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    var caller = new Caller(user, null, false);
    Throwable failure = doubled.export(caller).toCompletionStage().toCompletableFuture()
        .handle((doc, e) -> e).get(10, TimeUnit.SECONDS);
    // Whichever of the part's sections comes first (a Map's order) is the one named.
    assertThat(failure).isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("two personal-data parts export '(notifications|watches|digest)'");
    assertThat(app.memberData().export(caller).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .containsKey("notifications")).as("the server's own wiring exports it once").isTrue();
  }

  static int occurrences(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  @Test
  @DisplayName("the settings page links the download and deletes the account with password and CSRF, then signs out")
  void settingsPage() {
    assertThat(server.http().getHtml("/settings").status()).isEqualTo(303);
    TestHttp browser = server.http();
    browser.register("page_frank");
    browser.token(null);
    browser.getHtml("/login");
    assertThat(browser.form("/login", Map.of("login", "page_frank", "password", PASSWORD, "_csrf", browser.cookie("cc_csrf")))
        .status()).isEqualTo(303);
    Document page = Jsoup.parse(browser.getHtml("/settings").body());
    assertThat(page.select("a[href=/api/me/export]")).hasSize(1);
    assertThat(page.select("form[action=/settings/delete] input[name=_csrf]").val()).isEqualTo(browser.cookie("cc_csrf"));
    assertThat(page.select("form[action=/settings/delete] input[type=password]")).hasSize(1);

    Resp export = browser.get("/api/me/export");
    assertThat(export.status()).as("the download works with the session cookie").isEqualTo(200);
    assertThat(export.json().getJsonObject("profile").getString("username")).isEqualTo("page_frank");

    assertThat(browser.form("/settings/delete", Map.of("password", PASSWORD)).status()).as("without CSRF").isEqualTo(403);
    Resp wrong = browser.form("/settings/delete", Map.of("password", "wrong password here", "_csrf", browser.cookie("cc_csrf")));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(Jsoup.parse(wrong.body()).select(".form-error").text()).contains("not your password");
    Resp done = browser.form("/settings/delete", Map.of("password", PASSWORD, "_csrf", browser.cookie("cc_csrf")));
    assertThat(done.status()).isEqualTo(200);
    assertThat(Jsoup.parse(done.body()).select("h1").text()).contains("deleted");
    assertThat(browser.getHtml("/settings").status()).as("signed out").isEqualTo(303);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from users where username = 'page_frank'")).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  static long openChallenge(TestHttp owner, String slug) {
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", slug).put("name", "Firm " + slug)).status()).isEqualTo(201);
    Resp draft = owner.post("/api/challenges", new JsonObject().put("org", slug).put("title", "A challenge of " + slug)
        .put("summary", "Summary").put("problem", "Problem").put("desiredOutcomes", "Outcomes")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Fit").put("weight", 1)))
        .put("ipTerms", "Shared").put("closesAt", OffsetDateTime.now().plusDays(10).withNano(0).toString()));
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    long id = draft.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")).status()).isEqualTo(200);
    return id;
  }

  static long submitIdea(TestHttp who, long challengeId, String title) {
    Resp r = who.post("/api/challenges/" + challengeId + "/ideas", new JsonObject().put("title", title)
        .put("pitch", "Pitch: " + title).put("body", "Body of " + title).put("acceptTerms", true));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static void support(TestHttp who, long ideaId) {
    Resp r = who.put("/api/ideas/" + ideaId + "/support", null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  static long supportCount(long ideaId) {
    return TestDatabase.queryLong(server.dbUrl(), "select support_count from ideas where id = " + ideaId);
  }

  static int score(long postId) {
    return (int) TestDatabase.queryLong(server.dbUrl(), "select vote_score from posts where id = " + postId);
  }

  static List<Long> ids(JsonArray items, String field) {
    List<Long> out = new ArrayList<>();
    items.forEach(o -> out.add(((JsonObject) o).getLong(field)));
    return out;
  }

  static List<Long> longs(String sql) {
    DbTarget t = DbTarget.parse(server.dbUrl());
    List<Long> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Every text, varchar, char and jsonb column of every table in the schema holding {@code needle}, any case. */
  static List<String> textColumnsContaining(String needle) throws SQLException {
    DbTarget t = DbTarget.parse(server.dbUrl());
    List<String> hits = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password())) {
      List<String[]> columns = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
          select c.table_name, c.column_name from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
          where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
            and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json', 'ARRAY')""")) {
        while (rs.next()) {
          columns.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      assertThat(columns.size()).as("text columns found").isGreaterThan(20);
      for (String[] col : columns) {
        String sql = "select count(*) from \"" + col[0] + "\" where \"" + col[1] + "\"::text ilike ?";
        try (var ps = c.prepareStatement(sql)) {
          ps.setString(1, "%" + needle.replace("_", "\\_") + "%");
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
              hits.add(col[0] + "." + col[1] + " (" + rs.getLong(1) + " rows)");
            }
          }
        }
      }
    }
    return hits;
  }
}
