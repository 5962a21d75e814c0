package dev.cocreate.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.reputation.ReputationKind;
import dev.cocreate.reputation.ReputationLedger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The people and things of a community, made on a test's node through the public API as a member
 * would make them, each checked to have been made: members with roles and trust levels, firms,
 * spaces, threads, replies, challenges, ideas, flags and moderators' actions. A member is the
 * signed-in {@link TestHttp} that acts as them. What the API returns is returned as is, so tests
 * assert on the contract itself; the few rows no API writes (a role, a trust level) are set in the
 * database, as an operator or the periodic job would.
 *
 * <p>One class because it is the one place tests make data: splitting it by feature would bring
 * back the overlapping per-package fixtures it replaced.
 */
public final class Community {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

  private final Supplier<TestServer> node;
  private TestHttp admin;
  private TestHttp mod;

  public Community(CocreateServer server) {
    this.node = server::node;
  }

  public Community(TestServer server) {
    this.node = () -> server;
  }

  public static Community in(CocreateServer server) {
    return new Community(server);
  }

  public static Community in(TestServer server) {
    return new Community(server);
  }

  /** Registers {@code <prefix>_admin} and {@code <prefix>_mod}, who make spaces and moderate. */
  public Community withStaff(String prefix) {
    withAdmin(prefix + "_admin");
    mod = withRole(prefix + "_mod", "moderator");
    return this;
  }

  /** Registers the admin who makes the spaces. */
  public Community withAdmin(String username) {
    admin = withRole(username, "admin");
    return this;
  }

  public TestServer server() {
    return node.get();
  }

  public TestHttp admin() {
    if (admin == null) {
      throw new IllegalStateException("no admin yet: call withAdmin or withStaff first");
    }
    return admin;
  }

  public TestHttp mod() {
    if (mod == null) {
      throw new IllegalStateException("no moderator yet: call withStaff first");
    }
    return mod;
  }

  // ---- Members

  /** A name not used before in this JVM, for classes whose tests each register their own people. */
  public static String unique(String prefix) {
    return prefix + "_" + SEQ.incrementAndGet();
  }

  /** A newly registered member named {@code username}, signed in with a bearer token. */
  public TestHttp member(String username) {
    TestHttp http = server().http();
    http.register(username);
    return http;
  }

  /** A member already at the given trust level (set directly, as the periodic job would). */
  public TestHttp member(String username, int trustLevel) {
    TestHttp http = member(username);
    exec("update users set trust_level = " + trustLevel + " where username = '" + username + "'");
    return http;
  }

  /**
   * A member at the given trust level who stays there through their requests today: their visit of
   * today is already counted, so their first request does not recompute the level from their (empty)
   * activity, as it would for {@link #member(String, int)}.
   */
  public TestHttp steadyMember(String username, int trustLevel) {
    TestHttp http = member(username, trustLevel);
    exec("insert into user_visits (user_id, day) select id, (now() at time zone 'utc')::date from users where username = '"
        + username + "' on conflict do nothing");
    return http;
  }

  /**
   * {@code n} members made straight in the database ({@link #membersViaSql}), each signed in with a
   * bearer token: for the many members a class only needs to act through the API, without the cost
   * of hashing a password for each (they cannot sign in to pages).
   */
  public List<TestHttp> quickMembers(String prefix, int n) {
    String unique = unique(prefix) + "x";
    List<TestHttp> out = new ArrayList<>();
    membersViaSql(unique, n).forEach(token -> out.add(server().http().token(token)));
    return out;
  }

  /**
   * One member as {@link #quickMembers} makes them, at the given trust level, their visit of today
   * already counted so that their requests today keep that level (see {@link #steadyMember}).
   */
  public TestHttp quickMember(String prefix, int trustLevel) {
    String unique = unique(prefix) + "x";
    String token = membersViaSql(unique, 1).get(0);
    exec("update users set trust_level = " + trustLevel + " where username = '" + unique + "0';"
        + "insert into user_visits (user_id, day) select id, (now() at time zone 'utc')::date from users where username = '"
        + unique + "0' on conflict do nothing");
    return server().http().token(token);
  }

  /** A newly registered member named {@link #unique(String)} from {@code prefix}. */
  public TestHttp freshMember(String prefix) {
    return member(unique(prefix));
  }

  /** A member with a site role ({@code admin} or {@code moderator}). */
  public TestHttp withRole(String username, String role) {
    TestHttp http = member(username);
    exec("update users set role = '" + role + "' where username = '" + username + "'");
    return http;
  }

  public String username(TestHttp member) {
    return member.get("/api/me").json().getString("username");
  }

  public long userId(String username) {
    return count("select id from users where username = '" + username + "'");
  }

  /** The public profile (role, trust level) of a member, as moderators read it. */
  public JsonObject profile(String username) {
    Resp r = mod().get("/api/users/" + username);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  public int trustLevel(String username) {
    return profile(username).getInteger("trustLevel");
  }

  /** Recomputes every trust level now, as the periodic job does; answers how many changed. */
  public int recomputeTrust() {
    try {
      return server().server().app().trust().recomputeAll().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Creates n members straight in the database and signs a bearer token for each, as
   * SessionService.issueToken would. Registering through the API costs an Argon2 hash per member,
   * which makes hundreds of members take half a minute on a small machine.
   */
  public List<String> membersViaSql(String prefix, int n) {
    exec("""
        insert into users (username, email, display_name, password_hash)
        select '%1$s' || g, '%1$s' || g || '@example.test', 'Member ' || g, 'no password' from generate_series(0, %2$d) g order by g;
        insert into sessions (id, user_id, kind, expires_at)
        select md5(u.username)::uuid, u.id, 'token', now() + interval '1 hour' from users u where u.username like '%1$s%%'
        """.formatted(prefix, n - 1));
    Map<String, Long> ids = new HashMap<>();
    DbTarget t = DbTarget.parse(server().dbUrl());
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        PreparedStatement q = c.prepareStatement("select username, id from users where username like ?")) {
      q.setString(1, prefix + "%");
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String username = prefix + i;
      long id = ids.get(username);
      tokens.add(sign(new JsonObject().put("sub", String.valueOf(id)).put("sid", md5Uuid(username))
          .put("iat", System.currentTimeMillis() / 1000).put("exp", System.currentTimeMillis() / 1000 + 3600)));
    }
    return tokens;
  }

  // ---- Firms

  /** A new firm owned by {@code owner}; returns its slug. */
  public String org(TestHttp owner) {
    String slug = unique("firm").replace('_', '-');
    Resp r = owner.post("/api/orgs", new JsonObject().put("slug", slug).put("name", "Firm " + slug));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return slug;
  }

  /** Makes {@code member} a member of the firm. */
  public void addMember(TestHttp owner, String org, TestHttp member) {
    Resp r = owner.put("/api/orgs/" + org + "/members/" + username(member), new JsonObject().put("role", "member"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** {@code member} declares (or, for staff, requests) their stakeholder type towards the firm. */
  public void declareStakeholder(TestHttp member, String org, String type) {
    Resp r = member.put("/api/orgs/" + org + "/stakeholder", new JsonObject().put("type", type));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** An owner of the firm confirms {@code member}'s staff request. */
  public void confirmStaff(TestHttp owner, String org, TestHttp member) {
    confirmStaff(owner, org, username(member));
  }

  public void confirmStaff(TestHttp owner, String org, String username) {
    Resp r = owner.post("/api/orgs/" + org + "/stakeholders/" + username + "/confirm", new JsonObject());
    assertThat(r.status()).as(r.toString()).isEqualTo(204);
  }

  /** A member made in the database ({@link #membersViaSql}), acting through the API with their bearer token. */
  public record TokenMember(String username, String token) {}

  private TestHttp tokenClient;

  /** {@code n} members made in the database, each with a bearer token: no Argon2 hash per member. */
  public List<TokenMember> tokenMembers(String prefix, int n) {
    String unique = unique(prefix) + "x";
    List<String> tokens = membersViaSql(unique, n);
    List<TokenMember> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new TokenMember(unique + i, tokens.get(i)));
    }
    return out;
  }

  /** One request as a token member; {@code body} null for none. */
  public Resp as(TokenMember m, String method, String path, JsonObject body) {
    return send(tokenClient(), m.token(), method, path, body);
  }

  private synchronized TestHttp tokenClient() {
    if (tokenClient == null) {
      tokenClient = server().http();
    }
    return tokenClient;
  }

  /**
   * {@code n} members made in the database who each declare {@code type} towards the firm through the
   * API (for staff: a request an owner has yet to confirm); {@code type} null leaves them undeclared.
   */
  public List<TokenMember> stakeholders(String org, String prefix, String type, int n) {
    List<TokenMember> members = tokenMembers(prefix, n);
    if (type != null) {
      for (TokenMember m : members) {
        Resp r = as(m, "PUT", "/api/orgs/" + org + "/stakeholder", new JsonObject().put("type", type));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
      }
    }
    return members;
  }

  // ---- Group spaces run by firms and their facilitators (issue #21)

  /** A group space run by the firm {@code org}, created by its owner with these members; answers its slug. */
  public String orgSpace(TestHttp owner, String org, TestHttp... members) {
    String slug = unique("grp").replace('_', '-');
    JsonArray names = new JsonArray();
    for (TestHttp m : members) {
      names.add(username(m));
    }
    Resp r = owner.post("/api/orgs/" + org + "/spaces", new JsonObject().put("slug", slug).put("name", "Group " + slug)
        .put("groupMembers", names));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return slug;
  }

  /** {@code manager} (the firm's owner, a facilitator, an admin) adds {@code member} to the group space. */
  public void addToSpace(TestHttp manager, String space, TestHttp member) {
    Resp r = manager.put("/api/spaces/" + space + "/members/" + username(member), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** The firm's owner names {@code member} facilitator of the space until {@code termEndsAt}. */
  public JsonObject nameFacilitator(TestHttp owner, String space, TestHttp member, java.time.Instant termEndsAt) {
    Resp r = owner.put("/api/spaces/" + space + "/facilitators/" + username(member),
        new JsonObject().put("termEndsAt", termEndsAt.toString()));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /**
   * Credits the facilitator terms that ended served, as the periodic job does, from {@code sweeps}
   * sweeps at once; answers how many terms they credited together.
   */
  public int creditServedTerms(int sweeps) {
    List<io.vertx.core.Future<Integer>> all = new ArrayList<>();
    for (int i = 0; i < sweeps; i++) {
      all.add(server().server().app().facilitation().creditServedTerms());
    }
    return await(io.vertx.core.Future.all(all)).<Integer>list().stream().mapToInt(Integer::intValue).sum();
  }

  /** The space's moderation log as {@code who} reads it (its entries, newest first). */
  public JsonArray spaceLog(TestHttp who, String space) {
    Resp r = who.get("/api/spaces/" + space + "/log?limit=100");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.items();
  }

  // ---- Forum

  /** A space made by the admin; {@code visibility} public, members or group (with these usernames). */
  public JsonObject space(String slug, String visibility, String... groupMembers) {
    JsonObject req = new JsonObject().put("slug", slug).put("name", "Space " + slug).put("description", "About " + slug)
        .put("visibility", visibility);
    if (groupMembers.length > 0) {
      req.put("groupMembers", new JsonArray(List.of((Object[]) groupMembers)));
    }
    Resp r = admin().post("/api/spaces", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Starts a thread; answers the thread JSON, with its first post under "firstPost". */
  public JsonObject thread(TestHttp who, String space, String title) {
    return thread(who, space, title, "Opening of " + title);
  }

  public JsonObject thread(TestHttp who, String space, String title, String body) {
    Resp r = who.post("/api/threads", new JsonObject().put("space", space).put("title", title).put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  public JsonObject reply(TestHttp who, long threadId, String body) {
    return reply(who, threadId, null, body);
  }

  /** A reply to the thread, or under the post {@code parentId} when it is not null. */
  public JsonObject reply(TestHttp who, long threadId, Long parentId, String body) {
    JsonObject req = new JsonObject().put("body", body);
    if (parentId != null) {
      req.put("parentId", parentId);
    }
    Resp r = who.post("/api/threads/" + threadId + "/posts", req);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** The post as the given caller reads it. */
  public JsonObject post(TestHttp who, long postId) {
    Resp r = who.get("/api/posts/" + postId);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** Every post of a thread in the given order, following cursors. */
  public List<JsonObject> allPosts(TestHttp who, long threadId, String order, int pageSize) {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    do {
      Resp r = who.get("/api/threads/" + threadId + "/posts?order=" + order + "&limit=" + pageSize
          + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.items().forEach(o -> out.add((JsonObject) o));
      cursor = r.json().getString("nextCursor");
    } while (cursor != null);
    return out;
  }

  // ---- Challenges and ideas

  public static String inDays(int days) {
    return OffsetDateTime.now(ZoneOffset.UTC).plusDays(days).withNano(0).toString();
  }

  /** A complete brief of the firm {@code org}, closing in 30 days. */
  public static JsonObject brief(String org) {
    return new JsonObject()
        .put("org", org)
        .put("title", "Lighter tents for long trails")
        .put("summary", "Cut the weight of our 2-person tent without losing storm stability.")
        .put("problem", "Our **Trailhead 2** weighs 2.4 kg. <script>alert(1)</script>")
        .put("desiredOutcomes", "- under 1.6 kg\n- same wind rating")
        .put("constraints", "Recycled fabrics only.")
        .put("criteria", new JsonArray()
            .add(new JsonObject().put("name", "Weight saved").put("weight", 3))
            .add(new JsonObject().put("name", "Cost").put("weight", 1.5)))
        .put("reward", "EUR 5,000 and a prototype")
        .put("ipTerms", "You keep authorship; Acme gets a licence to build it.")
        .put("closesAt", inDays(30));
  }

  /** A draft challenge of the firm, its brief with {@code overrides}; returns its JSON. */
  public JsonObject draftChallenge(TestHttp member, String org, JsonObject overrides) {
    Resp r = member.post("/api/challenges", brief(org).mergeIn(overrides));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** A challenge of the firm, drafted and opened; returns its id. */
  public long openChallenge(TestHttp member, String org, JsonObject overrides) {
    long id = draftChallenge(member, org, overrides).getLong("id");
    moveChallenge(member, id, "open");
    return id;
  }

  /** Moves the challenge to the phase {@code to}. */
  public void moveChallenge(TestHttp member, long id, String to) {
    Resp r = member.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", to));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getString("phase")).isEqualTo(to);
  }

  public static JsonObject idea(String title) {
    return new JsonObject().put("title", title).put("pitch", "Pitch of " + title)
        .put("body", "Details of *" + title + "*").put("acceptTerms", true);
  }

  /** An idea submitted to the challenge; returns its JSON. */
  public JsonObject submitIdea(TestHttp author, long challengeId, String title) {
    Resp r = author.post("/api/challenges/" + challengeId + "/ideas", idea(title));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  // ---- Moderation

  public Resp flag(TestHttp who, long postId, String reason) {
    return who.post("/api/posts/" + postId + "/flags", new JsonObject().put("reason", reason));
  }

  public static JsonObject action(String action, String targetType, long targetId, String reason) {
    return new JsonObject().put("action", action).put("targetType", targetType).put("targetId", targetId).put("reason", reason);
  }

  public Resp act(TestHttp who, JsonObject action) {
    return who.post("/api/moderation/actions", action);
  }

  /** The newest log entry, as moderators read it. */
  public JsonObject latestLogEntry() {
    Resp r = mod().get("/api/moderation/log?limit=1");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonArray items = r.items();
    assertThat(items).isNotEmpty();
    return items.getJsonObject(0);
  }

  public long logRows() {
    return count("select count(*) from moderation_log");
  }

  // ---- Notifications

  /** Every notification of the member, newest first. */
  public List<JsonObject> notifications(TestHttp who) {
    Resp r = who.get("/api/notifications?limit=100");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.items().forEach(o -> out.add((JsonObject) o));
    return out;
  }

  public int unread(TestHttp who) {
    Resp r = who.get("/api/notifications?limit=1");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getInteger("unreadCount");
  }

  /** Sets the member's watch level on a thread, space or challenge ({@code path} is its API path). */
  public void watch(TestHttp who, String path, String level) {
    Resp r = who.put(path + "/watch", new JsonObject().put("level", level));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  // ---- The database underneath

  /** The first column of the first row, as a number. */
  public long count(String sql) {
    return TestDatabase.queryLong(server().dbUrl(), sql);
  }

  /** The first column of every row, as text. */
  public List<String> strings(String sql) {
    DbTarget t = DbTarget.parse(server().dbUrl());
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void exec(String sql) {
    TestDatabase.execOn(server().dbUrl(), sql);
  }

  /** Live events of a topic, oldest first, straight from the outbox. */
  public List<JsonObject> events(String topic) {
    List<JsonObject> out = new ArrayList<>();
    DbTarget t = DbTarget.parse(server().dbUrl());
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
        PreparedStatement st = c.prepareStatement("select type, data::text from events where topic = ? order by id")) {
      st.setString(1, topic);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("type", rs.getString(1)).put("data", new JsonObject(rs.getString(2))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Waits until the query answers {@code expected} (for writes done on the side of a request). */
  public void awaitCount(String sql, long expected) {
    Eventually.until(Eventually.LIMIT, () -> count(sql) == expected, () -> sql + " answers " + count(sql) + ", not " + expected);
  }

  // ---- Rows written straight in SQL, for tests of the layers below the API (live topics)

  public long userRow(String username) {
    return count("insert into users (username, email, display_name, password_hash) values ('" + username + "', '" + username
        + "@example.test', '" + username + "', 'x') returning id");
  }

  public long spaceRow(String slug, String visibility) {
    return count("insert into spaces (slug, name, visibility) values ('" + slug + "', '" + slug + "', '" + visibility
        + "') returning id");
  }

  public long threadRow(long spaceId, long authorId) {
    return count("insert into threads (space_id, title, author_id) values (" + spaceId + ", 'a thread', " + authorId
        + ") returning id");
  }

  public void spaceMemberRow(long spaceId, long userId) {
    exec("insert into space_members (space_id, user_id) values (" + spaceId + ", " + userId + ")");
  }

  // ---- Many members at once

  /** Sends one JSON request with a bearer token through a shared client (for many users at once). */
  public static Resp send(TestHttp client, String token, String method, String path, JsonObject body) {
    HttpRequest.Builder b = client.builder(path).header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return client.send(b);
  }

  /** Runs n tasks on a pool of workers, all started together; answers their results in order. */
  public static <T> List<T> parallel(int n, int workers, IntFunction<T> task) {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        futures.add(pool.submit(() -> task.apply(k)));
      }
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String md5Uuid(String s) {
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
      return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
          + hex.substring(20);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HS256 JWT with the key TestServer configures. */
  private static String sign(JsonObject payload) {
    try {
      Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
      String head = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String body = enc.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return head + "." + body + "." + enc.encodeToString(mac.doFinal((head + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- Support stages and budgets (issue #20)

  /** LEGO Ideas' first two stages, scaled: 100 supporters within 60 days, then 200 (the threshold) within 365 more. */
  public static JsonArray twoStages() {
    return new JsonArray()
        .add(new JsonObject().put("supporters", 100).put("withinDays", 60))
        .add(new JsonObject().put("supporters", 200).put("withinDays", 365));
  }

  /**
   * An open challenge of the firm with these support stages ({@code []} for none) and budget (null
   * for none), its threshold the last stage's, closing two years after {@code now} (the nodes' clock)
   * so that moving that clock by months leaves it open.
   */
  public long stagedChallenge(TestHttp owner, String org, JsonArray stages, Integer budget, java.time.Instant now) {
    JsonObject overrides = new JsonObject().put("supportStages", stages).put("closesAt", now.plus(java.time.Duration.ofDays(730)).toString());
    if (!stages.isEmpty()) {
      overrides.put("supportThreshold", stages.getJsonObject(stages.size() - 1).getInteger("supporters"));
    }
    if (budget != null) {
      overrides.put("supportBudget", budget);
    }
    return openChallenge(owner, org, overrides);
  }

  /**
   * {@code n} new members (see {@link #membersViaSql}) who already support the idea, written straight
   * in the database with its count, as if they had: a test brings an idea next to a stage without a
   * hundred requests. Answers the members' tokens.
   */
  public List<String> supportersViaSql(long ideaId, String prefix, int n) {
    String unique = unique(prefix) + "x";
    List<String> tokens = membersViaSql(unique, n);
    exec("insert into idea_supports (idea_id, user_id) select " + ideaId + ", id from users where username like '" + unique
        + "%'; update ideas set support_count = (select count(*) from idea_supports where idea_id = " + ideaId
        + ") where id = " + ideaId);
    return tokens;
  }

  /** {@code n} ideas of the challenge by the author, written straight in the database (no threads); their ids. */
  public List<Long> ideasViaSql(long challengeId, long authorId, int n) {
    exec("insert into ideas (challenge_id, author_id, title, pitch, body, html) select " + challengeId + ", " + authorId
        + ", 'Budget idea ' || g, 'Pitch', 'Body', '<p>Body</p>' from generate_series(1, " + n + ") g");
    List<Long> ids = new ArrayList<>();
    strings("select id from ideas where challenge_id = " + challengeId + " and author_id = " + authorId
        + " and title like 'Budget idea %' order by id").forEach(id -> ids.add(Long.parseLong(id)));
    return ids;
  }

  // ---- Results and the next round (issue #20, task R)

  /** A challenge of the firm with the ideas {@code titles} (by {@code author}), moved on to decided; returns its id. */
  public long decidedChallenge(TestHttp firm, String org, TestHttp author, String... titles) {
    long id = openChallenge(firm, org, new JsonObject());
    for (String title : titles) {
      submitIdea(author, id, title);
    }
    moveChallenge(firm, id, "review");
    moveChallenge(firm, id, "decided");
    return id;
  }

  /** The ids of the challenge's ideas, oldest first. */
  public List<Long> ideaIds(long challengeId) {
    return strings("select id from ideas where challenge_id = " + challengeId + " order by id").stream().map(Long::parseLong)
        .toList();
  }

  /** A result the firm records for the challenge, carrying out {@code ideaIds}; returns its JSON. */
  public JsonObject recordResult(TestHttp firm, long challengeId, String title, List<Long> ideaIds) {
    Resp r = firm.post("/api/challenges/" + challengeId + "/results", new JsonObject().put("title", title)
        .put("owner", "Packaging team").put("ideaIds", new JsonArray(new ArrayList<>(ideaIds)))
        .put("milestones", new JsonArray().add(new JsonObject().put("title", "Pilot").put("due", "2027-03-31"))));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** A progress update the firm posts on the result; returns the result's JSON. */
  public JsonObject updateResult(TestHttp firm, long resultId, int progress, String status, String note) {
    Resp r = firm.post("/api/results/" + resultId + "/updates",
        new JsonObject().put("progress", progress).put("status", status).put("note", note));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  // Page cache (issue #23): what only the pages change, done as a member's browser does it.

  /** A browser signed in as {@code username} (registered by {@link #member}) through the sign-in form. */
  public TestHttp browser(String username) {
    TestHttp b = node.get().http();
    b.getHtml("/login");
    Resp r = b.form("/login", Map.of("login", username, "password", TestHttp.PASSWORD, "_csrf", b.cookie("cc_csrf")));
    assertThat(r.status()).as(r.toString()).isEqualTo(303);
    return b;
  }

  /** The member's display name, changed on their settings page. */
  public void rename(String username, String displayName) {
    TestHttp b = browser(username);
    Resp r = b.form("/settings/profile", Map.of("_csrf", b.cookie("cc_csrf"), "displayName", displayName, "bio", ""));
    assertThat(r.status()).as(r.toString()).isEqualTo(303);
  }

  // ---- Co-design (issue #22): iterations, co-authors, amendments, credits

  /** An open challenge of a new firm and an idea in it by {@code author}; answers the idea's JSON. */
  public JsonObject ideaToCodesign(TestHttp firmOwner, TestHttp author, String title) {
    String org = unique("codesign").replace("_", "-");
    Resp made = firmOwner.post("/api/orgs", new JsonObject().put("slug", org).put("name", "Firm " + org));
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    long challenge = openChallenge(firmOwner, org, new JsonObject());
    return submitIdea(author, challenge, title);
  }

  /** A new iteration of the idea by one of its authors; answers it. */
  public JsonObject iterate(TestHttp author, long ideaId, String summary, String body) {
    Resp r = author.post("/api/ideas/" + ideaId + "/iterations", new JsonObject().put("summary", summary).put("body", body));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** {@code invitee} invited by {@code author} and, when {@code accept}, a co-author. */
  public void coauthor(TestHttp author, long ideaId, TestHttp invitee, boolean accept) {
    Resp r = author.post("/api/ideas/" + ideaId + "/coauthors", new JsonObject().put("username", username(invitee)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    if (accept) {
      Resp a = invitee.post("/api/ideas/" + ideaId + "/coauthors/accept", new JsonObject());
      assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }
  }

  /** An open amendment to the idea; answers it. */
  public JsonObject amend(TestHttp who, long ideaId, String body, String note) {
    Resp r = who.post("/api/ideas/" + ideaId + "/amendments", new JsonObject().put("body", body).put("note", note));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** The idea's credit ledger as {@code who} reads it. */
  public List<JsonObject> credits(TestHttp who, long ideaId) {
    Resp r = who.get("/api/ideas/" + ideaId + "/credits");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<JsonObject> out = new ArrayList<>();
    r.items().forEach(o -> out.add((JsonObject) o));
    return out;
  }

  /** The authors' split of the idea's reward, a whole percent per username; answers the split. */
  public JsonObject proposeSplit(TestHttp author, long ideaId, Map<String, Integer> percent) {
    JsonObject shares = new JsonObject();
    percent.forEach(shares::put);
    Resp r = author.put("/api/ideas/" + ideaId + "/split", new JsonObject().put("shares", shares));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** {@code who}, named in the idea's split, consents to it; answers the split. */
  public JsonObject consentSplit(TestHttp who, long ideaId) {
    Resp r = who.post("/api/ideas/" + ideaId + "/split/consent", new JsonObject());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** The firm's answer moving the idea to {@code status}, as the API answers it. */
  public Resp answerIdea(TestHttp firm, long ideaId, String status) {
    return firm.post("/api/ideas/" + ideaId + "/status", new JsonObject().put("status", status).put("note", "Now " + status));
  }

  /** The firm takes the idea through review to the shortlist, one answer at a time. */
  public void shortlist(TestHttp firm, long ideaId) {
    for (String status : List.of("in_review", "shortlisted")) {
      Resp r = answerIdea(firm, ideaId, status);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
  }

  // ---- Jury evaluation (issue #20, wt-jury)

  /** A challenge of the firm with the given ideas (by {@code author}), moved to review; answers its id and the ideas' ids. */
  public record Reviewed(long challengeId, List<Long> ideaIds) {}

  public Reviewed challengeInReview(TestHttp firm, String org, JsonObject overrides, TestHttp author, String... titles) {
    long id = openChallenge(firm, org, overrides);
    List<Long> ideas = new ArrayList<>();
    for (String t : titles) {
      ideas.add(submitIdea(author, id, t).getLong("id"));
    }
    moveChallenge(firm, id, "review");
    return new Reviewed(id, ideas);
  }

  /** The firm names the challenge's judges (the whole jury); answers the jury's JSON. */
  public JsonObject nameJury(TestHttp firm, long challengeId, TestHttp... judges) {
    JsonArray names = new JsonArray();
    for (TestHttp j : judges) {
      names.add(username(j));
    }
    Resp r = firm.put("/api/challenges/" + challengeId + "/jury", new JsonObject().put("judges", names));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** A judge's scores of an idea ({@code criterion, score, criterion, score...}) with a note, as sent. */
  public static Resp score(TestHttp judge, long ideaId, String note, Object... criterionThenScore) {
    JsonObject scores = new JsonObject();
    for (int i = 0; i < criterionThenScore.length; i += 2) {
      scores.put((String) criterionThenScore[i], criterionThenScore[i + 1]);
    }
    return judge.put("/api/ideas/" + ideaId + "/score", new JsonObject().put("scores", scores).put("note", note));
  }

  /** The same member signed in through the login form, as a browser is: session cookie and CSRF token. */
  public TestHttp browser(TestHttp member) {
    return browser(username(member));
  }

  /** A page form posted by a signed-in browser, with its CSRF token. */
  public static Resp postForm(TestHttp browser, String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("_csrf", browser.cookie("cc_csrf"));
    return browser.form(path, all);
  }

  // Reputation (issue #21): members' earned points, votes, and a generated community for the recompute.

  /**
   * A ledger row written straight in the database, {@code daysAgo} days back, and the member's total
   * moved by it, as {@code ReputationLedger.earn} would have done then; the row is placed in its
   * challenge and space by the ledger's trigger, from {@code source}.
   */
  public void ledgerRowViaSql(String username, String kind, String category, int points, String source, int daysAgo) {
    exec("insert into reputation_ledger (user_id, kind, category, points, source, created_at) select id, '" + kind + "', '"
        + category + "', " + points + ", '" + source + "', now() - interval '" + daysAgo + " days' from users where username = '"
        + username + "'; update users set reputation = reputation + " + points + " where username = '" + username + "'");
  }

  /** The admin changes the site settings ({@code PUT /api/admin/settings}); answers the response. */
  public Resp settings(JsonObject change) {
    return admin().put("/api/admin/settings", change);
  }

  /** The member's {@code GET /api/users/{u}}: {@code reputation} and {@code reputationBreakdown}. */
  public JsonObject reputation(String username) {
    Resp r = server().http().get("/api/users/" + username);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  public int reputationOf(String username) {
    return reputation(username).getInteger("reputation");
  }

  /** Sets the member's vote on a post (1, -1, 0 for none); answers the response. */
  public Resp vote(TestHttp who, long postId, int value) {
    return who.put("/api/posts/" + postId + "/vote", new JsonObject().put("value", value));
  }

  /**
   * A community of {@code members} members (named {@code prefix} + n) and 20,000 earning events,
   * written fast: the events' source rows in bulk SQL, and the reputation for each through the same
   * {@link ReputationLedger} calls the services make in their transactions (a vote's re-decision after
   * each round of votes, one earn per idea event and per upheld flag). Votes come in 40 rounds of 400,
   * some withdrawn or turned down later; members 0 to 99 form 50 pairs who only upvote each other, and
   * later 25 of those pairs vote for a third member, 10 of whom then withdraw it.
   */
  public void generateReputationCommunity(String prefix, int members, long seed) {
    Random random = new Random(seed);
    exec("""
        insert into users (username, email, display_name, password_hash)
        select '%1$s' || g, '%1$s' || g || '@example.test', 'Member ' || g, 'no password' from generate_series(0, %2$d) g order by g
        """.formatted(prefix, members - 1));
    long[] ids = new long[members];
    List<String> idRows = strings("select id from users where username like '" + prefix + "%' order by substr(username, "
        + (prefix.length() + 1) + ")::int");
    for (int m = 0; m < members; m++) {
      ids[m] = Long.parseLong(idRows.get(m));
    }
    long space = spaceRow(unique("genspace").replace('_', '-'), "public");
    long thread = threadRow(space, ids[0]);
    int postCount = 3000;
    exec("""
        insert into posts (thread_id, depth, path, author_id, body, html)
        select %1$d, 1, '{}', (select id from users where username = '%2$s' || (g %% %3$d)), 'b', '<p>b</p>'
          from generate_series(0, %4$d) g order by g
        """.formatted(thread, prefix, members, postCount - 1));
    long firstPost = count("select min(id) from posts where thread_id = " + thread);
    // Post n (from firstPost) is by member n % members.
    ReputationLedger ledger = new ReputationLedger();
    Database db = server().server().app().db();
    // 40 rounds of 400 votes, applied and re-decided eight rounds at a time: the ledger re-decides a
    // voter's upvotes whole, so how often it runs does not change the sums, and five passes instead of
    // forty keep this generator from dominating the test run (it took 46 s). Rounds 20 (votes) and 30
    // (the same votes withdrawn) fall in different passes, so withdrawals are re-decided too.
    Map<String, Integer> votes = new LinkedHashMap<>();
    for (int round = 0; round < 40; round++) {
      for (int k = 0; k < 400; k++) {
        int voter;
        long post;
        int value;
        if (round < 10 && k < 50) {
          // A mutual pair: member 2k votes a post of 2k+1 and the other way round.
          int a = 2 * k + (round % 2);
          int b = a % 2 == 0 ? a + 1 : a - 1;
          voter = a;
          post = firstPost + b + (long) members * random.nextInt(postCount / members);
          value = 1;
        } else if (round == 20 && k < 25) {
          voter = 2 * k;
          post = firstPost + 500 + k;
          value = 1;
        } else if (round == 30 && k < 10) {
          voter = 2 * k;
          post = firstPost + 500 + k;
          value = 0;
        } else {
          voter = 100 + random.nextInt(members - 100);
          post = firstPost + random.nextInt(postCount);
          int roll = random.nextInt(10);
          value = roll < 7 ? 1 : roll < 9 ? 0 : -1;
        }
        if ((post - firstPost) % members == voter) {
          continue; // a self-vote: the API refuses it
        }
        votes.put(post + ":" + ids[voter], value);
      }
      if (round % 8 != 7) {
        continue;
      }
      StringBuilder upserts = new StringBuilder();
      Set<Long> voters = new LinkedHashSet<>();
      votes.forEach((key, value) -> {
        String[] pv = key.split(":");
        voters.add(Long.parseLong(pv[1]));
        upserts.append(value == 0
            ? "delete from post_votes where post_id = " + pv[0] + " and user_id = " + pv[1] + ";\n"
            : "insert into post_votes (post_id, user_id, value) values (" + pv[0] + ", " + pv[1] + ", " + value
                + ") on conflict (post_id, user_id) do update set value = excluded.value;\n");
      });
      exec(upserts.toString());
      await(db.tx(tx -> {
        // Sent all at once: the transaction's one connection runs them in order, without waiting a
        // round trip for each (thousands of ledger calls).
        List<io.vertx.core.Future<?>> sent = new ArrayList<>();
        for (long voter : voters) {
          sent.add(ledger.resyncVotes(tx, voter));
        }
        return io.vertx.core.Future.all(sent).mapEmpty();
      }));
      votes.clear();
    }
    // Ideas: 1,500 reach their threshold, 1,000 are shortlisted, 400 of those accepted, 100 implemented.
    String org = org(member(unique("genfirm")));
    long orgId = count("select id from orgs where slug = '" + org + "'");
    long challenge = count("""
        insert into challenges (org_id, title, summary, problem, problem_html, desired_outcomes, desired_outcomes_html,
                                criteria, ip_terms, ip_terms_html, closes_at, phase, created_by)
        values (%d, 'Generated', 's', 'p', '<p>p</p>', 'd', '<p>d</p>', '[]', 'ip', '<p>ip</p>', now() + interval '9 days',
                'open', %d) returning id""".formatted(orgId, ids[0]));
    exec("""
        insert into ideas (challenge_id, author_id, title, pitch, body, html)
        select %1$d, (select id from users where username = '%2$s' || (g %% %3$d)), 'Idea ' || g, 'p', 'b', '<p>b</p>'
          from generate_series(0, 1499) g order by g
        """.formatted(challenge, prefix, members));
    List<String> ideaRows = strings("select id || ':' || author_id from ideas where challenge_id = " + challenge + " order by id");
    exec("update ideas set threshold_reached_at = now(), status = 'in_review' where challenge_id = " + challenge);
    String[] statuses = {"shortlisted", "accepted", "implemented"};
    int[] reach = {1000, 400, 100};
    ReputationKind[] kinds = {ReputationKind.IDEA_SHORTLISTED, ReputationKind.IDEA_ACCEPTED, ReputationKind.IDEA_IMPLEMENTED};
    for (int st = 0; st < 3; st++) {
      exec("insert into idea_responses (idea_id, status, note, by_id) select id, '" + statuses[st] + "', 'n', " + ids[0]
          + " from ideas where challenge_id = " + challenge + " and id < (select min(id) from ideas where challenge_id = "
          + challenge + ") + " + reach[st]);
    }
    await(db.tx(tx -> {
      List<io.vertx.core.Future<?>> sent = new ArrayList<>();
      for (int n = 0; n < ideaRows.size(); n++) {
        String[] ia = ideaRows.get(n).split(":");
        long idea = Long.parseLong(ia[0]);
        long author = Long.parseLong(ia[1]);
        sent.add(ledger.earn(tx, author, ReputationKind.IDEA_THRESHOLD, "idea:" + idea).mapEmpty());
        for (int st = 0; st < 3; st++) {
          if (n < reach[st]) {
            ReputationKind kind = kinds[st];
            sent.add(ledger.earn(tx, author, kind, "idea:" + idea).mapEmpty());
          }
        }
      }
      return io.vertx.core.Future.all(sent).mapEmpty();
    }));
    // Flags: 1,000 upheld on 700 posts (300 posts flagged twice), each post costing its author once.
    StringBuilder flags = new StringBuilder();
    List<long[]> upheld = new ArrayList<>();
    for (int f = 0; f < 1000; f++) {
      int n = f < 700 ? f : f - 700;
      long post = firstPost + 1000 + n;
      long author = ids[(1000 + n) % members];
      long flagger = ids[(int) ((author + 1 + f) % members)];
      flags.append("insert into flags (target_type, target_id, target_author_id, flagger_id, reason, state, handled_by, handled_at)"
          + " values ('post', " + post + ", " + author + ", " + flagger + ", 'spam', 'resolved', " + ids[0] + ", now());\n");
      upheld.add(new long[] {author, post});
    }
    exec(flags.toString());
    await(db.tx(tx -> {
      List<io.vertx.core.Future<?>> sent = new ArrayList<>();
      for (long[] ap : upheld) {
        sent.add(ledger.earn(tx, ap[0], ReputationKind.FLAG_UPHELD, "post:" + ap[1]).mapEmpty());
      }
      return io.vertx.core.Future.all(sent).mapEmpty();
    }));
  }

  /** Every member's total and breakdown, one line each, from users.reputation and the ledger. */
  public List<String> reputationSnapshot() {
    return strings("""
        select u.id || ' ' || u.reputation || ' ' || coalesce(string_agg(l.category || '=' || l.points, ',' order by l.category), '')
          from users u left join (select user_id, category, sum(points) as points from reputation_ledger group by user_id, category) l
            on l.user_id = u.id
         group by u.id order by u.id""");
  }

  /** Runs the recompute as the command does; answers how many totals it corrected. */
  public int recomputeReputation() {
    return await(server().server().app().reputation().recompute());
  }

  // ---- Uploads (images and PDFs) and an iteration's attachments

  /** A small whole PDF, one page saying {@code text}: what a member's tool would export. */
  public static byte[] pdf(String text) {
    String doc = "%PDF-1.4\n"
        + "1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        + "2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
        + "3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>> endobj\n"
        + "4 0 obj <</Length " + (text.length() + 30) + ">> stream\nBT /F1 12 Tf 20 100 Td (" + text + ") Tj ET\nendstream endobj\n"
        + "trailer <</Root 1 0 R>>\n%%EOF\n";
    return doc.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code POST /api/uploads} of one file (field {@code file}), as {@code who}; answers as it was answered. */
  public static Resp upload(TestHttp who, String fileName, String partType, byte[] content) {
    return multipart(who, "/api/uploads", Map.of(), fileName, partType, content);
  }

  /** A file {@code who} uploaded; answers the upload's JSON (its {@code url} is what an iteration attaches). */
  public static JsonObject uploaded(TestHttp who, String fileName, String partType, byte[] content) {
    Resp r = upload(who, fileName, partType, content);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /**
   * A {@code multipart/form-data} post of {@code fields} and, unless {@code fileName} is null, one file
   * in the field {@code file}: what a browser sends for a form with a file input.
   */
  public static Resp multipart(TestHttp who, String path, Map<String, String> fields, String fileName, String partType,
      byte[] content) {
    String boundary = "----cocreate-form-" + Long.toHexString(System.nanoTime());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    fields.forEach((k, v) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v
        + "\r\n").getBytes(StandardCharsets.UTF_8)));
    if (fileName != null) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
          + "\"\r\nContent-Type: " + partType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(content);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return who.send(who.builder(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
  }

  /** A new iteration of the idea attaching these uploads' addresses; answers as it was answered. */
  public Resp iterateWith(TestHttp author, long ideaId, String summary, String body, String... attachments) {
    return author.post("/api/ideas/" + ideaId + "/iterations", new JsonObject().put("summary", summary).put("body", body)
        .put("attachments", new JsonArray(List.of((Object[]) attachments))));
  }

  private static <T> T await(io.vertx.core.Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- Recommendations (issue #21)

  /**
   * {@code n} new members (see {@link #membersViaSql}) who each support every one of {@code ideaIds},
   * written straight in the database with the ideas' counts: the co-supporters a recommendation
   * counts. Answers the members' tokens.
   */
  public List<String> coSupportersViaSql(String prefix, int n, long... ideaIds) {
    String unique = unique(prefix) + "x";
    List<String> tokens = membersViaSql(unique, n);
    for (long ideaId : ideaIds) {
      exec("insert into idea_supports (idea_id, user_id) select " + ideaId + ", id from users where username like '" + unique
          + "%'; update ideas set support_count = (select count(*) from idea_supports where idea_id = " + ideaId
          + ") where id = " + ideaId);
    }
    return tokens;
  }

  /**
   * {@code n} new members (see {@link #membersViaSql}) who each reply once in the discussion of every
   * one of {@code ideaIds} (their threads' opening posts answered), written straight in the database:
   * the co-participants a recommendation counts. Answers the members' tokens.
   */
  public List<String> repliersViaSql(String prefix, int n, long... ideaIds) {
    String unique = unique(prefix) + "x";
    List<String> tokens = membersViaSql(unique, n);
    for (long ideaId : ideaIds) {
      exec("""
          with r as (select nextval('posts_id_seq') as id, u.id as author from users u where u.username like '%1$s%%')
          insert into posts (id, thread_id, parent_id, depth, path, author_id, body, html)
          select r.id, t.id, t.first_post_id, 1, array[t.first_post_id, r.id], r.author, 'Agreed.', '<p>Agreed.</p>'
          from r, threads t where t.idea_id = %2$d""".formatted(unique, ideaId));
    }
    return tokens;
  }
}
