package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateProcess;
import dev.cocreate.support.JarSandbox;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged server started the way the README says, as its own process: start-up on a fresh
 * data directory, a clean stop on SIGTERM, restart, a second server on the same directory, an
 * external database, bad configuration, create-admin, and a graceful stop under load.
 */
@DisplayName("java -jar cocreate.jar")
class StartupIT {
  static final Duration READY = CocreateProcess.READY;
  /** The default shutdownGraceSeconds (10) plus stopping PostgreSQL, with room for a slow machine. */
  static final Duration STOPPED = Duration.ofSeconds(120);
  static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final JarSandbox jars = JarSandbox.perTest("cc-startup-it-");
  static boolean isRoot;


  @BeforeAll
  static void makeRoot() throws IOException {
    isRoot = "0".equals(run("id", "-u").strip());
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @DisplayName("starts on a fresh data directory, stops cleanly on SIGTERM with PostgreSQL, and keeps accounts across a restart")
  void startStopRestart() {
    serverLifecycle(null, CocreateProcess.jar());
  }

  @Test
  @DisplayName("does the same when run by a user who is not root")
  void startStopRestartAsNonRoot() throws IOException {
    Assumptions.assumeTrue(isRoot,
        "not root: startStopRestart already runs the server as a non-root user, so this would repeat it");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser")),
        "runuser is not installed, so the server cannot be started as 'nobody'");
    UserPrincipal nobody = jars.dir().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    // The jar under target/ may sit in a directory 'nobody' cannot read; give it a copy it can.
    Path jar = Files.copy(CocreateProcess.jar(), jars.dir().resolve("cocreate.jar"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createDirectories(jars.dataDir());
    Files.setOwner(jars.dataDir(), nobody);
    Path home = Files.createDirectories(jars.dir().resolve("home"));
    Files.setOwner(home, nobody);
    serverLifecycle("nobody", jar);
    assertThat(Files.getOwner(jars.dataDir().resolve("pg")).getName()).isEqualTo("nobody");
  }

  private void serverLifecycle(String runAs, Path jar) {
    int port = TestServer.freePort();
    Map<String, String> env = jars.serverEnv(port);
    env.put("COCREATE_DEMO", "true");
    if (runAs != null) {
      env.put("HOME", jars.dir().resolve("home").toString());
    }

    CocreateProcess first = jars.start(CocreateProcess.spec(jars.testName() + "-first").jar(jar).runAs(runAs).env(env));
    first.awaitReady(port, READY);
    if (runAs != null) {
      assertThat(first.jvm().info().user()).hasValue(runAs);
    }
    TestHttp http = new TestHttp(base(port));
    http.register("starter");
    assertThat(http.get("/api/me").status()).isEqualTo(200);

    stopCleanly(first);

    CocreateProcess second = jars.start(CocreateProcess.spec(jars.testName() + "-restart").jar(jar).runAs(runAs).env(env));
    second.awaitReady(port, READY);
    assertThat(login(port, "starter", PASSWORD).status()).as("the account registered before the restart").isEqualTo(200);
    assertThat(login(port, "alice", "cocreate-demo").status()).as("a demo login").isEqualTo(200);
    stopCleanly(second);
  }

  @Test
  @DisplayName("a second server on the same data directory fails fast with one line saying it is in use; the first keeps running")
  void secondServerOnSameDataDir() {
    int port = TestServer.freePort();
    CocreateProcess first = jars.start(CocreateProcess.spec(jars.testName() + "-first").env(jars.serverEnv(port)));
    first.awaitReady(port, READY);

    int otherPort = TestServer.freePort();
    CocreateProcess second = jars.start(CocreateProcess.spec(jars.testName() + "-second").env(jars.serverEnv(otherPort)));
    int exit = second.awaitExit(READY);

    assertThat(exit).as(second.output()).isNotZero();
    assertOneLineNaming(second, "in use");
    assertThat(second.output()).contains(jars.dataDir().toString());
    assertThat(first.isAlive()).isTrue();
    new TestHttp(base(port)).register("still_serving");
    stopCleanly(first);
  }

  @Test
  @DisplayName("a taken HTTP port stops start-up within seconds, naming the port, and stops PostgreSQL again")
  void httpPortTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      CocreateProcess server = jars.start(CocreateProcess.spec(jars.testName()).env(jars.serverEnv(port)));
      int exit = server.awaitExit(READY);
      assertThat(exit).as(server.output()).isNotZero();
      List<String> errors = server.outputLines().stream().filter(l -> l.contains("ERROR")).toList();
      assertThat(errors).as(server.output()).hasSize(1);
      assertThat(errors.get(0)).contains("127.0.0.1:" + port).contains("COCREATE_HTTP_PORT");
      assertPostgresStopped();
    }
  }

  @Test
  @DisplayName("with COCREATE_DB_URL it uses that PostgreSQL and starts none of its own")
  void externalDatabase() {
    String dbUrl = TestDatabase.get().freshDatabaseUrl();
    int port = TestServer.freePort();
    CocreateProcess server = jars.start(CocreateProcess.spec(jars.testName()).env(jars.serverEnv(port)).env("COCREATE_DB_URL", dbUrl));
    server.awaitReady(port, READY);
    new TestHttp(base(port)).register("external_member");

    assertThat(TestDatabase.queryLong(dbUrl, "select count(*) from users where username = 'external_member'")).isEqualTo(1);
    assertThat(jars.dataDir().resolve("pg")).doesNotExist();
    assertThat(server.output()).doesNotContain("Embedded PostgreSQL");
    stopCleanly(server);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "COCREATE_HTTP_PORT, abc",
      "COCREATE_RATE_LIMITS, maybe",
      "COCREATE_JWT_SECRET, too-short",
      "COCREATE_DB_URL, mysql://db.example/cocreate",
      "COCREATE_SHUTDOWN_GRACE_SECONDS, -1"})
  @DisplayName("an invalid setting stops start-up with one line naming it")
  void invalidConfiguration(String key, String value) {
    CocreateProcess server = jars.start(CocreateProcess.spec(jars.testName() + "-" + key)
        .env(jars.serverEnv(TestServer.freePort())).env(key, value));
    int exit = server.awaitExit(READY);
    assertThat(exit).as(server.output()).isNotZero();
    assertOneLineNaming(server, key);
    assertThat(jars.dataDir().resolve("pg")).as("no database was started").doesNotExist();
  }

  @Test
  @DisplayName("create-admin attaches to the running server's database, with the password from the environment or stdin")
  void createAdminWhileRunning() {
    int port = TestServer.freePort();
    CocreateProcess server = jars.start(CocreateProcess.spec(jars.testName() + "-server").env(jars.serverEnv(port)));
    server.awaitReady(port, READY);
    new TestHttp(base(port)).register("promoted");

    CocreateProcess fromEnv = jars.start(CocreateProcess.spec(jars.testName() + "-env").env(jars.serverEnv(0))
        .env("COCREATE_ADMIN_PASSWORD", "boss-password-123").args("create-admin", "boss"));
    assertThat(fromEnv.awaitExit(Duration.ofSeconds(60))).as(fromEnv.output()).isZero();
    assertThat(fromEnv.output()).contains("Attached to embedded PostgreSQL");

    CocreateProcess fromStdin = jars.start(CocreateProcess.spec(jars.testName() + "-stdin").env(jars.serverEnv(0))
        .stdin("chief-password-123\n").args("create-admin", "chief"));
    assertThat(fromStdin.awaitExit(Duration.ofSeconds(60))).as(fromStdin.output()).isZero();

    CocreateProcess promote = jars.start(CocreateProcess.spec(jars.testName() + "-promote").env(jars.serverEnv(0))
        .stdin(PASSWORD + "\n").args("create-admin", "promoted"));
    assertThat(promote.awaitExit(Duration.ofSeconds(60))).as(promote.output()).isZero();

    for (String[] admin : new String[][] {{"boss", "boss-password-123"}, {"chief", "chief-password-123"}, {"promoted", PASSWORD}}) {
      Resp r = login(port, admin[0], admin[1]);
      assertThat(r.status()).as(admin[0] + ": " + r).isEqualTo(200);
      assertThat(r.json().getJsonObject("user").getString("role")).as(admin[0]).isEqualTo("admin");
    }
    assertThat(server.isAlive()).isTrue();
    stopCleanly(server);
  }

  @Test
  @DisplayName("SIGTERM during a burst of registrations answers every request already received, then exits 0")
  void gracefulShutdownUnderLoad() throws Exception {
    int port = TestServer.freePort();
    Map<String, String> env = jars.serverEnv(port);
    env.put("COCREATE_RATE_LIMITS", "off");
    env.put("COCREATE_SHUTDOWN_GRACE_SECONDS", "30");
    CocreateProcess server = jars.start(CocreateProcess.spec(jars.testName()).env(env));
    server.awaitReady(port, READY);
    new TestHttp(base(port)).register("warm_up"); // loads the hashing and SQL paths once

    // Each registration hashes a password with Argon2id (19 MiB, 2 passes): dozens of them keep
    // two cores busy for a second or more, so the stop lands while most are in flight.
    int count = 48;
    List<Socket> sockets = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(count);
    try {
      for (int i = 0; i < count; i++) {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(90_000);
        sockets.add(s);
      }
      List<CompletableFuture<RawResponse>> responses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String body = new JsonObject().put("username", "burst_" + i).put("email", "burst_" + i + "@example.test")
            .put("password", PASSWORD).encode();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/auth/register HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = sockets.get(i).getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        Socket s = sockets.get(i);
        responses.add(CompletableFuture.supplyAsync(() -> RawResponse.read(s), readers));
      }
      // Every request is on the wire; once the first answer is back the server has received them all.
      CompletableFuture.anyOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      long signalledAt = System.nanoTime();
      server.terminate();

      List<String> problems = new ArrayList<>();
      int afterSignal = 0;
      for (int i = 0; i < count; i++) {
        RawResponse r = responses.get(i).get(90, TimeUnit.SECONDS);
        if (r.error() != null || r.status() != 201 || !r.complete()) {
          problems.add("burst_" + i + ": " + r);
        }
        if (r.completedAt() > signalledAt) {
          afterSignal++;
        }
      }
      assertThat(problems).as("requests received before SIGTERM that got no complete 201\n" + server.output()).isEmpty();
      assertThat(afterSignal).as("requests still in flight at SIGTERM (else this proved nothing)").isPositive();
      assertThat(server.awaitExit(STOPPED)).as(server.output()).isZero();
      assertPostgresStopped();
    } finally {
      readers.shutdownNow();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** One HTTP/1.1 response read to the end of a {@code Connection: close} stream. */
  record RawResponse(int status, boolean complete, String error, long completedAt) {
    static RawResponse read(Socket socket) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (InputStream in = socket.getInputStream()) {
        in.transferTo(buf);
      } catch (IOException e) {
        return new RawResponse(0, false, e.toString() + " after " + buf.size() + " bytes", System.nanoTime());
      }
      long at = System.nanoTime();
      String text = buf.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 ") || end < 0) {
        return new RawResponse(0, false, "no HTTP response: '" + text + "'", at);
      }
      int status = Integer.parseInt(text.substring(9, 12));
      String head = text.substring(0, end).toLowerCase();
      int length = -1;
      for (String line : head.split("\r\n")) {
        if (line.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        }
      }
      int bodyBytes = buf.size() - (text.substring(0, end + 4).getBytes(StandardCharsets.UTF_8).length);
      return new RawResponse(status, length >= 0 && bodyBytes == length, null, at);
    }
  }

  private static String base(int port) {
    return "http://127.0.0.1:" + port;
  }

  private static Resp login(int port, String login, String password) {
    return new TestHttp(base(port)).post("/api/auth/login", new JsonObject().put("login", login).put("password", password));
  }

  /** SIGTERM: exit code 0 within the grace period, and the embedded PostgreSQL is gone. */
  private void stopCleanly(CocreateProcess server) {
    server.terminate();
    assertThat(server.awaitExit(STOPPED)).as("exit code after SIGTERM\n" + server.output()).isZero();
    assertThat(server.output()).contains("Stopped");
    assertPostgresStopped();
  }

  private void assertPostgresStopped() {
    Path cluster = jars.dataDir().resolve("pg");
    assertThat(cluster.resolve("postmaster.pid")).as("PostgreSQL's pid file").doesNotExist();
    assertThat(JarSandbox.postgresOf(cluster)).as("PostgreSQL processes still running in " + cluster).isEmpty();
  }

  /** The process printed one non-blank line, naming {@code what}, and no stack trace. */
  private static void assertOneLineNaming(CocreateProcess p, String what) {
    List<String> lines = p.outputLines();
    assertThat(lines).as("everything it printed").hasSize(1);
    assertThat(lines.get(0)).contains(what).doesNotContain("Exception");
  }

  /** Whatever a failed test left running in its cluster would outlive the run: kill it. */
  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

}
