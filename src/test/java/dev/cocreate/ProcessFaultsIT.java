package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.support.CocreateProcess;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.JarSandbox;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged server under process-level faults, on one data directory (its cluster is made
 * once): what a full session leaves in the log, SIGTERM with live sockets and requests in flight,
 * and kill -9 in the middle of a stream of writes.
 */
@DisplayName("java -jar cocreate.jar under process faults")
class ProcessFaultsIT {
  static final Duration READY = CocreateProcess.READY;
  static final String ADMIN_PASSWORD = "admin-secret-Zq81-password";
  static final String PASSWORD = "member-secret-Kx73-password";

  @RegisterExtension
  static final JarSandbox sandbox = JarSandbox.perClass("cc-faults-it-");

  // ---------------------------------------------------------------------------------------------

  @Test
  @DisplayName("a whole session at DEBUG (create-admin, register, sign-in, bearer calls, web sign-in, live auth, account deletion) logs no password, token, cookie or secret")
  void secretsNeverReachTheLog() throws Exception {
    int port = TestServer.freePort();
    Map<String, String> env = env(port);
    env.put("COCREATE_LOG_LEVEL", "DEBUG");
    CocreateProcess server = start("secrets", env);
    server.awaitReady(port, READY);
    CocreateProcess admin = start("secrets-admin", env(0), "create-admin", "sec_admin");
    List<String> secrets = new ArrayList<>(List.of(ADMIN_PASSWORD, PASSWORD, "wrong-guess-Pw19-password", "deleted-Qq55-password"));
    assertThat(admin.awaitExit(Duration.ofSeconds(60))).as(admin.output()).isZero();

    String base = "http://127.0.0.1:" + port;
    TestHttp member = new TestHttp(base);
    Resp registered = member.post("/api/auth/register", new JsonObject().put("username", "sec_member").put("email", "sec@example.test")
        .put("password", PASSWORD));
    assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    secrets.add(registered.json().getString("token"));
    Resp login = member.post("/api/auth/login", new JsonObject().put("login", "sec_member").put("password", PASSWORD));
    member.token(login.json().getString("token"));
    secrets.add(member.token());
    assertThat(member.post("/api/auth/login", new JsonObject().put("login", "sec_member").put("password", "wrong-guess-Pw19-password"))
        .status()).isEqualTo(401);
    TestHttp adminHttp = new TestHttp(base);
    adminHttp.token(adminHttp.post("/api/auth/login", new JsonObject().put("login", "sec_admin").put("password", ADMIN_PASSWORD))
        .json().getString("token"));
    secrets.add(adminHttp.token());
    assertThat(adminHttp.post("/api/spaces", new JsonObject().put("slug", "sec").put("name", "Sec").put("visibility", "public")).status())
        .isEqualTo(201);
    long thread = member.post("/api/threads", new JsonObject().put("space", "sec").put("title", "Secrets").put("body", "Hi"))
        .json().getLong("id");
    member.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", "A reply"));
    assertThat(member.get("/api/me").status()).isEqualTo(200);
    assertThat(new TestHttp(base).token("not-a-token-Vv42").get("/api/me").status()).isEqualTo(401);
    secrets.add("not-a-token-Vv42");

    // The browser: the sign-in form with its CSRF token, then pages and a form post with the cookie.
    TestHttp browser = new TestHttp(base);
    browser.getHtml("/login");
    String csrf = browser.cookie("cc_csrf");
    Resp web = browser.form("/login", Map.of("login", "sec_member", "password", PASSWORD, "_csrf", csrf));
    assertThat(web.status()).as(web.toString()).isIn(302, 303);
    String session = browser.cookie("cc_session");
    assertThat(session).isNotBlank();
    secrets.add(session);
    secrets.add(csrf);
    // Signing in gave the browser its session's token in place of the visitor's.
    String sessionCsrf = browser.cookie("cc_csrf");
    secrets.add(sessionCsrf);
    assertThat(browser.getHtml("/t/" + thread).status()).isEqualTo(200);
    browser.form("/logout", Map.of("_csrf", sessionCsrf));

    // A live connection that signs in with its first message.
    CountDownLatch answered = new CountDownLatch(1);
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/live"),
        new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            answered.countDown();
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText(new JsonObject().put("op", "auth").put("token", member.token()).encode(), true).join();
    ws.sendText(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add("me")).encode(), true).join();
    assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
    ws.abort();

    TestHttp leaving = new TestHttp(base);
    leaving.token(leaving.post("/api/auth/register", new JsonObject().put("username", "sec_leaving").put("email", "leaving@example.test")
        .put("password", "deleted-Qq55-password")).json().getString("token"));
    secrets.add(leaving.token());
    assertThat(leaving.send("/api/me", "DELETE", new JsonObject().put("password", "deleted-Qq55-password")).status()).isEqualTo(204);
    assertThat(new TestHttp(base).get("/unsubscribe?token=1.unsubscribe-Tt66-token").status()).isLessThan(500);
    secrets.add("unsubscribe-Tt66-token");

    server.terminate();
    assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();

    Path jwtSecret = sandbox.dataDir().resolve("jwt-secret");
    Path pgPassword = sandbox.dataDir().resolve("pg-password");
    for (Path file : List.of(jwtSecret, pgPassword)) {
      assertThat(Files.getPosixFilePermissions(file)).as(file + " permissions").isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
    secrets.add(Files.readString(jwtSecret).strip());
    secrets.add(Files.readString(pgPassword).strip());
    String logs = server.output() + "\n" + admin.output();
    assertThat(server.output()).as("the session was logged at DEBUG").contains("DEBUG").contains("POST /api/auth/login");
    for (String secret : secrets) {
      assertThat(logs).as("a secret in the log: " + secret.substring(0, 6) + "...").doesNotContain(secret);
    }
    // The cluster's own log too (connection strings, failed statements).
    try (Stream<Path> pgLogs = Files.list(sandbox.dataDir().resolve("pg-log"))) {
      for (Path log : pgLogs.toList()) {
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        for (String secret : secrets) {
          assertThat(text).as(log + " holds a secret: " + secret.substring(0, 6) + "...").doesNotContain(secret);
        }
      }
    }
  }

  @Test
  @DisplayName("SIGTERM closes every live socket with 1001 at once, finishes the requests in flight, and exits 0")
  void sigtermClosesSocketsWith1001() throws Exception {
    int port = TestServer.freePort();
    Map<String, String> env = env(port);
    env.put("COCREATE_SHUTDOWN_GRACE_SECONDS", "30");
    env.put("COCREATE_RATE_LIMITS", "off");
    CocreateProcess server = start("sigterm", env);
    server.awaitReady(port, READY);
    String base = "http://127.0.0.1:" + port;
    TestHttp admin = adminOf(base);
    admin.post("/api/spaces", new JsonObject().put("slug", "term").put("name", "Term").put("visibility", "public"));
    long thread = admin.post("/api/threads", new JsonObject().put("space", "term").put("title", "Going away").put("body", "Hi"))
        .json().getLong("id");

    List<LiveSocket> sockets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      LiveSocket s = LiveSocket.open(port);
      s.ws.sendText(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add("thread:" + thread)).encode(), true).join();
      sockets.add(s);
    }
    for (LiveSocket s : sockets) {
      assertThat(s.firstMessage.await(10, TimeUnit.SECONDS)).as("subscribed").isTrue();
    }
    // Registrations hash a password (Argon2id, 19 MiB): a burst keeps two cores busy past the signal.
    int inFlight = 24;
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    List<Socket> raw = new ArrayList<>();
    try {
      List<CompletableFuture<String>> answers = new ArrayList<>();
      for (int i = 0; i < inFlight; i++) {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(90_000);
        raw.add(s);
        byte[] body = new JsonObject().put("username", "term_" + i).put("email", "term_" + i + "@example.test").put("password", PASSWORD)
            .encode().getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST /api/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        answers.add(CompletableFuture.supplyAsync(() -> readAll(s), pool));
      }
      CompletableFuture.anyOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      long signalled = System.nanoTime();
      server.terminate();

      for (LiveSocket s : sockets) {
        assertThat(s.closed.await(10, TimeUnit.SECONDS)).as("a close frame arrived").isTrue();
        assertThat(s.closeCode).as("close code").isEqualTo(1001);
        assertThat(TimeUnit.NANOSECONDS.toMillis(s.closedAt - signalled)).as("ms from SIGTERM to the close frame").isLessThan(5000);
      }
      int completed = 0;
      for (CompletableFuture<String> answer : answers) {
        String text = answer.get(90, TimeUnit.SECONDS);
        assertThat(text).as("a request received before SIGTERM").startsWith("HTTP/1.1 201");
        completed++;
      }
      assertThat(completed).isEqualTo(inFlight);
      assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isZero();
      assertThat(JarSandbox.postgresOf(sandbox.dataDir().resolve("pg"))).as("PostgreSQL stopped too").isEmpty();
    } finally {
      pool.shutdownNow();
      for (Socket s : raw) {
        s.close();
      }
    }
  }

  @Test
  @DisplayName("SIGTERM while the demo is being seeded is a clean stop: exit 0, \"Stopped\", and no ERROR in the log")
  void sigtermWhileTheDemoIsSeeded() throws Exception {
    String dbUrl = TestDatabase.get().freshDatabaseUrl();
    DbTarget db = DbTarget.parse(dbUrl);
    // The seeding's first insert waits on this lock, so the signal provably lands in the middle of
    // it however fast or slow the machine is. Reads of users (the "is it empty?" check) still pass.
    try (Connection holder = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute("lock table users in share row exclusive mode");
      }
      Map<String, String> env = env(TestServer.freePort());
      env.put("COCREATE_DB_URL", dbUrl);
      env.put("COCREATE_DEMO", "true");
      CocreateProcess server = start("seeding", env);
      Eventually.until(READY, () -> !server.isAlive() || seedingWaits(holder),
          () -> "the demo seeding never reached its first insert:\n" + server.output());
      assertThat(server.isAlive()).as(server.output()).isTrue();

      server.terminate();
      // Let the seeding go on once the stop has begun: it then runs into the pool the stop closes
      // (held, it would only hold up the pool's close, which waits for the query).
      Eventually.until(Duration.ofSeconds(60), () -> !server.isAlive() || server.output().contains("Shutting down"),
          () -> "no stop began after SIGTERM:\n" + server.output());
      holder.rollback();
      int exit = server.awaitExit(Duration.ofSeconds(60));

      String log = server.output();
      assertThat(exit).as("exit code after SIGTERM during start-up\n" + log).isZero();
      assertThat(server.outputLines().stream().filter(l -> l.contains("ERROR")).toList()).as(log).isEmpty();
      assertThat(log).as("the stop finished").contains("Stopped")
          .as("start-up was cut short").doesNotContain("Cocreate is ready").doesNotContain("Demo data seeded");
    }
  }

  /** A session of the server waits for the lock the test holds on users: the demo seeding is under way. */
  static boolean seedingWaits(Connection holder) {
    try (Statement s = holder.createStatement();
        ResultSet r = s.executeQuery("select count(*) from pg_locks where not granted and relation = 'users'::regclass")) {
      r.next();
      return r.getLong(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("kill -9 during a stream of replies and votes: after a restart every acknowledged write is there and every counter is exact")
  void killDashNineLosesNothingAcknowledged() throws Exception {
    int port = TestServer.freePort();
    Map<String, String> env = env(port);
    env.put("COCREATE_RATE_LIMITS", "off");
    CocreateProcess first = start("crash-first", env);
    first.awaitReady(port, READY);
    String base = "http://127.0.0.1:" + port;
    TestHttp admin = adminOf(base);
    admin.post("/api/spaces", new JsonObject().put("slug", "crash").put("name", "Crash").put("visibility", "public"));
    List<Long> threads = new ArrayList<>();
    List<Long> posts = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) {
      JsonObject t = admin.post("/api/threads", new JsonObject().put("space", "crash").put("title", "Crash " + i).put("body", "Hi")).json();
      threads.add(t.getLong("id"));
      posts.add(t.getJsonObject("firstPost").getLong("id"));
    }
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      TestHttp w = new TestHttp(base);
      w.register("crash_writer_" + i);
      tokens.add(w.token());
    }

    Set<Long> ackedPosts = ConcurrentHashMap.newKeySet();
    Map<String, Integer> ackedVotes = new ConcurrentHashMap<>(); // "voter:post" -> value
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService writers = Executors.newFixedThreadPool(tokens.size());
    List<CompletableFuture<Integer>> done = new ArrayList<>();
    for (int w = 0; w < tokens.size(); w++) {
      int writer = w;
      done.add(CompletableFuture.supplyAsync(() -> write(base, tokens.get(writer), writer, threads, posts, ackedPosts, ackedVotes, killed),
          writers));
    }
    // The kill comes mid-stream, once there is plenty acknowledged to look for after the restart.
    Eventually.until(Duration.ofSeconds(60), () -> {
      done.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().ifPresent(CompletableFuture::join);
      return ackedPosts.size() > 20 && ackedVotes.size() > 5;
    }, () -> ackedPosts.size() + " replies and " + ackedVotes.size() + " votes acknowledged");
    long pid = first.jvm().pid();
    killed.set(true);
    first.jvm().destroyForcibly(); // SIGKILL: no shutdown hook, no graceful anything
    assertThat(first.awaitExit(Duration.ofSeconds(20))).isEqualTo(137);
    int requests = 0;
    for (CompletableFuture<Integer> d : done) {
      requests += d.get(60, TimeUnit.SECONDS);
    }
    writers.shutdownNow();
    assertThat(ackedPosts).as("replies acknowledged before the kill").hasSizeGreaterThan(20);
    assertThat(ackedVotes).as("votes acknowledged before the kill").hasSizeGreaterThan(5);
    assertThat(JarSandbox.postgresOf(sandbox.dataDir().resolve("pg"))).as("the embedded PostgreSQL outlived its killed owner " + pid).isNotEmpty();

    CocreateProcess second = start("crash-restart", env);
    second.awaitReady(port, READY);
    assertThat(second.output()).as("the restart took over the orphaned cluster").contains("left running");

    try (Connection c = connect(); Statement s = c.createStatement()) {
      Set<Long> stored = new HashSet<>();
      try (ResultSet rs = s.executeQuery("select id from posts")) {
        while (rs.next()) {
          stored.add(rs.getLong(1));
        }
      }
      assertThat(stored).as("every acknowledged reply (" + ackedPosts.size() + " of " + requests + " requests)").containsAll(ackedPosts);
      for (Map.Entry<String, Integer> vote : ackedVotes.entrySet()) {
        String[] vp = vote.getKey().split(":");
        try (ResultSet rs = s.executeQuery("select v.value from post_votes v join users u on u.id = v.user_id where u.username = '"
            + vp[0] + "' and v.post_id = " + vp[1])) {
          assertThat(rs.next()).as("acknowledged vote " + vote.getKey()).isTrue();
          assertThat(rs.getInt(1)).as("acknowledged vote " + vote.getKey()).isEqualTo(vote.getValue());
        }
      }
      assertThat(rows(s, "select t.id, t.reply_count, (select count(*) - 1 from posts p where p.thread_id = t.id) from threads t"
          + " where t.reply_count <> (select count(*) - 1 from posts p where p.thread_id = t.id)")).as("threads whose reply_count is off").isEmpty();
      assertThat(rows(s, "select p.id, p.vote_score, coalesce((select sum(v.value) from post_votes v where v.post_id = p.id), 0) from posts p"
          + " where p.vote_score <> coalesce((select sum(v.value) from post_votes v where v.post_id = p.id), 0)"))
          .as("posts whose vote_score is not the sum of their votes").isEmpty();
      assertThat(rows(s, "select t.id from threads t join posts p on p.id = t.first_post_id where t.vote_score <> p.vote_score"))
          .as("threads whose score is not their first post's").isEmpty();
      assertThat(rows(s, "select p.id from posts p where p.parent_id is not null and (select count(*) from events e"
          + " where e.topic = 'thread:' || p.thread_id and e.type = 'post.created' and (e.data->>'id')::bigint = p.id) <> 1"))
          .as("replies without exactly one post.created event (a half-written change)").isEmpty();
    }
    second.terminate();
    assertThat(second.awaitExit(Duration.ofSeconds(60))).isZero();
  }

  // ---------------------------------------------------------------------------------------------

  /** One writer: replies and votes until the server is gone; answers how many requests it sent. */
  static int write(String base, String token, int writer, List<Long> threads, List<Long> posts, Set<Long> ackedPosts,
      Map<String, Integer> ackedVotes, AtomicBoolean killed) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Random random = new Random(writer);
    Set<Long> votedOn = new HashSet<>();
    int sent = 0;
    int failuresAfterKill = 0;
    while (failuresAfterKill < 2) {
      try {
        sent++;
        if (random.nextInt(3) > 0) {
          long thread = threads.get(random.nextInt(threads.size()));
          HttpResponse<String> r = client.send(json(base + "/api/threads/" + thread + "/posts", "POST", token,
              new JsonObject().put("body", "Reply by writer " + writer)), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 201) {
            long id = new JsonObject(r.body()).getLong("id");
            ackedPosts.add(id);
            posts.add(id);
          }
        } else {
          long post = posts.get(random.nextInt(posts.size()));
          if (!votedOn.add(post)) {
            continue; // one vote per voter and post, so an acknowledged value is the final one
          }
          int value = random.nextBoolean() ? 1 : -1;
          HttpResponse<String> r = client.send(json(base + "/api/posts/" + post + "/vote", "PUT", token,
              new JsonObject().put("value", value)), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            ackedVotes.put("crash_writer_" + writer + ":" + post, value);
          }
        }
      } catch (IOException | InterruptedException e) {
        if (killed.get()) {
          failuresAfterKill++; // the server is gone; before the kill a failure is only retried
        }
      }
    }
    return sent;
  }

  static HttpRequest json(String url, String method, String token, JsonObject body) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? ", " : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }

  /** The embedded cluster, as its files describe it. */
  static Connection connect() throws IOException, SQLException {
    String port = Files.readString(sandbox.dataDir().resolve("pg-port")).strip();
    String password = Files.readString(sandbox.dataDir().resolve("pg-password")).strip();
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/cocreate", "postgres", password);
  }

  /** The admin, created (or re-promoted) by the create-admin command while the server runs. */
  TestHttp adminOf(String base) {
    CocreateProcess admin = start("admin", env(0), "create-admin", "fault_admin");
    assertThat(admin.awaitExit(Duration.ofSeconds(60))).as(admin.output()).isZero();
    TestHttp http = new TestHttp(base);
    Resp r = http.post("/api/auth/login", new JsonObject().put("login", "fault_admin").put("password", ADMIN_PASSWORD));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return http.token(r.json().getString("token"));
  }

  static String readAll(Socket s) {
    try (InputStream in = s.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "failed: " + e;
    }
  }

  CocreateProcess start(String name, Map<String, String> env, String... args) {
    CocreateProcess.Spec spec = CocreateProcess.spec("faults-" + name).env(env).args(args);
    if (args.length > 0 && args[0].equals("create-admin")) {
      spec.stdin(ADMIN_PASSWORD + "\n");
    }
    return sandbox.start(spec);
  }

  static Map<String, String> env(int port) {
    return sandbox.serverEnv(port);
  }

  /** A /live client that records its first message and the close frame. */
  static final class LiveSocket {
    final CountDownLatch firstMessage = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int closeCode = -1;
    volatile long closedAt;
    WebSocket ws;

    static LiveSocket open(int port) throws Exception {
      LiveSocket s = new LiveSocket();
      s.ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/live"),
          new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
              s.firstMessage.countDown();
              w.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
              s.closeCode = code;
              s.closedAt = System.nanoTime();
              s.closed.countDown();
              return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
              s.closed.countDown();
            }
          }).get(10, TimeUnit.SECONDS);
      return s;
    }
  }
}
