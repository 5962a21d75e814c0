package dev.cocreate.platform.db;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.support.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Migrations only move forward: a database migrated by a newer Cocreate is refused")
public class NewerSchemaTest {

  /** What a newer server leaves behind: a successful migration this build does not have. */
  public static void pretendNewerServerMigrated(String dbUrl) {
    TestDatabase.execOn(dbUrl, """
        insert into flyway_schema_history
          (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
        select max(installed_rank) + 1, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test', 1, true
        from flyway_schema_history""");
  }

  @Test
  @DisplayName("migrating a database at version 999 stops with one line naming both versions")
  void refusesNewer() {
    String url = TestDatabase.get().freshDatabaseUrl();
    pretendNewerServerMigrated(url);
    assertThatThrownBy(() -> Migrations.migrate(DbTarget.parse(url)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema is at version 999")
        .hasMessageContaining("run a newer Cocreate")
        .hasMessageNotContaining("\n");
  }

  @Test
  @DisplayName("a database at this build's own version migrates (nothing to do) without complaint")
  void acceptsCurrent() {
    String url = TestDatabase.get().freshDatabaseUrl();
    assertThatCode(() -> Migrations.migrate(DbTarget.parse(url))).doesNotThrowAnyException();
  }
}
