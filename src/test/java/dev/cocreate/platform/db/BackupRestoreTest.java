package dev.cocreate.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Backup and restore: every table, row and sequence comes back into an empty database")
class BackupRestoreTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static long threadId;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    TestHttp alice = server.http();
    alice.register("backup_alice");
    TestDatabase.execOn(server.dbUrl(), "insert into spaces (slug, name, visibility) values ('backed', 'Backed up', 'public')");
    JsonObject thread = alice.post("/api/threads", new JsonObject().put("space", "backed").put("title", "Kept safe")
        .put("body", "First post, with *markdown* and a quote: \"\\ tab\there")).json();
    threadId = thread.getLong("id");
    TestHttp bob = server.http();
    bob.register("backup_bob");
    long reply = bob.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "A reply\nover two lines")).json()
        .getLong("id");
    alice.put("/api/posts/" + reply + "/vote", new JsonObject().put("value", 1));
  }

  static String emptyDatabase(String name) {
    TestDatabase.get().exec("create database " + name);
    String url = server.dbUrl();
    return url.substring(0, url.lastIndexOf('/') + 1) + name;
  }

  static final List<String> CHECKS = List.of(
      "select count(*) from users",
      "select count(*) from posts",
      "select count(*) from post_votes",
      "select count(*) from events",
      "select count(*) from sessions",
      "select sum(vote_score) from posts",
      "select sum(length(body)) from posts",
      "select sum(reply_count) from threads");

  @Test
  @DisplayName("a backup restored into a new database has the same rows, and new rows get fresh ids")
  void roundTrip() {
    Path file = dir.resolve("cocreate.backup");
    DatabaseBackup.Summary written = DatabaseBackup.write(DbTarget.parse(server.dbUrl()), file);
    assertThat(written.rows()).isPositive();
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(uncheckedPermissions(file))).isEqualTo("rw-------");

    String restored = emptyDatabase("cc_restore_" + ProcessHandle.current().pid() + "_1");
    DatabaseBackup.Summary read = DatabaseBackup.restore(DbTarget.parse(restored), file);
    assertThat(read.rows()).isEqualTo(written.rows());
    for (String q : CHECKS) {
      assertThat(TestDatabase.queryLong(restored, q)).as(q).isEqualTo(TestDatabase.queryLong(server.dbUrl(), q));
    }
    assertThat(TestDatabase.queryLong(restored, "select count(*) from posts where body like '%\"\\\\ tab\there%'")).isEqualTo(1);
    long maxId = TestDatabase.queryLong(restored, "select max(id) from users");
    long next = TestDatabase.queryLong(restored, "insert into users (username, email, display_name, password_hash)"
        + " values ('after_restore', 'after@example.test', 'After', 'x') returning id");
    assertThat(next).isGreaterThan(maxId);

    // The restored database serves: a node on it finds the thread and lets the member sign in.
    try (TestServer node = TestServer.startOn(restored, new JsonObject())) {
      assertThat(node.http().get("/api/threads/" + threadId).json().getString("title")).isEqualTo("Kept safe");
      assertThat(node.http().post("/api/auth/login", new JsonObject().put("login", "backup_alice")
          .put("password", "correct horse battery")).status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("restore refuses a database that already holds accounts, and a file that is not a backup")
  void refusals() throws Exception {
    Path file = dir.resolve("b.backup");
    DatabaseBackup.write(DbTarget.parse(server.dbUrl()), file);
    assertThatThrownBy(() -> DatabaseBackup.restore(DbTarget.parse(server.dbUrl()), file))
        .hasMessageContaining("already holds accounts");
    Path junk = Files.writeString(dir.resolve("junk.backup"), "not a zip");
    assertThatThrownBy(() -> DatabaseBackup.restore(DbTarget.parse(emptyDatabase("cc_restore_" + ProcessHandle.current().pid()
        + "_2")), junk)).hasMessageContaining("cannot read the backup");
  }

  private static Set<PosixFilePermission> uncheckedPermissions(Path p) {
    try {
      return Files.getPosixFilePermissions(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
