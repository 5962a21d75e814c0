package dev.cocreate.support;

import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.db.EmbeddedPostgres;
import dev.cocreate.platform.db.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One PostgreSQL for the whole test run: the embedded one, or the server named by
 * COCREATE_TEST_DB_URL. Each test class gets its own database, cloned from a migrated template
 * so it starts clean in a fraction of a second.
 */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile TestDatabase instance;

  private final String adminUrl;
  private final EmbeddedPostgres embedded;

  private TestDatabase(String adminUrl, EmbeddedPostgres embedded) {
    this.adminUrl = adminUrl;
    this.embedded = embedded;
  }

  public static synchronized TestDatabase get() {
    if (instance == null) {
      String external = System.getenv("COCREATE_TEST_DB_URL");
      if (external != null && !external.isBlank()) {
        instance = new TestDatabase(external, null);
      } else {
        Path base = Path.of(System.getProperty("cocreate.test.dataDir", "target/test-data"));
        Path dir = clusterDataDir(base, Path.of(System.getProperty("java.io.tmpdir")));
        EmbeddedPostgres pg = EmbeddedPostgres.startExclusive(dir);
        instance = new TestDatabase(pg.postgresUrl("postgres"), pg);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          pg.close();
          if (!dir.startsWith(base.toAbsolutePath().normalize())) {
            deleteQuietly(dir); // our own directory under the temp dir: nothing else would remove it
          }
        }));
        // The shared test cluster holds throwaway databases: trading durability for speed keeps the
        // suite fast on 2 cores and lets a test that restarts it stop in seconds. The server's own
        // clusters (and the tests that crash or restart the real jar) keep fsync on.
        for (String setting : new String[] {"fsync = off", "synchronous_commit = off", "full_page_writes = off"}) {
          instance.exec("alter system set " + setting);
        }
        instance.exec("select pg_reload_conf()");
      }
      instance.prepareTemplate();
    }
    return instance;
  }

  /**
   * The data directory of this run's shared cluster: {@code base/shared-PID} (target/test-data of
   * the checkout), unless this JVM is root and 'nobody', who then runs PostgreSQL, cannot reach
   * {@code base} (a checkout under /root, or any mode-700 parent). Then a directory of its own under
   * {@code tempRoot}: root's, mode 711 so 'nobody' may pass but not list it; PostgreSQL makes its
   * cluster inside, owned by 'nobody'. The server would keep such a cluster in /var/lib/cocreate;
   * throwaway test clusters belong in the temp directory, removed when the run ends.
   */
  static Path clusterDataDir(Path base, Path tempRoot) {
    Path preferred = base.toAbsolutePath().normalize().resolve("shared-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(base);
      Path blocked = EmbeddedPostgres.unreachableAt(base);
      if (blocked == null) {
        return preferred;
      }
      Path own = Files.createTempDirectory(tempRoot, "cocreate-test-db-");
      Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx--x--x"));
      Path stillBlocked = EmbeddedPostgres.unreachableAt(own);
      if (stillBlocked != null) {
        deleteQuietly(own);
        throw new IllegalStateException("the test database cannot go in " + base + " (user 'nobody', who runs PostgreSQL"
            + " for root, is blocked at " + blocked + ") nor in " + tempRoot + " (blocked at " + stillBlocked
            + "): run the tests with -Djava.io.tmpdir=/tmp or from a checkout outside mode-700 directories");
      }
      System.err.println("[TestDatabase] user 'nobody', who runs PostgreSQL for root, cannot reach " + base
          + " (blocked at " + blocked + "): the test cluster goes in " + own + " instead");
      return own;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a directory for the test database: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("[TestDatabase] could not remove " + dir + ": " + e);
    }
  }

  public EmbeddedPostgres embedded() {
    return embedded;
  }

  private String templateName() {
    return "cc_template_" + ProcessHandle.current().pid();
  }

  private void prepareTemplate() {
    exec("drop database if exists " + templateName());
    exec("create database " + templateName());
    Migrations.migrate(withDatabase(templateName()));
  }

  /** A new, migrated, empty database; returns its postgres:// URL. */
  public String freshDatabaseUrl() {
    String name = "cc_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    exec("create database " + name + " template " + templateName());
    DbTarget t = withDatabase(name);
    return "postgres://" + enc(t.user()) + ":" + enc(t.password()) + "@" + t.host() + ":" + t.port() + "/" + name;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private DbTarget withDatabase(String name) {
    DbTarget admin = DbTarget.parse(adminUrl);
    return new DbTarget(admin.host(), admin.port(), name, admin.user(), admin.password());
  }

  public void exec(String sql) {
    DbTarget t = DbTarget.parse(adminUrl);
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password()); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs SQL against one test database (for assertions on stored rows). */
  public static long queryLong(String postgresUrl, String sql) {
    DbTarget t = DbTarget.parse(postgresUrl);
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password()); Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void execOn(String postgresUrl, String sql) {
    DbTarget t = DbTarget.parse(postgresUrl);
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password()); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
