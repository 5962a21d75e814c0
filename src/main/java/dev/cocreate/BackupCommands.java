package dev.cocreate;

import dev.cocreate.platform.config.AppConfig;
import dev.cocreate.platform.db.DatabaseBackup;
import dev.cocreate.platform.db.DbTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code backup FILE} and {@code restore FILE}: the database as a consistent archive, and back.
 * For the embedded database, backup attaches to a running server (or starts the database for the
 * moment); restore needs the server stopped and an empty data directory. For an external database
 * they work the same, though pg_dump and pg_restore are the usual tools there (docs/operations.md).
 */
final class BackupCommands {
  private static final Logger log = LoggerFactory.getLogger(BackupCommands.class);

  private BackupCommands() {}

  static void backup(AppConfig config, Path file) {
    Path target = file.toAbsolutePath().normalize();
    if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
      throw new IllegalArgumentException("backup: the directory " + target.getParent() + " does not exist");
    }
    try (Main.Db db = Main.openDatabase(config, false)) {
      DatabaseBackup.Summary s = DatabaseBackup.write(DbTarget.parse(db.url()), target);
      log.info("Backup written to {}: schema version {}, {} tables, {} rows", target, s.schemaVersion(), s.tables(), s.rows());
    }
  }

  static void restore(AppConfig config, Path file) {
    Path source = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw new IllegalArgumentException("restore: no backup file at " + source);
    }
    DatabaseBackup.manifest(source); // a bad file fails before any database is touched
    // Exclusive: restoring under a running server would hand it data it did not expect.
    try (Main.Db db = Main.openDatabase(config, true)) {
      DatabaseBackup.Summary s = DatabaseBackup.restore(DbTarget.parse(db.url()), source);
      log.info("Restored {}: schema version {}, {} tables, {} rows; the next start migrates it to this version",
          source, s.schemaVersion(), s.tables(), s.rows());
    }
  }
}
