package dev.cocreate.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's test command as root from a checkout 'nobody' cannot reach (a clone under /root):
 * the suite's shared cluster must go where PostgreSQL, run as 'nobody', can work.
 */
@DisplayName("The test database starts wherever the checkout is")
class TestDatabaseLocationTest {
  private static final Path TEMP = Path.of(System.getProperty("java.io.tmpdir"));
  private Path checkoutParent;
  private Path chosen;

  @AfterEach
  void cleanUp() throws IOException {
    for (Path dir : new Path[] {chosen, checkoutParent}) {
      if (dir != null && Files.exists(dir)) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("a checkout PostgreSQL's user can reach keeps the cluster in its target/test-data")
  void reachableCheckout() throws IOException {
    checkoutParent = Files.createTempDirectory(TEMP, "cc-open-checkout-");
    Files.setPosixFilePermissions(checkoutParent, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path base = checkoutParent.resolve("target/test-data");
    chosen = TestDatabase.clusterDataDir(base, TEMP);
    assertThat(chosen).isEqualTo(base.toAbsolutePath().resolve("shared-" + ProcessHandle.current().pid()));
  }

  @Test
  @DisplayName("as root, a checkout inside a mode-700 directory gets a cluster under the temp directory that starts")
  void checkoutNobodyCannotReach() throws Exception {
    Assumptions.assumeTrue("0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))),
        "not root: PostgreSQL runs as this user, who reaches every checkout it can build");
    // Files.createTempDirectory makes it mode 700, like /root.
    checkoutParent = Files.createTempDirectory(TEMP, "cc-private-checkout-");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(checkoutParent))).isEqualTo("rwx------");
    Path base = checkoutParent.resolve("cocreate/target/test-data");
    assertThat(EmbeddedPostgres.unreachableAt(base)).as("where the suite used to put it").isEqualTo(checkoutParent);

    chosen = TestDatabase.clusterDataDir(base, TEMP);

    assertThat(chosen.startsWith(checkoutParent)).as(chosen + " outside the checkout").isFalse();
    assertThat(chosen).startsWith(TEMP);
    assertThat(Files.getOwner(chosen).getName()).isEqualTo("root");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(chosen))).isEqualTo("rwx--x--x");
    assertThat(EmbeddedPostgres.unreachableAt(chosen)).isNull();
    try (EmbeddedPostgres pg = EmbeddedPostgres.startExclusive(chosen)) {
      assertThat(pg.clusterDir()).as("not relocated: reachable as it is").isEqualTo(chosen.toRealPath().resolve("pg"));
      assertThat(Files.getOwner(pg.clusterDir()).getName()).isEqualTo("nobody");
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), pg.password());
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select count(*) from pg_database")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isPositive();
      }
    }
  }
}
