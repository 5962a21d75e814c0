package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.db.NewerSchemaTest;
import dev.cocreate.support.CocreateProcess;
import dev.cocreate.support.JarSandbox;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's commands on the packaged jar, as separate processes: backup while the server
 * runs, wipe, restore, start again; and a server refusing a database a newer version migrated.
 */
@DisplayName("java -jar cocreate.jar: backup, restore and upgrades")
class OperationsIT {
  static final Duration READY = CocreateProcess.READY;
  static final Duration COMMAND = Duration.ofSeconds(120);
  static final String PASSWORD = "correct horse battery";
  /** What must all come back: the demo's firm, challenge, ideas, supports, threads, and accounts. */
  static final List<String> TABLES = List.of("users", "orgs", "spaces", "threads", "posts", "post_votes", "challenges", "ideas",
      "idea_supports", "idea_responses", "events", "site_settings");

  @RegisterExtension
  static final JarSandbox jars = JarSandbox.perTest("cc-ops-it-");

  CocreateProcess run(String label, Map<String, String> env, String... args) {
    return jars.start(CocreateProcess.spec(jars.testName() + "-" + label).env(env).args(args));
  }

  Map<String, String> env(int port) {
    Map<String, String> env = jars.serverEnv(port);
    env.put("COCREATE_DEMO", "true");
    return env;
  }

  @Test
  @DisplayName("backup while serving, wipe the data directory, restore, start: every thread, idea and account is back")
  void backupWipeRestore() throws Exception {
    int port = TestServer.freePort();
    CocreateProcess server = run("server", env(port));
    server.awaitReady(port, READY);
    TestHttp member = new TestHttp("http://127.0.0.1:" + port);
    member.register("kept_member");
    Resp thread = member.post("/api/threads", new JsonObject().put("space", spaceSlug(port)).put("title", "Written before the backup")
        .put("body", "Must survive a wipe"));
    assertThat(thread.status()).as(thread.toString()).isEqualTo(201);
    long threadId = thread.json().getLong("id");
    Map<String, Long> before = counts();
    assertThat(before.get("ideas")).as("the demo seeded ideas").isPositive();

    Path backup = jars.dir().resolve("cocreate-backup.zip");
    CocreateProcess dump = run("backup", env(port), "backup", backup.toString());
    assertThat(dump.awaitExit(COMMAND)).as(dump.output()).isZero();
    assertThat(dump.output()).contains("Backup written to " + backup).contains("Attached to embedded PostgreSQL");
    assertThat(backup).isRegularFile();
    assertThat(server.isAlive()).as("the server kept running").isTrue();

    server.terminate();
    assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
    JarSandbox.deleteTree(jars.dataDir());

    CocreateProcess restore = run("restore", env(port), "restore", backup.toString());
    assertThat(restore.awaitExit(COMMAND)).as(restore.output()).isZero();
    assertThat(restore.output()).contains("Restored " + backup);

    CocreateProcess again = run("restore-again", env(port), "restore", backup.toString());
    assertThat(again.awaitExit(COMMAND)).as("a second restore onto data").isNotZero();
    assertThat(again.output()).contains("already holds accounts");

    CocreateProcess restarted = run("restarted", env(port));
    restarted.awaitReady(port, READY);
    assertThat(counts()).as("rows per table after restore").isEqualTo(before);
    TestHttp http = new TestHttp("http://127.0.0.1:" + port);
    assertThat(http.post("/api/auth/login", new JsonObject().put("login", "kept_member").put("password", PASSWORD)).status())
        .isEqualTo(200);
    assertThat(http.post("/api/auth/login", new JsonObject().put("login", "alice").put("password", "cocreate-demo")).status())
        .as("a demo account").isEqualTo(200);
    assertThat(http.get("/api/threads/" + threadId).json().getString("title")).isEqualTo("Written before the backup");
    TestHttp fresh = new TestHttp("http://127.0.0.1:" + port);
    assertThat(fresh.register("after_restore").getLong("id")).as("new ids continue after the restored ones")
        .isGreaterThan(before.get("max(users.id)"));
    restarted.terminate();
    assertThat(restarted.awaitExit(Duration.ofSeconds(40))).isZero();
  }

  @Test
  @DisplayName("a server on a database a newer version migrated exits non-zero with one line saying so")
  void refusesNewerSchema() {
    String dbUrl = TestDatabase.get().freshDatabaseUrl();
    NewerSchemaTest.pretendNewerServerMigrated(dbUrl);
    Map<String, String> env = env(TestServer.freePort());
    env.put("COCREATE_DB_URL", dbUrl);
    env.remove("COCREATE_DEMO");
    CocreateProcess server = run("newer", env);
    assertThat(server.awaitExit(Duration.ofSeconds(60))).as(server.output()).isNotZero();
    List<String> errors = server.outputLines().stream().filter(l -> l.contains("ERROR")).toList();
    assertThat(errors).as(server.output()).hasSize(1);
    assertThat(errors.get(0)).contains("schema is at version 999").contains("run a newer Cocreate");
    assertThat(server.output()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** The demo's first public space. */
  static String spaceSlug(int port) {
    return new TestHttp("http://127.0.0.1:" + port).get("/api/spaces").items().getJsonObject(0).getString("slug");
  }

  /** Rows per table, straight from the embedded cluster (its port and password are in the data directory). */
  Map<String, Long> counts() throws IOException, SQLException {
    String password = Files.readString(jars.dataDir().resolve("pg-password")).strip();
    int pgPort = Integer.parseInt(Files.readString(jars.dataDir().resolve("pg-port")).strip());
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/cocreate", "postgres", password);
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
          rs.next();
          out.put(table, rs.getLong(1));
        }
      }
      try (ResultSet rs = s.executeQuery("select max(id) from users")) {
        rs.next();
        out.put("max(users.id)", rs.getLong(1));
      }
    }
    return out;
  }

}
