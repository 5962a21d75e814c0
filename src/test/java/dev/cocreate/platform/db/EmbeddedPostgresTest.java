package dev.cocreate.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.support.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real PostgreSQL binaries; as root this exercises the 'nobody' path for real. */
class EmbeddedPostgresTest {

  private static final boolean ROOT = OsAccount.currentUid() == 0;

  @TempDir Path tmp;

  private final List<Path> dataDirs = new ArrayList<>();
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void traversableTempDir() throws IOException {
    // @TempDir is 0700; as root, 'nobody' must be able to pass through it.
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Safety net: whatever a failed test left running is stopped here. */
  @AfterEach
  void stopStrays() throws Exception {
    for (Process child : children) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (Path dir : dataDirs) {
      Optional<PostmasterPid> pm = PostmasterPid.read(dir.resolve("pg"));
      if (pm.isPresent() && pm.get().alive()) {
        ProcessHandle h = ProcessHandle.of(pm.get().pid()).orElseThrow();
        h.destroy();
        try {
          h.onExit().get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          h.destroyForcibly();
        }
        throw new AssertionError("a test left PostgreSQL running in " + dir);
      }
    }
  }

  private Path dataDir(String name) {
    Path dir = tmp.resolve(name);
    dataDirs.add(dir);
    return dir;
  }

  @Test
  void initializesStartsAndAnswersQueries() throws Exception {
    Path data = dataDir("fresh");
    long postmaster;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data)) {
      assertThat(pg.isOwner()).isTrue();
      assertThat(pg.host()).isEqualTo("127.0.0.1");
      assertThat(pg.user()).isEqualTo("postgres");
      assertThat(pg.jdbcUrl("app")).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/app");
      assertThat(pg.postgresUrl("app"))
          .isEqualTo("postgres://postgres:" + pg.password() + "@127.0.0.1:" + pg.port() + "/app");

      assertThat(query(pg, "postgres", "select 1")).isEqualTo("1");
      assertThat(query(pg, "postgres", "select version()")).startsWith("PostgreSQL 17.");
      assertThat(query(pg, "postgres", "show listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(query(pg, "postgres", "show unix_socket_directories")).isEmpty();
      assertThat(query(pg, "postgres", "show fsync")).isEqualTo("on");
      assertThat(query(pg, "postgres", "show max_connections")).isEqualTo("200");
      assertThat(query(pg, "postgres", "show shared_buffers")).isEqualTo("128MB");
      assertThat(query(pg, "postgres", "show server_encoding")).isEqualTo("UTF8");
      assertThat(query(pg, "postgres", "show logging_collector")).isEqualTo("on");

      Path passwordFile = data.resolve("pg-password");
      assertThat(Files.readString(passwordFile).strip()).isEqualTo(pg.password());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("pg"))))
          .isEqualTo("rwx------");
      try (Stream<Path> leftovers = Files.list(data)) {
        assertThat(leftovers.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("cocreate.lock", "pg", "pg-password", "pg-port", "pg-log");
      }
      postmaster = PostmasterPid.read(data.resolve("pg")).orElseThrow().pid();
      if (ROOT) {
        assertThat(Files.getOwner(data.resolve("pg")).getName()).isEqualTo("nobody");
        assertThat(ProcessHandle.of(postmaster).orElseThrow().info().user()).contains("nobody");
      }

      pg.createDatabase("cocreate_test");
      pg.createDatabase("cocreate_test"); // idempotent
      assertThat(query(pg, "cocreate_test", "select current_database()")).isEqualTo("cocreate_test");
      assertThatThrownBy(() -> pg.createDatabase("Bad-Name; drop"))
          .isInstanceOf(IllegalArgumentException.class);

      pg.close();
      pg.close(); // idempotent
      assertThat(Files.exists(data.resolve("pg/postmaster.pid"))).isFalse();
    }
    assertThat(PostmasterPid.isRunning(postmaster)).isFalse();
  }

  @Test
  void postgresUrlEncodesThePassword() {
    assertThat(EmbeddedPostgres.postgresUrl("postgres", "p@ss w/rd:%+", "127.0.0.1", 5432, "db"))
        .isEqualTo("postgres://postgres:p%40ss%20w%2Frd%3A%25%2B@127.0.0.1:5432/db");
  }

  @Test
  void restartKeepsDataPasswordAndPortEvenWithAStalePidFile() throws Exception {
    Path data = dataDir("restart");
    String password;
    int port;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data)) {
      password = pg.password();
      port = pg.port();
      update(pg, "create table kept (v int); insert into kept values (1), (2), (3)");
    }
    // A pid file naming a live process that is not PostgreSQL (pid reused after a reboot).
    Path pidFile = data.resolve("pg/postmaster.pid");
    Files.writeString(
        pidFile,
        ProcessHandle.current().pid() + "\n" + data.resolve("pg") + "\n0\n" + port + "\n\n127.0.0.1\n0 0\nready   \n");
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data)) {
      assertThat(pg.password()).isEqualTo(password);
      assertThat(pg.port()).isEqualTo(port);
      assertThat(query(pg, "postgres", "select count(*) from kept")).isEqualTo("3");
    }
  }

  @Test
  void exclusiveStartFailsWhileOwnedAndPlainStartAttaches() throws Exception {
    Path data = dataDir("shared");
    try (EmbeddedPostgres owner = EmbeddedPostgres.startExclusive(data)) {
      update(owner, "create table t (v int); insert into t values (7)");

      assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(data))
          .isInstanceOf(EmbeddedPostgresException.class)
          .hasMessage(
              "data directory "
                  + data.toRealPath()
                  + " is in use by another Cocreate server (pid "
                  + ProcessHandle.current().pid()
                  + ")");

      try (EmbeddedPostgres attached = EmbeddedPostgres.start(data)) {
        assertThat(attached.isOwner()).isFalse();
        assertThat(attached.port()).isEqualTo(owner.port());
        assertThat(attached.password()).isEqualTo(owner.password());
        assertThat(query(attached, "postgres", "select v from t")).isEqualTo("7");
        assertThatThrownBy(attached::stopServer).isInstanceOf(EmbeddedPostgresException.class);
      }
      // Closing the attached instance neither stopped the server nor released the lock.
      assertThat(query(owner, "postgres", "select v from t")).isEqualTo("7");
      assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(data))
          .hasMessageContaining("is in use by another Cocreate server");
    }
    // Released on close: a new owner can take it.
    try (EmbeddedPostgres again = EmbeddedPostgres.startExclusive(data)) {
      assertThat(again.isOwner()).isTrue();
    }
  }

  @Test
  void stopServerAndStartServerKeepThePort() throws Exception {
    Path data = dataDir("outage");
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data)) {
      int port = pg.port();
      update(pg, "create table t (v int); insert into t values (1)");

      pg.stopServer();
      assertThatThrownBy(() -> query(pg, "postgres", "select 1")).isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(data))
          .hasMessageContaining("is in use by another Cocreate server");

      // The port is taken meanwhile: a clear one-line failure quoting PostgreSQL's log.
      try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        assertThatThrownBy(pg::startServer)
            .isInstanceOf(EmbeddedPostgresException.class)
            .hasMessageContaining("did not start on 127.0.0.1:" + port + " because the port is taken")
            .hasMessageContaining("could not bind IPv4 address \"127.0.0.1\"")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      }

      pg.startServer();
      assertThat(pg.port()).isEqualTo(port);
      assertThat(query(pg, "postgres", "select v from t")).isEqualTo("1");
    }
  }

  @Test
  void recoversTheClusterOfAKilledJvm() throws Exception {
    Path data = dataDir("orphan");
    Path ready = tmp.resolve("child.ready");
    Path childLog = tmp.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process child =
        new ProcessBuilder(
                java, "-cp", classpath, OrphanMaker.class.getName(), data.toString(), ready.toString())
            .redirectErrorStream(true)
            .redirectOutput(childLog.toFile())
            .start();
    children.add(child);
    // The child writes its port to the ready file once its cluster is up; a child that dies first fails at once.
    Eventually.until(Duration.ofSeconds(60), () -> {
      assertThat(child.isAlive()).as("child JVM died early: %s", readQuietly(childLog)).isTrue();
      return Files.exists(ready);
    }, () -> "child JVM not ready: " + readQuietly(childLog));
    int childPort = Integer.parseInt(Files.readString(ready).strip());

    // While the child owns the directory: another process attaches, or is refused.
    assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(data))
        .hasMessageEndingWith("is in use by another Cocreate server (pid " + child.pid() + ")");
    try (EmbeddedPostgres attached = EmbeddedPostgres.start(data)) {
      assertThat(attached.isOwner()).isFalse();
      assertThat(attached.port()).isEqualTo(childPort);
      assertThat(query(attached, "postgres", "select v from survivor")).isEqualTo("42");
    }

    // kill -9: the lock goes with the JVM, the postmaster stays behind.
    long orphan = PostmasterPid.read(data.resolve("pg")).orElseThrow().pid();
    child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(PostmasterPid.isRunning(orphan)).isTrue();

    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data)) {
      assertThat(pg.isOwner()).isTrue();
      assertThat(PostmasterPid.isRunning(orphan)).isFalse();
      assertThat(query(pg, "postgres", "select v from survivor")).isEqualTo("42");
    }
  }

  @Test
  void asRootKeepsTheClusterOfADataDirectoryNobodyCannotReachElsewhere() throws Exception {
    Assumptions.assumeTrue(ROOT, "only meaningful as root: otherwise PostgreSQL runs as this user, who reaches the data directory");
    // A checkout under /root: only root may enter it, and ./data is inside.
    Path locked = tmp.resolve("locked");
    Files.createDirectory(locked, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path data = dataDir("locked/data");
    Path relocationRoot = tmp.resolve("var-lib-cocreate");
    assertThat(EmbeddedPostgres.unreachableAt(data)).isEqualTo(locked);

    Path cluster;
    try (EmbeddedPostgres pg = EmbeddedPostgres.startExclusive(data, relocationRoot)) {
      cluster = pg.clusterDir();
      update(pg, "create table kept (v int); insert into kept values (7)");
    }
    Path home = relocationRoot.toRealPath().resolve(EmbeddedPostgres.relocatedName(data.toRealPath()));
    assertThat(cluster).isEqualTo(home.resolve("pg"));
    assertThat(Files.getOwner(cluster).getName()).isEqualTo("nobody");
    assertThat(Files.readSymbolicLink(data.resolve("pg"))).isEqualTo(home.resolve("pg"));
    assertThat(Files.readSymbolicLink(data.resolve("pg-log"))).isEqualTo(home.resolve("pg-log"));
    assertThat(Files.readString(home.resolve("data-dir")).strip()).isEqualTo(data.toRealPath().toString());
    // The secrets stay with the data directory, out of 'nobody's reach.
    assertThat(data.resolve("pg-password")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(locked))).isEqualTo("rwx------");

    try (EmbeddedPostgres again = EmbeddedPostgres.startExclusive(data, relocationRoot)) {
      assertThat(again.clusterDir()).isEqualTo(cluster);
      assertThat(query(again, "postgres", "select v from kept")).isEqualTo("7");
    }

    // A copy of the data directory (cp -a keeps the link) must not run the same cluster.
    Path copy = dataDir("locked/copy");
    Files.createDirectories(copy);
    Files.createSymbolicLink(copy.resolve("pg"), home.resolve("pg"));
    Files.copy(data.resolve("pg-password"), copy.resolve("pg-password"));
    assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(copy, relocationRoot))
        .isInstanceOf(EmbeddedPostgresException.class)
        .hasMessage("the cluster in " + home + " belongs to the data directory " + data.toRealPath() + ", not "
            + copy.toRealPath() + "; if the data directory was moved here, write its new path into "
            + home.resolve("data-dir"));

    // The cluster was deleted behind the link: say so rather than start an empty database.
    PostgresBinaries.deleteTree(home);
    assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(data, relocationRoot))
        .isInstanceOf(EmbeddedPostgresException.class)
        .hasMessage(data.toRealPath().resolve("pg") + " links to " + home.resolve("pg")
            + ", which is not there: restore that directory, or remove the link to start with an empty database");
  }

  @Test
  void asRootNeverMovesAClusterNobodyCannotReach() throws Exception {
    Assumptions.assumeTrue(ROOT, "only meaningful as root");
    Path locked = tmp.resolve("locked");
    Files.createDirectory(locked, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path data = dataDir("locked/data");
    // A cluster made here before (say while the directory was open): it stays, and start-up stops.
    Files.createDirectories(data.resolve("pg"));
    Files.writeString(data.resolve("pg/PG_VERSION"), "17\n");

    for (int i = 0; i < 2; i++) { // twice: the first failure released the lock
      assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(data, tmp.resolve("var-lib-cocreate")))
          .isInstanceOf(EmbeddedPostgresException.class)
          .hasMessageContaining("user 'nobody', who cannot reach the data directory " + locked.toRealPath().resolve("data"))
          .hasMessageContaining("(blocked at " + locked.toRealPath() + ")")
          .hasMessageContaining("COCREATE_DATA_DIR")
          .hasMessageContaining("never moved automatically")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(Files.exists(tmp.resolve("var-lib-cocreate"))).isFalse();
  }

  @Test
  void asRootSaysSoWhenTheClusterCannotBeKeptElsewhereEither() throws Exception {
    Assumptions.assumeTrue(ROOT, "only meaningful as root");
    Path locked = tmp.resolve("locked");
    Files.createDirectory(locked, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path data = dataDir("locked/data");
    Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");

    assertThatThrownBy(() -> EmbeddedPostgres.startExclusive(data, notADirectory.resolve("cocreate")))
        .isInstanceOf(EmbeddedPostgresException.class)
        .hasMessageContaining("user 'nobody', who cannot reach the data directory " + locked.toRealPath().resolve("data"))
        .hasMessageContaining("(blocked at " + locked.toRealPath() + ")")
        .hasMessageContaining("and the cluster could not be kept in " + notADirectory.resolve("cocreate"))
        .hasMessageContaining("COCREATE_DATA_DIR")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Files.exists(data.resolve("pg"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void concurrentExtractionsShareOneCompleteCopy() throws Exception {
    Path cache = tmp.resolve("cache");
    int n = 2;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<PostgresBinaries>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return PostgresBinaries.ensureExtracted(cache);
        }));
      }
      go.countDown();
      Path home = results.get(0).get(60, TimeUnit.SECONDS).home();
      for (Future<PostgresBinaries> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS).home()).isEqualTo(home);
      }
      try (Stream<Path> entries = Files.list(cache)) {
        assertThat(entries).containsExactly(home);
      }
      assertThat(Files.isSymbolicLink(home.resolve("lib/libpq.so"))).isTrue();
      assertThat(Files.readSymbolicLink(home.resolve("lib/libpq.so"))).hasToString("libpq.so.5.17");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("bin/postgres"))))
          .isEqualTo("rwxr-xr-x");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("share/postgresql/postgres.bki"))))
          .isEqualTo("rw-r--r--");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
          .isEqualTo("rwxr-xr-x");
      assertThat(PostgresBinaries.ensureExtracted(cache).home()).isEqualTo(home);
    } finally {
      pool.shutdownNow();
    }
  }

  // -----------------------------------------------------------------------------------------

  /** Child JVM: owns a cluster, then waits to be killed with -9. */
  public static final class OrphanMaker {
    public static void main(String[] args) throws Exception {
      EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of(args[0]));
      update(pg, "create table survivor (v int); insert into survivor values (42)");
      Files.writeString(Path.of(args[1]), Integer.toString(pg.port()));
      System.in.read(); // the parent kills us; if the parent dies, we exit without cleaning up
    }
  }

  private static String query(EmbeddedPostgres pg, String db, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private static void update(EmbeddedPostgres pg, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no output)";
    }
  }
}
