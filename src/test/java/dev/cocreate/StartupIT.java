package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateProcess;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged server started the way the README says, as its own process: start-up on a fresh
 * data directory, a clean stop on SIGTERM, restart, a second server on the same directory, an
 * external database, bad configuration, create-admin, and a graceful stop under load.
 */
@DisplayName("java -jar cocreate.jar")
class StartupIT {
  static final Duration READY = Duration.ofSeconds(60);
  /** The default shutdownGraceSeconds (10) plus stopping PostgreSQL, with room for a slow machine. */
  static final Duration STOPPED = Duration.ofSeconds(40);
  static final String PASSWORD = "correct horse battery";

  static Path root;
  static boolean isRoot;

  /** This test's directory: work dir of the processes, with the data directory inside. */
  Path sandbox;
  Path dataDir;
  String testName;
  final List<CocreateProcess> processes = new ArrayList<>();

  @BeforeAll
  static void makeRoot() throws IOException {
    isRoot = "0".equals(run("id", "-u").strip());
    // Under /tmp and world-traversable: as root the embedded PostgreSQL runs as 'nobody'.
    root = Files.createTempDirectory(Path.of("/tmp"), "cc-startup-it-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  static void removeRoot() throws IOException {
    deleteTree(root);
  }

  @BeforeEach
  void makeSandbox(TestInfo info) throws IOException {
    testName = info.getTestMethod().orElseThrow().getName();
    sandbox = Files.createTempDirectory(root, testName + "-");
    Files.setPosixFilePermissions(sandbox, PosixFilePermissions.fromString("rwxr-xr-x"));
    dataDir = sandbox.resolve("data");
  }

  @AfterEach
  void cleanUp() {
    processes.forEach(CocreateProcess::close);
    killPostgresOf(dataDir.resolve("pg"));
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
    UserPrincipal nobody = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    // The jar under target/ may sit in a directory 'nobody' cannot read; give it a copy it can.
    Path jar = Files.copy(CocreateProcess.jar(), sandbox.resolve("cocreate.jar"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createDirectories(dataDir);
    Files.setOwner(dataDir, nobody);
    Path home = Files.createDirectories(sandbox.resolve("home"));
    Files.setOwner(home, nobody);
    serverLifecycle("nobody", jar);
    assertThat(Files.getOwner(dataDir.resolve("pg")).getName()).isEqualTo("nobody");
  }

  private void serverLifecycle(String runAs, Path jar) {
    int port = TestServer.freePort();
    Map<String, String> env = serverEnv(port);
    env.put("COCREATE_DEMO", "true");
    if (runAs != null) {
      env.put("HOME", sandbox.resolve("home").toString());
    }

    CocreateProcess first = start(CocreateProcess.spec(testName + "-first").jar(jar).runAs(runAs).env(env));
    first.awaitReady(port, READY);
    if (runAs != null) {
      assertThat(first.jvm().info().user()).hasValue(runAs);
    }
    TestHttp http = new TestHttp(base(port));
    http.register("starter");
    assertThat(http.get("/api/me").status()).isEqualTo(200);

    stopCleanly(first);

    CocreateProcess second = start(CocreateProcess.spec(testName + "-restart").jar(jar).runAs(runAs).env(env));
    second.awaitReady(port, READY);
    assertThat(login(port, "starter", PASSWORD).status()).as("the account registered before the restart").isEqualTo(200);
    assertThat(login(port, "alice", "cocreate-demo").status()).as("a demo login").isEqualTo(200);
    stopCleanly(second);
  }

  @Test
  @DisplayName("a second server on the same data directory fails fast with one line saying it is in use; the first keeps running")
  void secondServerOnSameDataDir() {
    int port = TestServer.freePort();
    CocreateProcess first = start(CocreateProcess.spec(testName + "-first").env(serverEnv(port)));
    first.awaitReady(port, READY);

    int otherPort = TestServer.freePort();
    CocreateProcess second = start(CocreateProcess.spec(testName + "-second").env(serverEnv(otherPort)));
    int exit = second.awaitExit(Duration.ofSeconds(30));

    assertThat(exit).as(second.output()).isNotZero();
    assertOneLineNaming(second, "in use");
    assertThat(second.output()).contains(dataDir.toString());
    assertThat(first.isAlive()).isTrue();
    new TestHttp(base(port)).register("still_serving");
    stopCleanly(first);
  }

  @Test
  @DisplayName("a taken HTTP port stops start-up within seconds, naming the port, and stops PostgreSQL again")
  void httpPortTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      CocreateProcess server = start(CocreateProcess.spec(testName).env(serverEnv(port)));
      int exit = server.awaitExit(Duration.ofSeconds(45));
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
    CocreateProcess server = start(CocreateProcess.spec(testName).env(serverEnv(port)).env("COCREATE_DB_URL", dbUrl));
    server.awaitReady(port, READY);
    new TestHttp(base(port)).register("external_member");

    assertThat(TestDatabase.queryLong(dbUrl, "select count(*) from users where username = 'external_member'")).isEqualTo(1);
    assertThat(dataDir.resolve("pg")).doesNotExist();
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
    CocreateProcess server = start(CocreateProcess.spec(testName + "-" + key)
        .env(serverEnv(TestServer.freePort())).env(key, value));
    int exit = server.awaitExit(Duration.ofSeconds(30));
    assertThat(exit).as(server.output()).isNotZero();
    assertOneLineNaming(server, key);
    assertThat(dataDir.resolve("pg")).as("no database was started").doesNotExist();
  }

  @Test
  @DisplayName("create-admin attaches to the running server's database, with the password from the environment or stdin")
  void createAdminWhileRunning() {
    int port = TestServer.freePort();
    CocreateProcess server = start(CocreateProcess.spec(testName + "-server").env(serverEnv(port)));
    server.awaitReady(port, READY);
    new TestHttp(base(port)).register("promoted");

    CocreateProcess fromEnv = start(CocreateProcess.spec(testName + "-env").env(serverEnv(0))
        .env("COCREATE_ADMIN_PASSWORD", "boss-password-123").args("create-admin", "boss"));
    assertThat(fromEnv.awaitExit(Duration.ofSeconds(60))).as(fromEnv.output()).isZero();
    assertThat(fromEnv.output()).contains("Attached to embedded PostgreSQL");

    CocreateProcess fromStdin = start(CocreateProcess.spec(testName + "-stdin").env(serverEnv(0))
        .stdin("chief-password-123\n").args("create-admin", "chief"));
    assertThat(fromStdin.awaitExit(Duration.ofSeconds(60))).as(fromStdin.output()).isZero();

    CocreateProcess promote = start(CocreateProcess.spec(testName + "-promote").env(serverEnv(0))
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
    Map<String, String> env = serverEnv(port);
    env.put("COCREATE_RATE_LIMITS", "off");
    env.put("COCREATE_SHUTDOWN_GRACE_SECONDS", "30");
    CocreateProcess server = start(CocreateProcess.spec(testName).env(env));
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

  private CocreateProcess start(CocreateProcess.Spec spec) {
    CocreateProcess p = spec.workDir(sandbox).start();
    processes.add(p);
    return p;
  }

  private Map<String, String> serverEnv(int port) {
    Map<String, String> env = new HashMap<>();
    env.put("COCREATE_DATA_DIR", dataDir.toString());
    env.put("COCREATE_HTTP_HOST", "127.0.0.1");
    env.put("COCREATE_HTTP_PORT", Integer.toString(port));
    return env;
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
    Path cluster = dataDir.resolve("pg");
    assertThat(cluster.resolve("postmaster.pid")).as("PostgreSQL's pid file").doesNotExist();
    assertThat(postgresOf(cluster)).as("PostgreSQL processes still running in " + cluster).isEmpty();
  }

  /** The process printed one non-blank line, naming {@code what}, and no stack trace. */
  private static void assertOneLineNaming(CocreateProcess p, String what) {
    List<String> lines = p.outputLines();
    assertThat(lines).as("everything it printed").hasSize(1);
    assertThat(lines.get(0)).contains(what).doesNotContain("Exception");
  }

  /** PostgreSQL processes serving {@code clusterDir}: a postmaster and its children work in it. */
  static List<ProcessHandle> postgresOf(Path clusterDir) {
    Path real;
    try {
      real = clusterDir.toRealPath();
    } catch (IOException e) {
      return List.of(); // no cluster, so nothing can serve it
    }
    return ProcessHandle.allProcesses().filter(p -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(real);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }).toList();
  }

  /** Whatever a failed test left running in its cluster would outlive the run: kill it. */
  static void killPostgresOf(Path clusterDir) {
    List<ProcessHandle> left = postgresOf(clusterDir);
    left.forEach(ProcessHandle::destroyForcibly);
    left.forEach(p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
  }

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

  private static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
