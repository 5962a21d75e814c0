package dev.cocreate.platform.db;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logical backup of Cocreate's database, and its restore, over JDBC only.
 *
 * <p>The embedded PostgreSQL binaries on Maven Central ship {@code initdb}, {@code pg_ctl} and
 * {@code postgres} but no {@code pg_dump}, so the backup is done the way pg_dump does it, with the
 * server's own COPY: one {@code REPEATABLE READ, READ ONLY} transaction (a consistent snapshot,
 * while the server keeps serving) copies every table of the schema into a zip archive, with the
 * sequences' positions and the Flyway schema version in a manifest.
 *
 * <p>The schema itself is not copied: it is exactly what the migrations up to that version make.
 * A restore migrates an empty database to the backup's version, loads every table (foreign keys
 * are checked by the data having come from one consistent snapshot, not row by row, which needs a
 * superuser: always true for the embedded database), sets the sequences, and checks the row
 * counts. The next server start migrates the rest of the way, so a backup taken by an older
 * version restores into a newer one.
 */
public final class DatabaseBackup {
  private static final Logger log = LoggerFactory.getLogger(DatabaseBackup.class);

  public static final String FORMAT = "cocreate-backup";
  public static final int FORMAT_VERSION = 1;
  static final String MANIFEST = "manifest.json";
  static final String HISTORY = "flyway_schema_history";

  private DatabaseBackup() {}

  /** What a backup holds. */
  public record Summary(String schemaVersion, int tables, long rows) {}

  /** Writes the backup to {@code file} (atomically, mode 0600: it holds password hashes and e-mails). */
  public static Summary write(DbTarget target, Path file) {
    Path tmp = file.resolveSibling(file.getFileName() + ".partial");
    try (Connection c = connect(target)) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      String version = schemaVersion(c);
      if (version == null) {
        throw new IllegalStateException("the database " + target.database() + " holds no Cocreate schema; nothing to back up");
      }
      List<String> tables = names(c, "r");
      tables.remove(HISTORY);
      JsonArray tableList = new JsonArray();
      JsonArray sequenceList = new JsonArray();
      long total = 0;
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
        for (String table : tables) {
          List<String> columns = columns(c, table);
          zip.putNextEntry(new ZipEntry("tables/" + table + ".copy"));
          long rows = copy.copyOut("copy " + quote(table) + " (" + columnList(columns) + ") to stdout", unclosable(zip));
          zip.closeEntry();
          total += rows;
          tableList.add(new JsonObject().put("name", table).put("columns", new JsonArray(new ArrayList<>(columns))).put("rows", rows));
        }
        for (String sequence : names(c, "S")) {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("select last_value, is_called from " + quote(sequence))) {
            rs.next();
            sequenceList.add(new JsonObject().put("name", sequence).put("lastValue", rs.getLong(1)).put("isCalled", rs.getBoolean(2)));
          }
        }
        JsonObject manifest = new JsonObject()
            .put("format", FORMAT)
            .put("formatVersion", FORMAT_VERSION)
            .put("schemaVersion", version)
            .put("createdAt", Instant.now().toString())
            .put("database", target.database())
            .put("tables", tableList)
            .put("sequences", sequenceList);
        zip.putNextEntry(new ZipEntry(MANIFEST));
        zip.write(manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      c.commit();
      try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Summary(version, tables.size(), total);
    } catch (SQLException e) {
      throw new IllegalStateException("backup failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("backup failed: cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort; the name says it is partial
      }
    }
  }

  /** Reads the manifest of a backup file; fails with a clear message if it is not one. */
  public static JsonObject manifest(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry entry = zip.getEntry(MANIFEST);
      if (entry == null) {
        throw new IllegalStateException(file + " is not a complete Cocreate backup (no " + MANIFEST + ")");
      }
      JsonObject m;
      try (InputStream in = zip.getInputStream(entry)) {
        m = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      if (!FORMAT.equals(m.getString("format")) || m.getInteger("formatVersion", 0) > FORMAT_VERSION) {
        throw new IllegalStateException(file + " is not a Cocreate backup this version can read");
      }
      return m;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalStateException ise) {
        throw ise;
      }
      throw new IllegalStateException("cannot read the backup " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Restores {@code file} into the database, which must hold no Cocreate data yet (a new database,
   * or one that only has the schema). Migrates to the backup's schema version first.
   */
  public static Summary restore(DbTarget target, Path file) {
    JsonObject manifest = manifest(file);
    String version = manifest.getString("schemaVersion");
    try (Connection c = connect(target)) {
      refuseIfHoldsData(c, target);
    } catch (SQLException e) {
      throw new IllegalStateException("restore failed: " + e.getMessage(), e);
    }
    Migrations.migrate(target, version);
    long total = 0;
    JsonArray tables = manifest.getJsonArray("tables");
    try (ZipFile zip = new ZipFile(file.toFile()); Connection c = connect(target)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // Rows arrive table by table, so a row may name one that comes later: the snapshot they
        // were copied from was consistent, so referential triggers are skipped for the load.
        s.execute("set local session_replication_role = replica");
      } catch (SQLException e) {
        throw new IllegalStateException("restore needs a database superuser (it loads tables with their foreign keys"
            + " unchecked); the embedded database always is one: " + e.getMessage(), e);
      }
      List<String> names = new ArrayList<>();
      tables.forEach(t -> names.add(quote(((JsonObject) t).getString("name"))));
      if (!names.isEmpty()) {
        try (Statement s = c.createStatement()) {
          // Rows that migrations seed (default settings) are in the backup too.
          s.execute("truncate " + String.join(", ", names));
        }
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (Object o : tables) {
        JsonObject t = (JsonObject) o;
        String table = t.getString("name");
        ZipEntry entry = zip.getEntry("tables/" + table + ".copy");
        if (entry == null) {
          throw new IllegalStateException("the backup has no data for table " + table);
        }
        List<String> columns = new ArrayList<>();
        t.getJsonArray("columns").forEach(col -> columns.add((String) col));
        long rows;
        try (InputStream in = zip.getInputStream(entry)) {
          rows = copy.copyIn("copy " + quote(table) + " (" + columnList(columns) + ") from stdin", in);
        }
        if (rows != t.getLong("rows")) {
          throw new IllegalStateException("table " + table + ": restored " + rows + " rows, the backup lists " + t.getLong("rows"));
        }
        total += rows;
      }
      for (Object o : manifest.getJsonArray("sequences")) {
        JsonObject seq = (JsonObject) o;
        try (PreparedStatement ps = c.prepareStatement("select setval(?::regclass, ?, ?)")) {
          ps.setString(1, quote(seq.getString("name")));
          ps.setLong(2, seq.getLong("lastValue"));
          ps.setBoolean(3, seq.getBoolean("isCalled"));
          ps.execute();
        }
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.execute("analyze");
      }
      c.commit();
      return new Summary(version, tables.size(), total);
    } catch (SQLException e) {
      throw new IllegalStateException("restore failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("restore failed: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void refuseIfHoldsData(Connection c, DbTarget target) throws SQLException {
    if (schemaVersion(c) == null) {
      return;
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select exists (select 1 from users)")) {
      if (rs.next() && rs.getBoolean(1)) {
        throw new IllegalStateException("the database " + target.database() + " already holds accounts; restore only into an"
            + " empty one (stop the server and move the data directory's pg/ away, or point dbUrl at a new database)");
      }
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) { // no users table: a schema too old to hold any
        throw e;
      }
    }
  }

  /** The version of the last successful migration, or null when Flyway never ran here. */
  static String schemaVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select to_regclass('" + HISTORY + "') is not null")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return null;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select version from " + HISTORY
            + " where success and version is not null order by installed_rank desc limit 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Relations of a kind ({@code r} tables, {@code S} sequences) in the current schema, by name. */
  private static List<String> names(Connection c, String kind) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind = ? and c.relpersistence = 'p'
        order by c.relname""")) {
      ps.setString(1, kind);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Columns a COPY can write back: generated columns are computed again on load. */
  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        select a.attname from pg_attribute a
        where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        order by a.attnum""")) {
      ps.setString(1, quote(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static String columnList(List<String> columns) {
    return String.join(", ", columns.stream().map(DatabaseBackup::quote).toList());
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static Connection connect(DbTarget target) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", target.user());
    props.setProperty("password", target.password());
    props.setProperty("ApplicationName", "cocreate-backup");
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(target.jdbcUrl(), props);
  }

  /** The zip stays open across entries; COPY must not close it. */
  private static OutputStream unclosable(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
