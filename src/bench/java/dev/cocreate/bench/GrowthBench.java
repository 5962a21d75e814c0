package dev.cocreate.bench;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.db.EmbeddedPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * How costs grow with the community (issue #23): a generated community built in steps (10 k, 100 k
 * and 1 M posts by default, with members, challenges, ideas, supports and notifications in the
 * issue's proportions), and at each step the same reads and writes measured from outside over
 * HTTP, then every statement they ran captured with its executed plan (PostgreSQL's auto_explain).
 *
 * <p>The measured things keep their own size while the community grows around them, because that
 * is the question: does a thread of 200 posts, a space's first page, a challenge with 200 ideas, a
 * search for a specific term, a member's notifications, a support and a reply cost the same in a
 * community of 10 k posts as in one of 1 M? (A search for a word in every fortieth post is
 * reported too, as what it is: its matches grow with the community.)
 *
 * <p>One class because the generator, the load and the plan capture share one server, one
 * cluster and the ids the generator made; split, each would need all of them passed around.
 */
public final class GrowthBench {
  private static final String JWT = "growth-secret-growth-secret-growth-secret-0123";
  private static final String PASSWORD = "growth-admin-password";
  private static final String MEMBER_PASSWORD = "growth-member-password";
  /** The community at scale 1.0: 1 M posts. */
  private static final int FULL_POSTS = 1_000_000;
  private static final int FULL_MEMBERS = 50_000;
  private static final int FULL_CHALLENGES = 500;
  private static final int FULL_IDEAS = 100_000;
  private static final int FULL_SUPPORTS = 1_000_000;
  private static final int FULL_NOTIFICATIONS = 2_000_000;
  private static final int FULL_THREADS = 50_000;
  /** Besides the figures, what a community of that size also holds, so that no table is empty by accident. */
  private static final int FULL_ORGS = 100;
  private static final int FULL_VOTES = 500_000;
  private static final int MEMBERS_PER_GROUP_SPACE = 100;
  private static final int SPACES = 20;
  /** Words of generated text; every fortieth post carries each. */
  private static final String[] WORDS = {"solar", "water", "battery", "packaging", "delivery", "recycling", "sensor",
      "bicycle", "kitchen", "charging", "garden", "lighting", "payment", "routing", "insulation", "pump", "filter",
      "cargo", "compost", "window", "tool", "repair", "rental", "school", "clinic", "bakery", "farm", "harbour",
      "market", "bridge", "train", "ferry", "library", "museum", "theatre", "studio", "workshop", "warehouse",
      "laboratory", "kiosk"};
  /** The specific term of the search that should cost the same at every size: in 50 posts only. */
  private static final String RARE_TERM = "heliostat";
  /**
   * Tables that do not grow with a community, whatever the generator wrote into them: a sequential
   * scan of these is not a finding. Every other table is judged by its rows: one that grew less
   * than twofold from the smallest step to the largest does not grow with the community here.
   */
  private static final Set<String> SMALL_TABLES = Set.of("spaces", "site_settings", "job_runs", "flyway_schema_history",
      "webhooks", "invites");

  private final List<Integer> steps = new ArrayList<>(List.of(10_000, 100_000, 1_000_000));
  private int warmupSeconds = 2;
  private int measureSeconds = 6;
  private int readClients = 4;
  private int writeClients = 2;

  private final Path out = Path.of("bench", "results");
  private final String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(LocalDateTime.now());
  private Path work;
  private Path data;
  private Process server;
  private int port;
  private EmbeddedPostgres pg;
  private Vertx vertx;
  private Pool db;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private String adminToken;
  private final List<String> memberTokens = new ArrayList<>();
  private String notifiedToken;

  // What the measured requests address; made once, before the first step.
  private long orgId;
  private long adminId;
  private long ideasSpaceId;
  private long[] spaceIds;
  private long fixedThread;
  private long fixedChallenge;
  private long notifiedMember;

  private final Map<Integer, Map<String, Figures>> results = new LinkedHashMap<>();
  private final Map<Integer, Map<String, List<PlanCheck>>> plans = new LinkedHashMap<>();
  private final Map<Integer, Map<String, Long>> counts = new LinkedHashMap<>();
  private final Map<Integer, Double> buildSeconds = new LinkedHashMap<>();

  record Figures(double p50, double p99, double perSecond, long requests, long failed) {}

  /** Rows of every table at the first and the last step, to tell the tables that grow from those that do not. */
  private final Map<String, Long> firstStepRows = new HashMap<>();
  private final Map<String, Long> lastStepRows = new HashMap<>();

  /** One statement a request ran, the scans its plan used, and what of it is a finding. */
  record PlanCheck(String query, List<String> scans, List<String> seqScansOfGrowingTables) {}

  public static void main(String[] args) throws Exception {
    GrowthBench b = new GrowthBench();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> {
          b.steps.clear();
          b.steps.addAll(List.of(10_000, 100_000));
          b.warmupSeconds = 1;
          b.measureSeconds = 3;
        }
        case "--steps" -> {
          b.steps.clear();
          for (String s : args[++i].split(",")) {
            b.steps.add(Integer.parseInt(s.trim()));
          }
        }
        case "--seconds" -> b.measureSeconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --quick, --steps 10000,100000 or --seconds N");
      }
    }
    b.steps.sort(Comparator.naturalOrder());
    Runtime.getRuntime().addShutdownHook(new Thread(b::stopServer));
    int code = 1;
    try {
      b.run();
      code = 0;
    } finally {
      b.shutdown();
    }
    System.exit(code);
  }

  void run() throws Exception {
    Files.createDirectories(out);
    String loadStart = Proc.loadavg();
    long started = System.nanoTime();
    startServer(false);
    attach();
    prepare();
    for (int posts : steps) {
      long t0 = System.nanoTime();
      growTo(posts);
      buildSeconds.put(posts, (System.nanoTime() - t0) / 1e9);
      counts.put(posts, tableCounts());
      Map<String, Long> rows = allTableRows();
      if (firstStepRows.isEmpty()) {
        firstStepRows.putAll(rows);
      }
      lastStepRows.clear();
      lastStepRows.putAll(rows);
      System.out.printf("%,d posts: community built in %.0f s: %s%n", posts, buildSeconds.get(posts), counts.get(posts));
      results.put(posts, measure());
      plans.put(posts, explain());
    }
    report(loadStart, (System.nanoTime() - started) / 1e9);
  }

  // ---- the server and the cluster

  private void startServer(boolean explaining) throws Exception {
    if (work == null) {
      work = Files.createTempDirectory(Path.of("/tmp"), "cocreate-growth-");
      // As root, PostgreSQL runs as 'nobody': the data directory must be reachable by it.
      Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
      data = work.resolve("data");
      Files.createDirectories(data);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
      port = ChildJvm.freePort();
    }
    Map<String, String> env = env();
    System.out.println("Starting Cocreate on port " + port + (explaining ? " (plans logged)" : ""));
    Path log = work.resolve(explaining ? "server-explain.log" : "server.log");
    server = ChildJvm.start("dev.cocreate.Launch", log, env, List.of());
    ChildJvm.awaitHttp("http://127.0.0.1:" + port + "/health/ready", 300, server, log);
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("COCREATE_DATA_DIR", data.toString());
    env.put("COCREATE_HTTP_HOST", "127.0.0.1");
    env.put("COCREATE_HTTP_PORT", String.valueOf(port));
    env.put("COCREATE_JWT_SECRET", JWT);
    env.put("COCREATE_RATE_LIMITS", "off");
    env.put("COCREATE_LOG_LEVEL", "WARN");
    env.put("COCREATE_MAX_CONNECTIONS_PER_IP", "0");
    env.put("COCREATE_ADMIN_PASSWORD", PASSWORD);
    return env;
  }

  private void stopServer() {
    Process p = server;
    if (p == null) {
      return;
    }
    // The launcher passes SIGTERM on to the server JVM, which stops its PostgreSQL cleanly.
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    server = null;
  }

  private void restartServer(boolean explaining) throws Exception {
    stopServer();
    startServer(explaining);
    // Bearer tokens are JWTs checked against sessions in the database: they survive a restart.
  }

  /** The cluster the server owns, attached to as create-admin does, to build the community in SQL. */
  private void attach() throws Exception {
    pg = EmbeddedPostgres.start(data);
    vertx = Vertx.vertx();
    db = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(DbTarget.parse(pg.postgresUrl("cocreate")).connectOptions().setReconnectAttempts(20).setReconnectInterval(500))
        .using(vertx).build();
    Process admin = ChildJvm.start("dev.cocreate.Main", work.resolve("create-admin.log"), env(), List.of("-Xmx256m"), "create-admin", "growthadmin");
    if (!admin.waitFor(120, TimeUnit.SECONDS) || admin.exitValue() != 0) {
      throw new IllegalStateException("create-admin failed: " + Files.readString(work.resolve("create-admin.log")));
    }
    adminToken = login("growthadmin", PASSWORD);
  }

  // ---- the community

  /** What does not grow: the org, the spaces, the measured thread, challenge and member. */
  private void prepare() throws Exception {
    long t0 = System.nanoTime();
    adminId = sqlLong("select id from users where username = 'growthadmin'");
    api("POST", "/api/orgs", adminToken, new JsonObject().put("slug", "growthco").put("name", "Growth Co").put("description", "Generated"));
    orgId = sqlLong("select id from orgs where slug = 'growthco'");
    for (int s = 1; s <= SPACES; s++) {
      api("POST", "/api/spaces", adminToken, new JsonObject().put("slug", "g" + s).put("name", "Space " + s).put("description", "")
          .put("visibility", "public"));
    }
    // Two group spaces, each with its members, as firms run private groups.
    for (int s = 1; s <= 2; s++) {
      api("POST", "/api/spaces", adminToken, new JsonObject().put("slug", "group" + s).put("name", "Group " + s).put("description", "")
          .put("visibility", "group").put("groupMembers", new JsonArray()));
    }
    spaceIds = sqlLongs("select id from spaces where slug like 'g%' order by id");
    ideasSpaceId = sqlLong("select id from spaces where slug = 'ideas'");
    // Every generated member signs in with one password: its hash is taken from a real registration.
    api("POST", "/api/auth/register", null, new JsonObject().put("username", "growthprobe").put("email", "probe@growth.example")
        .put("password", MEMBER_PASSWORD));
    addMembers(FULL_MEMBERS / 100);
    notifiedMember = sqlLong("select min(id) from users where username like 'gm%'");

    // The thread of 200 posts read at every size, made through the API as a member would.
    fixedThread = api("POST", "/api/threads", adminToken, new JsonObject().put("space", "g1").put("title", "The measured thread")
        .put("body", "Opening post of the thread every step reads.")).getLong("id");
    long parent = 0;
    for (int i = 1; i < 200; i++) {
      JsonObject reply = new JsonObject().put("body", "Reply " + i + " with **some** _markdown_ and a [link](https://example.org/" + i + ").");
      if (i % 3 != 1 && parent != 0) {
        reply.put("parentId", parent);
      }
      long id = api("POST", "/api/threads/" + fixedThread + "/posts", adminToken, reply).getLong("id");
      if (i % 3 == 1) {
        parent = id;
      }
    }
    // The challenge of 200 ideas and 2,000 supports read at every size.
    JsonObject challenge = api("POST", "/api/challenges", adminToken, new JsonObject().put("org", "growthco")
        .put("title", "The measured challenge").put("summary", "A challenge every step reads").put("problem", "What to measure")
        .put("desiredOutcomes", "Flat costs").put("constraints", "").put("criteria", new JsonArray().add(new JsonObject()
            .put("name", "Impact").put("weight", 1))).put("reward", "Thanks").put("ipTerms", "Ideas stay their authors'")
        .put("closesAt", java.time.Instant.now().plus(Duration.ofDays(365)).toString()).put("supportThreshold", 100_000));
    fixedChallenge = challenge.getLong("id");
    api("POST", "/api/challenges/" + fixedChallenge + "/transition", adminToken, new JsonObject().put("to", "open"));
    addIdeas(new long[] {fixedChallenge}, 1, 200);
    addSupportsTo(sqlLongs("select id from ideas where challenge_id = " + fixedChallenge), 2_000);
    // The member whose notifications are read: 200 of them, most read.
    // Unread ones are one per member, kind and thread (as the server keeps them): they name the ideas' threads.
    long[] ideaThreads = sqlLongs("select t.id from threads t join ideas i on i.id = t.idea_id where i.challenge_id = " + fixedChallenge
        + " order by t.id");
    sqlWith("""
        insert into notifications (user_id, kind, target_type, target_id, actor_id, count, data, created_at, updated_at, read_at)
        select $1, 'reply', 'thread', t, $2, 1, jsonb_build_object('title', 'An idea', 'threadId', t, 'url', '/t/' || t),
               now() - g * interval '1 hour', now() - g * interval '1 hour', case when g > 20 then now() end
        from (select g, ($3::bigint[])[1 + g % cardinality($3::bigint[])] t from generate_series(1, 200) g) s""",
        Tuple.of(notifiedMember, adminId, boxed(ideaThreads)));
    memberTokens.clear();
    for (String u : sqlStrings("select username from users where username like 'gm%' order by id limit 40")) {
      memberTokens.add(login(u, MEMBER_PASSWORD));
    }
    notifiedToken = memberTokens.get(0);
    System.out.printf("Measured thread %d, challenge %d, member %d ready in %.1f s%n", fixedThread, fixedChallenge, notifiedMember,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Adds members, threads, ideas, replies, supports and notifications up to {@code posts} posts in the proportions. */
  private void growTo(int posts) throws Exception {
    double scale = (double) posts / FULL_POSTS;
    addMembers(target(FULL_MEMBERS, scale) - (int) sqlLong("select count(*) from users where username like 'gm%'"));
    addOrgs(Math.max(1, target(FULL_ORGS, scale)) - (int) sqlLong("select count(*) from orgs where slug like 'gorg%'"));
    int challenges = target(FULL_CHALLENGES, scale) - (int) sqlLong("select count(*) from challenges where title like 'Growth challenge %'");
    addChallenges(challenges);
    long[] open = sqlLongs("select id from challenges where title like 'Growth challenge %' order by id");
    int ideas = target(FULL_IDEAS, scale) - (int) sqlLong("select count(*) from ideas where challenge_id <> " + fixedChallenge);
    addIdeas(open, (int) sqlLong("select count(*) from ideas") + 1, ideas);
    addThreads(target(FULL_THREADS, scale) - (int) sqlLong("select count(*) from threads where title like 'Growth thread %'"));
    addReplies(posts - (int) sqlLong("select count(*) from posts"));
    long[] growthIdeas = sqlLongs("select id from ideas where challenge_id <> " + fixedChallenge + " order by id");
    addSupportsTo(growthIdeas, target(FULL_SUPPORTS, scale) - (int) sqlLong("select count(*) from idea_supports"));
    addNotifications(target(FULL_NOTIFICATIONS, scale) - (int) sqlLong("select count(*) from notifications"));
    addVotes(target(FULL_VOTES, scale) - (int) sqlLong("select count(*) from post_votes"));
    addWatches();
    addSessions();
    addGroupMembers();
    addActivity();
    settleCounters();
    // Plans are chosen from statistics: after a bulk load they must be fresh, as autovacuum would make them.
    sql("vacuum analyze");
  }

  private static int target(int full, double scale) {
    return (int) Math.round(full * scale);
  }

  private void addMembers(int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long from = sqlLong("select count(*) from users where username like 'gm%'") + 1;
    sqlWith("insert into users (username, email, display_name, password_hash, trust_level, created_at) "
        + "select 'gm' || g, 'gm' || g || '@growth.example', 'Growth Member ' || g, "
        + "(select password_hash from users where username = 'growthprobe'), 2, now() - (g % 1000) * interval '1 hour' "
        + "from generate_series($1::bigint, $2::bigint) g", Tuple.of(from, from + n - 1));
  }

  private void addChallenges(int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long from = sqlLong("select count(*) from challenges where title like 'Growth challenge %'") + 1;
    sqlWith("insert into challenges (org_id, title, summary, problem, problem_html, desired_outcomes, desired_outcomes_html, "
        + "criteria, reward, ip_terms, ip_terms_html, closes_at, support_threshold, phase, created_by) "
        + "select $1, 'Growth challenge ' || g, 'Summary of challenge ' || g, 'Problem ' || g, '<p>Problem ' || g || '</p>', "
        + "'Outcomes', '<p>Outcomes</p>', '[{\"name\": \"Impact\", \"weight\": 1}]'::jsonb, 'A prize', 'Terms', '<p>Terms</p>', "
        + "now() + interval '365 days', 1000000, 'open', $2 from generate_series($3::bigint, $4::bigint) g",
        Tuple.of(orgId, adminId, from, from + n - 1));
    // Most challenges belong to the generated firms, a few to the measured one.
    sqlWith("update challenges c set org_id = o.ids[1 + c.id % cardinality(o.ids)] "
        + "from (select array_agg(id order by id) ids from orgs where slug like 'gorg%') o "
        + "where c.title like 'Growth challenge %' and c.org_id = $1 and c.id % 10 <> 0", Tuple.of(orgId));
  }

  /** Ideas, each with its discussion thread in the ideas space and that thread's opening post. */
  private void addIdeas(long[] challengeIds, int first, int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long[] members = sqlLongs("select id from users where username like 'gm%' order by id");
    long lastThread = sqlLong("select coalesce(max(id), 0) from threads");
    sqlWith("""
        with made as (
          insert into ideas (challenge_id, author_id, title, pitch, body, html, created_at)
          select ($1::bigint[])[1 + (g * 7919) % cardinality($1::bigint[])],
                 ($2::bigint[])[1 + (g * 104729) % cardinality($2::bigint[])],
                 'Idea ' || g || ' for ' || w, 'A pitch about ' || w, 'Why ' || w || ' matters, idea ' || g,
                 '<p>Why ' || w || ' matters, idea ' || g || '</p>', now() - (g % 8760) * interval '1 hour'
          from generate_series($3::bigint, $4::bigint) g, lateral (select ($6::text[])[1 + g % cardinality($6::text[])] w) words
          returning id, author_id, title, body, html, created_at),
        discussed as (
          insert into threads (space_id, title, author_id, idea_id, created_at, last_activity_at)
          select $5, title, author_id, id, created_at, created_at from made
          returning id, idea_id, author_id, created_at)
        insert into posts (id, thread_id, parent_id, depth, path, author_id, body, html, created_at)
        select pid, d.id, null, 0, array[pid], d.author_id, m.body, m.html, d.created_at
        from (select discussed.*, nextval('posts_id_seq') pid from discussed) d join made m on m.id = d.idea_id""",
        Tuple.of(boxed(challengeIds), boxed(members), (long) first, (long) first + n - 1, ideasSpaceId, WORDS));
    linkFirstPosts(lastThread);
  }

  private void addThreads(int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long[] members = sqlLongs("select id from users where username like 'gm%' order by id");
    long from = sqlLong("select count(*) from threads where title like 'Growth thread %'") + 1;
    long lastThread = sqlLong("select coalesce(max(id), 0) from threads");
    sqlWith("""
        with made as (
          insert into threads (space_id, title, author_id, created_at, last_activity_at)
          select ($1::bigint[])[1 + g % cardinality($1::bigint[])], 'Growth thread ' || g || ' on ' || w,
                 ($2::bigint[])[1 + (g * 104729) % cardinality($2::bigint[])],
                 now() - (g * 7919 % 8760) * interval '1 hour', now() - (g * 7919 % 8760) * interval '1 hour'
          from generate_series($3::bigint, $4::bigint) g, lateral (select ($5::text[])[1 + g % cardinality($5::text[])] w) words
          returning id, author_id, title, created_at)
        insert into posts (id, thread_id, parent_id, depth, path, author_id, body, html, created_at)
        select pid, id, null, 0, array[pid], author_id, 'Opening post of ' || title, '<p>Opening post of ' || title || '</p>', created_at
        from (select made.*, nextval('posts_id_seq') pid from made) m""",
        Tuple.of(boxed(spaceIds), boxed(members), from, from + n - 1, WORDS));
    linkFirstPosts(lastThread);
  }

  private void linkFirstPosts(long afterThread) throws Exception {
    sqlWith("update threads t set first_post_id = p.id from posts p "
        + "where t.id > $1 and t.first_post_id is null and p.thread_id = t.id and p.depth = 0", Tuple.of(afterThread));
  }

  /**
   * Replies spread over every generated thread (not the measured one): three in five answer the
   * opening post, the others answer one of those, so trees have two levels as real debates do.
   * The first 50 carry the rare search term.
   */
  private void addReplies(int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long[] threads = sqlLongs("select id from threads where id <> " + fixedThread + " order by id");
    long[] members = sqlLongs("select id from users where username like 'gm%' order by id");
    long from = sqlLong("select count(*) from posts where depth > 0 and thread_id <> " + fixedThread) + 1;
    int direct = n * 3 / 5;
    long lastPost = sqlLong("select max(id) from posts");
    sqlWith("""
        insert into posts (id, thread_id, parent_id, depth, path, author_id, body, html, created_at)
        select pid, t.id, t.first_post_id, 1, array[t.first_post_id, pid], a, b, '<p>' || b || '</p>',
               least(now(), t.created_at + (g % 5000) * interval '1 minute')
        from (select g, nextval('posts_id_seq') pid,
                     ($1::bigint[])[1 + (g * 7919) % cardinality($1::bigint[])] tid,
                     ($2::bigint[])[1 + (g * 104729) % cardinality($2::bigint[])] a,
                     case when g <= 50 then 'A RARE_TERM would help here, reply ' || g
                          else 'Reply ' || g || ' about ' || ($4::text[])[1 + g % cardinality($4::text[])] || ' and ' ||
                               ($4::text[])[1 + (g / 40) % cardinality($4::text[])] end b
              from generate_series($3::bigint, $3::bigint + $5::bigint - 1) g) r
        join threads t on t.id = r.tid""".replace("RARE_TERM", RARE_TERM),
        Tuple.of(boxed(threads), boxed(members), from, WORDS, (long) direct));
    long[] parents = sqlLongs("select id from posts where id > " + lastPost + " and depth = 1 order by id");
    sqlWith("""
        insert into posts (id, thread_id, parent_id, depth, path, author_id, body, html, created_at)
        select pid, p.thread_id, p.id, 2, p.path || pid, a, b, '<p>' || b || '</p>', p.created_at + interval '1 hour'
        from (select g, nextval('posts_id_seq') pid,
                     ($1::bigint[])[1 + (g * 31) % cardinality($1::bigint[])] parent,
                     ($2::bigint[])[1 + (g * 7919) % cardinality($2::bigint[])] a,
                     'Answer ' || g || ' on ' || ($4::text[])[1 + g % cardinality($4::text[])] b
              from generate_series($3::bigint, $3::bigint + $5::bigint - 1) g) r
        join posts p on p.id = r.parent""", Tuple.of(boxed(parents), boxed(members), from + direct, WORDS, (long) (n - direct)));
  }

  /** Supports by members other than the idea's author, spread over the ideas; repeats skipped until the count is reached. */
  private void addSupportsTo(long[] ideas, int n) throws Exception {
    long[] members = sqlLongs("select id from users where username like 'gm%' order by id");
    long salt = sqlLong("select count(*) from idea_supports");
    for (int round = 0; n > 0 && round < 8; round++) {
      long before = sqlLong("select count(*) from idea_supports");
      sqlWith("""
          insert into idea_supports (idea_id, user_id, created_at)
          select i.id, u, now() - (g % 8760) * interval '1 hour'
          from (select g, ($1::bigint[])[1 + (g * 7919) % cardinality($1::bigint[])] idea,
                       ($2::bigint[])[1 + ((g + $4::bigint) * 104729 + g / cardinality($1::bigint[])) % cardinality($2::bigint[])] u
                from generate_series(1, $3::bigint) g) s
          join ideas i on i.id = s.idea and i.author_id <> s.u
          on conflict do nothing""", Tuple.of(boxed(ideas), boxed(members), (long) n, salt + round * 1_000_003L));
      n -= (int) (sqlLong("select count(*) from idea_supports") - before);
    }
  }

  private void addNotifications(int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long[] members = sqlLongs("select id from users where username like 'gm%' and id <> " + notifiedMember + " order by id");
    long[] threads = sqlLongs("select id from threads where id <> " + fixedThread + " order by id");
    long from = sqlLong("select count(*) from notifications") + 1;
    // Nine in ten read, as members read them; the unread are unique per member and thread, as the server keeps them.
    sqlWith("""
        insert into notifications (user_id, kind, target_type, target_id, actor_id, count, data, created_at, updated_at, read_at)
        select u, 'reply', 'thread', t, $5, 1, jsonb_build_object('title', 'Growth', 'threadId', t, 'url', '/t/' || t),
               now() - (g % 8760) * interval '1 hour', now() - (g % 8760) * interval '1 hour',
               case when g % 10 <> 0 then now() end
        from (select g, ($1::bigint[])[1 + (g * 104729) % cardinality($1::bigint[])] u,
                     ($2::bigint[])[1 + (g * 7919) % cardinality($2::bigint[])] t
              from generate_series($3::bigint, $4::bigint) g) s
        on conflict do nothing""", Tuple.of(boxed(members), boxed(threads), from, from + n - 1, adminId));
  }

  private void addOrgs(int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long from = sqlLong("select count(*) from orgs where slug like 'gorg%'") + 1;
    sqlWith("insert into orgs (slug, name, description) select 'gorg' || g, 'Generated firm ' || g, 'A firm' "
        + "from generate_series($1::bigint, $2::bigint) g", Tuple.of(from, from + n - 1));
    // Five people per firm: an owner and four members, taken from the community.
    sqlWith("""
        insert into org_members (org_id, user_id, role)
        select o.id, m.ids[1 + (o.id * 7919 + k * 104729) % cardinality(m.ids)], case when k = 0 then 'owner' else 'member' end
        from orgs o, generate_series(0, 4) k, (select array_agg(id order by id) ids from users where username like 'gm%') m
        where o.slug like 'gorg%' and not exists (select 1 from org_members x where x.org_id = o.id)
        on conflict do nothing""", Tuple.tuple());
  }

  /** Votes on replies by members other than their authors, about one for every two posts. */
  private void addVotes(int n) throws Exception {
    if (n <= 0) {
      return;
    }
    long[] members = sqlLongs("select id from users where username like 'gm%' order by id");
    long maxPost = sqlLong("select max(id) from posts");
    long salt = sqlLong("select count(*) from post_votes");
    sqlWith("""
        insert into post_votes (post_id, user_id, value)
        select p.id, s.u, case when s.g % 5 = 0 then -1 else 1 end
        from (select g, 1 + ((g + $4::bigint) * 7919) % $3::bigint post,
                     ($1::bigint[])[1 + ((g + $4::bigint) * 104729) % cardinality($1::bigint[])] u
              from generate_series(1, $2::bigint) g) s
        join posts p on p.id = s.post and p.author_id <> s.u and p.thread_id <> $5
        on conflict do nothing""", Tuple.of(boxed(members), (long) n, maxPost, salt, fixedThread));
    sql("update posts p set vote_score = v.score from (select post_id, sum(value)::int score from post_votes group by post_id) v "
        + "where v.post_id = p.id and p.vote_score <> v.score");
  }

  /** As the server does: authors watch their threads, supporters the threads of the ideas they support. */
  private void addWatches() throws Exception {
    sql("insert into watches (user_id, target_type, target_id, level) select author_id, 'thread', id, 'watching' from threads "
        + "on conflict do nothing");
    sql("insert into watches (user_id, target_type, target_id, level) select s.user_id, 'thread', t.id, 'watching' "
        + "from idea_supports s join threads t on t.idea_id = s.idea_id on conflict do nothing");
  }

  /** One web session for every member, as an active community has: the sessions table grows with it. */
  private void addSessions() throws Exception {
    sql("insert into sessions (id, user_id, kind, token_hash, expires_at) "
        + "select gen_random_uuid(), u.id, 'web', sha256(convert_to(u.id::text || random()::text, 'UTF8')), now() + interval '14 days' "
        + "from users u where u.username like 'gm%' and not exists (select 1 from sessions s where s.user_id = u.id)");
  }

  private void addGroupMembers() throws Exception {
    sqlWith("""
        insert into space_members (space_id, user_id)
        select s.id, m.ids[1 + (s.id * 7919 + k * 104729) % cardinality(m.ids)]
        from spaces s, generate_series(1, $1::bigint) k, (select array_agg(id order by id) ids from users where username like 'gm%') m
        where s.slug like 'group%'
        on conflict do nothing""", Tuple.of((long) MEMBERS_PER_GROUP_SPACE));
  }

  /**
   * What members' activity leaves besides posts: official responses to one idea in twenty, visit
   * days, read positions (twenty threads per member), and flags on one post in two hundred.
   */
  private void addActivity() throws Exception {
    sql("insert into idea_responses (idea_id, status, note, by_id) select i.id, 'in_review', 'Looking at it', c.created_by "
        + "from ideas i join challenges c on c.id = i.challenge_id where i.id % 20 = 0 "
        + "and not exists (select 1 from idea_responses r where r.idea_id = i.id)");
    sql("insert into user_visits (user_id, day) select u.id, current_date - k from users u, generate_series(0, 9) k "
        + "where u.username like 'gm%' on conflict do nothing");
    long[] threads = sqlLongs("select id from threads where id <> " + fixedThread + " order by id");
    sqlWith("""
        insert into thread_reads (user_id, thread_id, posts_read, last_post_id)
        select u.id, ($1::bigint[])[1 + ((u.id * 20 + k) * 7919) % cardinality($1::bigint[])], 1, 0
        from users u, generate_series(1, 20) k where u.username like 'gm%'
        on conflict do nothing""", Tuple.of(boxed(threads)));
    sql("update thread_reads r set last_post_id = t.first_post_id from threads t where t.id = r.thread_id and r.last_post_id = 0");
    sqlWith("""
        insert into flags (target_type, target_id, target_author_id, flagger_id, reason, state, handled_at)
        select 'post', p.id, p.author_id, $1, 'spam', case when p.id % 400 = 0 then 'open' else 'resolved' end,
               case when p.id % 400 = 0 then null else now() end
        from posts p where p.id % 200 = 0 and p.thread_id <> $2
          and not exists (select 1 from flags f where f.target_type = 'post' and f.target_id = p.id)""",
        Tuple.of(adminId, fixedThread));
  }

  /** The counters the server keeps beside its rows, made true for what the generator wrote. */
  private void settleCounters() throws Exception {
    sql("update threads t set reply_count = s.n - 1, last_activity_at = greatest(t.created_at, s.last) "
        + "from (select thread_id, count(*) n, max(created_at) last from posts group by thread_id) s "
        + "where s.thread_id = t.id and t.reply_count <> s.n - 1");
    sql("update posts p set reply_count = c.n from (select parent_id, count(*) n from posts where parent_id is not null "
        + "group by parent_id) c where c.parent_id = p.id and p.reply_count <> c.n");
    sql("update ideas i set support_count = s.n from (select idea_id, count(*) n from idea_supports group by idea_id) s "
        + "where s.idea_id = i.id and i.support_count <> s.n");
  }

  private Map<String, Long> tableCounts() throws Exception {
    Map<String, Long> c = new LinkedHashMap<>();
    for (String t : List.of("users", "threads", "posts", "challenges", "ideas", "idea_supports", "notifications", "post_votes",
        "watches", "sessions", "orgs", "thread_reads", "flags")) {
      c.put(t, sqlLong("select count(*) from " + t));
    }
    return c;
  }

  // ---- the measurements

  private Map<String, Figures> measure() throws Exception {
    Map<String, Figures> f = new LinkedHashMap<>();
    long[] threads = publicThreads(Integer.MAX_VALUE);
    long[] ideas = sqlLongs("select id from ideas where challenge_id <> " + fixedChallenge + " order by id");
    for (Map.Entry<String, Supplier<HttpRequest>> r : requests(threads, ideas).entrySet()) {
      boolean write = r.getKey().startsWith("write");
      f.put(r.getKey(), load(r.getValue(), write ? writeClients : readClients));
      System.out.printf("  %-40s p50 %6.2f ms  p99 %6.2f ms  %7.0f/s  failed %d%n", r.getKey(), f.get(r.getKey()).p50(),
          f.get(r.getKey()).p99(), f.get(r.getKey()).perSecond(), f.get(r.getKey()).failed());
    }
    return f;
  }

  /** Threads any member may reply to: not those of the group spaces. */
  private long[] publicThreads(int limit) throws Exception {
    return sqlLongs("select t.id from threads t join spaces s on s.id = t.space_id where s.visibility = 'public' "
        + "and t.title like 'Growth thread %' order by t.id limit " + limit);
  }

  private Map<String, Supplier<HttpRequest>> requests(long[] threads, long[] ideas) {
    String base = "http://127.0.0.1:" + port;
    Map<String, Supplier<HttpRequest>> r = new LinkedHashMap<>();
    r.put("read: thread page (200 posts)", () -> get(base + "/t/" + fixedThread, null));
    r.put("read: space list page", () -> get(base + "/s/g1", null));
    r.put("read: challenge page (200 ideas)", () -> get(base + "/c/" + fixedChallenge, null));
    r.put("read: search, a specific term", () -> get(base + "/api/search?q=" + RARE_TERM, null));
    r.put("read: notifications list", () -> get(base + "/api/notifications", notifiedToken));
    r.put("write: support an idea", () -> {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      return HttpRequest.newBuilder(URI.create(base + "/api/ideas/" + ideas[rnd.nextInt(ideas.length)] + "/support"))
          .header("Authorization", "Bearer " + memberTokens.get(rnd.nextInt(memberTokens.size())))
          .PUT(HttpRequest.BodyPublishers.noBody()).build();
    });
    r.put("write: reply", () -> {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      String body = new JsonObject().put("body", "A measured reply " + rnd.nextLong()).encode();
      return HttpRequest.newBuilder(URI.create(base + "/api/threads/" + threads[rnd.nextInt(threads.length)] + "/posts"))
          .header("Authorization", "Bearer " + memberTokens.get(rnd.nextInt(memberTokens.size())))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    });
    r.put("read: search, a common word (grows with matches)", () -> get(base + "/api/search?q=solar", null));
    return r;
  }

  private static HttpRequest get(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  /** A closed loop of {@code clients}: warm-up, then every request's latency for the measured seconds. */
  private Figures load(Supplier<HttpRequest> request, int clients) throws Exception {
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong measured = new AtomicLong();
    List<long[]> perClient = new ArrayList<>();
    long[] failed = new long[clients];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int me = c;
      long[][] mine = {new long[1024]};
      int[] n = {0};
      Thread t = new Thread(() -> {
        while (running.get()) {
          long t0 = System.nanoTime();
          int status;
          try {
            status = http.send(request.get(), HttpResponse.BodyHandlers.discarding()).statusCode();
          } catch (IOException | InterruptedException e) {
            status = 0;
          }
          long took = System.nanoTime() - t0;
          if (measuring.get()) {
            if (status < 200 || status >= 300) {
              failed[me]++;
            }
            if (n[0] == mine[0].length) {
              mine[0] = Arrays.copyOf(mine[0], n[0] * 2);
            }
            mine[0][n[0]++] = took;
            measured.incrementAndGet();
          }
        }
        synchronized (perClient) {
          perClient.add(Arrays.copyOf(mine[0], n[0]));
        }
      });
      threads.add(t);
      t.start();
    }
    Thread.sleep(warmupSeconds * 1000L);
    measuring.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(measureSeconds * 1000L);
    // On a busy machine a slow page may not complete often in the measured seconds: wait for enough
    // samples for a median (within a minute more), rather than report none.
    for (long waited = 0; measured.get() < 30 && waited < 60_000; waited += 100) {
      Thread.sleep(100);
    }
    measuring.set(false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    running.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
    long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Figures(pct(all, 50), pct(all, 99), all.length / seconds, all.length, Arrays.stream(failed).sum());
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
  }

  // ---- the plans

  /**
   * Each request once more with PostgreSQL logging the executed plan of every statement
   * (auto_explain, loaded for the server's sessions only while this runs), so the report shows
   * which index each statement used and any sequential scan of a growing table.
   */
  private Map<String, List<PlanCheck>> explain() throws Exception {
    sql("alter database cocreate set session_preload_libraries = 'auto_explain'");
    sql("alter database cocreate set auto_explain.log_min_duration = 0");
    sql("alter database cocreate set auto_explain.log_analyze = on");
    sql("alter database cocreate set auto_explain.log_format = 'json'");
    Map<String, List<PlanCheck>> byRequest = new LinkedHashMap<>();
    try {
      restartServer(true);
      long[] threads = publicThreads(100);
      long[] ideas = sqlLongs("select id from ideas where challenge_id <> " + fixedChallenge + " order by id limit 100");
      Map<String, Supplier<HttpRequest>> requests = requests(threads, ideas);
      // What the server runs on its own (jobs, the event listener) is left out of each request's statements.
      Set<String> background = new LinkedHashSet<>();
      long mark = logSize();
      Thread.sleep(3_000);
      background.addAll(plansSince(mark).keySet());
      for (Map.Entry<String, Supplier<HttpRequest>> r : requests.entrySet()) {
        // Prepared statements switch to a generic plan after five runs: the sixth and later are what a busy server uses.
        for (int i = 0; i < 6; i++) {
          http.send(r.getValue().get(), HttpResponse.BodyHandlers.discarding());
        }
        mark = logSize();
        http.send(r.getValue().get(), HttpResponse.BodyHandlers.discarding());
        Thread.sleep(500);
        List<PlanCheck> checks = new ArrayList<>();
        plansSince(mark).forEach((query, plan) -> {
          if (!background.contains(query)) {
            checks.add(check(query, plan));
          }
        });
        byRequest.put(r.getKey(), checks);
      }
    } finally {
      sql("alter database cocreate reset session_preload_libraries");
      sql("alter database cocreate reset auto_explain.log_min_duration");
      sql("alter database cocreate reset auto_explain.log_analyze");
      sql("alter database cocreate reset auto_explain.log_format");
      restartServer(false);
    }
    return byRequest;
  }

  private Path pgLog() throws IOException {
    try (var files = Files.walk(data.resolve("pg-log").toRealPath(), 1)) {
      return files.filter(p -> p.getFileName().toString().startsWith("postgresql-"))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified())).orElseThrow();
    }
  }

  private long logSize() throws IOException {
    return Files.size(pgLog());
  }

  /** Statement text to its plan (JSON), for every plan logged after {@code offset}. */
  private Map<String, JsonObject> plansSince(long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(pgLog());
    String log = new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset), StandardCharsets.UTF_8);
    Map<String, JsonObject> plans = new LinkedHashMap<>();
    int at = 0;
    while ((at = log.indexOf("plan:", at)) >= 0) {
      int open = log.indexOf('{', at);
      if (open < 0) {
        break;
      }
      int depth = 0;
      int end = open;
      boolean inString = false;
      for (; end < log.length(); end++) {
        char ch = log.charAt(end);
        if (inString) {
          if (ch == '\\') {
            end++;
          } else if (ch == '"') {
            inString = false;
          }
        } else if (ch == '"') {
          inString = true;
        } else if (ch == '{') {
          depth++;
        } else if (ch == '}' && --depth == 0) {
          break;
        }
      }
      if (end >= log.length()) {
        break;
      }
      JsonObject plan = new JsonObject(log.substring(open, end + 1));
      plans.put(plan.getString("Query Text", "").replaceAll("\\s+", " ").trim(), plan.getJsonObject("Plan"));
      at = end;
    }
    return plans;
  }

  private Map<String, Long> allTableRows() throws Exception {
    Map<String, Long> rows = new HashMap<>();
    for (Row r : await(db.query("select relname::text, n_live_tup from pg_stat_user_tables").execute())) {
      rows.put(r.getString(0), r.getLong(1));
    }
    return rows;
  }

  private boolean grows(String table) {
    if (SMALL_TABLES.contains(table)) {
      return false;
    }
    long first = Math.max(1, firstStepRows.getOrDefault(table, 0L));
    return lastStepRows.getOrDefault(table, 0L) >= 2 * first;
  }

  private PlanCheck check(String query, JsonObject plan) {
    List<String> scans = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    walk(plan, scans, findings);
    findings.removeIf(table -> !grows(table));
    return new PlanCheck(query.length() > 220 ? query.substring(0, 217) + "..." : query, scans, findings);
  }

  private void walk(JsonObject node, List<String> scans, List<String> findings) {
    if (node == null) {
      return;
    }
    String type = node.getString("Node Type", "");
    String relation = node.getString("Relation Name");
    if (relation != null) {
      String index = node.getString("Index Name");
      scans.add(type + " " + relation + (index == null ? "" : " (" + index + ")"));
      if (type.equals("Seq Scan")) {
        findings.add(relation);
      }
    }
    JsonArray children = node.getJsonArray("Plans");
    if (children != null) {
      for (int i = 0; i < children.size(); i++) {
        walk(children.getJsonObject(i), scans, findings);
      }
    }
  }

  // ---- the report

  private void report(String loadStart, double seconds) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Growth benchmark ").append(stamp).append("\n\n");
    md.append(String.format(Locale.ROOT, "Machine: %s, %d cores; load average at start %s, at end %s; %.0f s in all.%n%n",
        cpuModel(), Runtime.getRuntime().availableProcessors(), loadStart, Proc.loadavg(), seconds));
    md.append("Community at each step:\n\n| posts | ").append(String.join(" | ", counts.values().iterator().next().keySet()))
        .append(" | built in |\n|").append("---|".repeat(counts.values().iterator().next().size() + 2)).append('\n');
    counts.forEach((posts, c) -> {
      md.append(String.format(Locale.ROOT, "| %,d |", posts));
      c.values().forEach(v -> md.append(String.format(Locale.ROOT, " %,d |", v)));
      md.append(String.format(Locale.ROOT, " %.0f s |%n", buildSeconds.get(posts)));
    });
    md.append("\nMedian (p50) and p99 latency in ms, closed loop of ").append(readClients).append(" clients for reads and ")
        .append(writeClients).append(" for writes, ").append(measureSeconds).append(" s each after ").append(warmupSeconds)
        .append(" s of warm-up:\n\n| request |");
    steps.forEach(p -> md.append(String.format(Locale.ROOT, " p50 at %,d | p99 at %,d |", p, p)));
    md.append(" p50 largest / smallest | failed |\n|").append("---|".repeat(steps.size() * 2 + 3)).append('\n');
    JsonObject json = new JsonObject().put("stamp", stamp).put("steps", new JsonArray(steps));
    JsonObject figures = new JsonObject();
    for (String request : results.values().iterator().next().keySet()) {
      md.append("| ").append(request).append(" |");
      long failed = 0;
      JsonObject perStep = new JsonObject();
      for (int p : steps) {
        Figures f = results.get(p).get(request);
        md.append(String.format(Locale.ROOT, " %.2f | %.2f |", f.p50(), f.p99()));
        failed += f.failed();
        perStep.put(String.valueOf(p), new JsonObject().put("p50", f.p50()).put("p99", f.p99()).put("perSecond", f.perSecond())
            .put("requests", f.requests()).put("failed", f.failed()));
      }
      double growth = results.get(steps.get(steps.size() - 1)).get(request).p50() / results.get(steps.get(0)).get(request).p50();
      md.append(String.format(Locale.ROOT, " %.2f× | %d |%n", growth, failed));
      figures.put(request, perStep.put("p50Growth", growth));
    }
    json.put("figures", figures);
    md.append("\nStatements each request ran at the largest step, with the scans of their executed plans ")
        .append("(auto_explain, after six runs of the request). **Seq Scan** of a table that grows is a finding.\n\n");
    int largest = steps.get(steps.size() - 1);
    JsonObject planJson = new JsonObject();
    int findings = 0;
    for (Map.Entry<String, List<PlanCheck>> e : plans.get(largest).entrySet()) {
      md.append("- **").append(e.getKey()).append("**\n");
      JsonArray list = new JsonArray();
      for (PlanCheck c : e.getValue()) {
        md.append("  - `").append(c.query().replace("`", "'")).append("`: ").append(String.join(", ", c.scans()));
        if (!c.seqScansOfGrowingTables().isEmpty()) {
          md.append(" — **sequential scan of ").append(String.join(", ", c.seqScansOfGrowingTables())).append("**");
          findings++;
        }
        md.append('\n');
        list.add(new JsonObject().put("query", c.query()).put("scans", new JsonArray(c.scans()))
            .put("seqScansOfGrowingTables", new JsonArray(c.seqScansOfGrowingTables())));
      }
      planJson.put(e.getKey(), list);
    }
    md.append(String.format(Locale.ROOT, "%nStatements with a sequential scan of a growing table at %,d posts: %d.%n", largest, findings));
    json.put("plans", planJson).put("seqScanFindings", findings);
    Files.writeString(out.resolve("growth-" + stamp + ".md"), md);
    Files.writeString(out.resolve("growth-" + stamp + ".json"), json.encodePrettily());
    Files.writeString(out.resolve("growth-latest.md"), md);
    Files.writeString(out.resolve("growth-latest.json"), json.encodePrettily());
    System.out.println(md);
    System.out.println("Report: " + out.resolve("growth-" + stamp + ".md"));
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  // ---- plumbing

  private String login(String username, String password) throws Exception {
    return api("POST", "/api/auth/login", null, new JsonObject().put("login", username).put("password", password)).getString("token");
  }

  private JsonObject api(String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body().isEmpty() ? new JsonObject() : new JsonObject(r.body());
  }

  private <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
  }

  private long sqlLong(String sql) throws Exception {
    return await(db.query(sql).execute()).iterator().next().getLong(0);
  }

  private long[] sqlLongs(String sql) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (Row r : await(db.query(sql).execute())) {
      ids.add(r.getLong(0));
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private List<String> sqlStrings(String sql) throws Exception {
    List<String> out = new ArrayList<>();
    for (Row r : await(db.query(sql).execute())) {
      out.add(r.getString(0));
    }
    return out;
  }

  private void sql(String sql) throws Exception {
    await(db.query(sql).execute());
  }

  private static Long[] boxed(long[] ids) {
    return Arrays.stream(ids).boxed().toArray(Long[]::new);
  }

  private void sqlWith(String sql, Tuple params) throws Exception {
    await(db.preparedQuery(sql).execute(params));
  }




  void shutdown() {
    try {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      // closing anyway
    }
    stopServer();
    if (pg != null) {
      pg.close();
    }
  }
}
