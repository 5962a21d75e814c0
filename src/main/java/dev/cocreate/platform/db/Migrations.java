package dev.cocreate.platform.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs Flyway before Vert.x starts; blocking is fine there. Migrations only move forward. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void migrate(DbTarget target) {
    migrate(target, null);
  }

  /**
   * Migrates up to {@code version} only (null: all the way); a restore rebuilds the schema a backup
   * was taken at, loads the data, and leaves the rest of the way to the next start.
   */
  public static void migrate(DbTarget target, String version) {
    var configuration =
        Flyway.configure()
            .dataSource(target.jdbcUrl(), target.user(), target.password())
            .locations("classpath:db/migration");
    Flyway flyway = configuration.load();
    if (version != null) {
      MigrationVersion newest = newestKnown(flyway.info());
      if (newest == null || MigrationVersion.fromVersion(version).compareTo(newest) > 0) {
        throw new IllegalStateException("schema version " + version + " is newer than this server knows (" + newest
            + "); use a newer Cocreate");
      }
      flyway = configuration.target(MigrationVersion.fromVersion(version)).load();
    }
    try {
      refuseNewerSchema(flyway.info());
      int applied = flyway.migrate().migrationsExecuted;
      log.info("Database schema at version {} ({} migration(s) applied now)",
          flyway.info().current().getVersion(), applied);
    } catch (FlywayException e) {
      throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
    }
  }

  /** The newest version among this build's migrations (resolved locally, whatever the database holds). */
  static MigrationVersion newestKnown(MigrationInfoService info) {
    MigrationVersion newest = null;
    for (MigrationInfo m : info.all()) {
      if (m.getState().isResolved() && m.getVersion() != null && (newest == null || m.getVersion().compareTo(newest) > 0)) {
        newest = m.getVersion();
      }
    }
    return newest;
  }

  /** A database migrated by a newer server would be misread by this one: stop with a clear message. */
  private static void refuseNewerSchema(MigrationInfoService info) {
    MigrationInfo current = info.current();
    if (current == null || current.getVersion() == null) {
      return;
    }
    MigrationVersion newestKnown = newestKnown(info);
    if (newestKnown == null || current.getVersion().compareTo(newestKnown) > 0) {
      throw new IllegalStateException(
          "the database schema is at version " + current.getVersion() + " but this server knows only up to "
              + newestKnown + "; run a newer Cocreate or restore a backup");
    }
  }
}
