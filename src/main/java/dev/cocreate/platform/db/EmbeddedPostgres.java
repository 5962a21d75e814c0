package dev.cocreate.platform.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster that Cocreate runs itself, from the binaries on the classpath, when no
 * external database is configured.
 *
 * <p>Layout of a data directory {@code D}:
 *
 * <pre>
 * D/cocreate.lock   exclusive OS lock of the owning process, holds its pid
 * D/pg/             the cluster (owned by 'nobody' when Cocreate runs as root)
 * D/pg-password     superuser password, 0600, generated at initdb and reused
 * D/pg-port         port of the last start, reused while free
 * D/pg-log/         startup.log (initdb, pg_ctl, early server output), postgresql-Day.log
 * </pre>
 *
 * <p>As root, PostgreSQL runs as 'nobody' (see {@link OsAccount}), who must reach {@code pg/} and
 * {@code pg-log/}. When it cannot reach {@code D} (a checkout under {@code /root}, or any mode-700
 * parent), a new cluster is kept in {@code /var/lib/cocreate/<name>-<hash>/} instead, and {@code
 * D/pg} and {@code D/pg-log} are symbolic links to it; the lock, password and port stay in
 * {@code D}. An existing cluster is never moved: then start-up stops, naming the blocking directory.
 *
 * <p>One process owns a data directory at a time. {@link #start} attaches to the cluster of a
 * live owner (so {@code create-admin} works while the server runs); {@link #startExclusive}
 * refuses. A cluster left running by an owner that died (kill -9) is stopped and started again
 * by the next owner. Nothing global is registered: the caller closes the instance.
 *
 * <p>It is one class because starting is one ordered procedure over one directory (unpack, initdb,
 * relocate for 'nobody', lock, start or take over, stop) whose every failure must name that
 * directory and leave it usable; the parts that stand alone are classes of their own (DataDirLock,
 * OsAccount, PostgresBinaries, PostmasterPid, LogTail).
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

  private static final String HOST = "127.0.0.1";
  private static final String SUPERUSER = "postgres";
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z0-9_]{1,63}");
  /** pg_ctl puts paths inside double quotes in a shell command line. */
  private static final Pattern SHELL_UNSAFE = Pattern.compile("[\"$`\\\\\\n\\r]");

  private static final int PORT_ATTEMPTS = 5;
  private static final int PG_CTL_WAIT_SECONDS = 60;
  private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(PG_CTL_WAIT_SECONDS + 30);
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration ATTACH_WAIT = Duration.ofSeconds(15);
  private static final long MAX_STARTUP_LOG_BYTES = 1024 * 1024;
  private static final int CONNECT_TIMEOUT_SECONDS = 10;

  private static final String CLUSTER_DIR = "pg";
  private static final String PASSWORD_FILE = "pg-password";
  private static final String PORT_FILE = "pg-port";
  private static final String LOG_DIR = "pg-log";
  private static final String STARTUP_LOG = "startup.log";
  /** In a relocated cluster home: the data directory it belongs to, for the operator. */
  private static final String DATA_DIR_NOTE = "data-dir";

  /**
   * As root, where a new cluster goes when 'nobody' cannot reach the data directory. Persistent
   * state belongs in /var/lib; the system temp directory would be emptied by tmp cleaners.
   */
  public static final Path RELOCATION_ROOT = Path.of("/var/lib/cocreate");

  private static final String SETTINGS =
      """

      # ---- Cocreate embedded PostgreSQL (written once at initdb; edit freely) ----
      # Port, listen address and socket directory are given on the command line by Cocreate.
      max_connections = 200
      shared_buffers = 128MB
      # Acknowledged writes are never lost: keep these on.
      fsync = on
      synchronous_commit = on
      full_page_writes = on
      timezone = 'UTC'
      log_timezone = 'UTC'
      logging_collector = on
      log_directory = '../pg-log'
      log_filename = 'postgresql-%a.log'
      log_truncate_on_rotation = on
      log_rotation_age = 1d
      log_rotation_size = 0
      log_line_prefix = '%m [%p] %q%u@%d '
      """;

  private final Path dataDir;
  /** The cluster, {@code home/pg}: in the data directory, or where it was relocated to. */
  private final Path clusterDir;
  private final Path startupLog;
  private final String password;
  private final boolean owner;
  /** Only for an owner. */
  private final OsAccount account;
  /** Only for an owner. */
  private final PostgresBinaries binaries;
  /** Only for an owner. */
  private final DataDirLock lock;

  private volatile int port;
  private boolean running; // guarded by this
  private boolean closed; // guarded by this

  private EmbeddedPostgres(
      Path dataDir,
      Path home,
      String password,
      int port,
      boolean owner,
      OsAccount account,
      PostgresBinaries binaries,
      DataDirLock lock) {
    this.dataDir = dataDir;
    this.clusterDir = home.resolve(CLUSTER_DIR);
    this.startupLog = home.resolve(LOG_DIR).resolve(STARTUP_LOG);
    this.password = password;
    this.port = port;
    this.owner = owner;
    this.account = account;
    this.binaries = binaries;
    this.lock = lock;
    this.running = owner;
  }

  /**
   * Starts (or initializes then starts) the cluster in {@code dataDir.resolve("pg")}; blocking;
   * call before Vert.x starts. If another live Cocreate process owns {@code dataDir}, attaches to
   * its running cluster instead ({@link #isOwner()} is then false).
   */
  public static EmbeddedPostgres start(Path dataDir) throws EmbeddedPostgresException {
    return open(dataDir, true, RELOCATION_ROOT);
  }

  /**
   * Like {@link #start}, but fails if another live Cocreate process owns {@code dataDir}: the
   * server uses this so that two servers never share one database by accident.
   */
  public static EmbeddedPostgres startExclusive(Path dataDir) throws EmbeddedPostgresException {
    return open(dataDir, false, RELOCATION_ROOT);
  }

  /** Like {@link #startExclusive(Path)}, relocating an unreachable cluster under {@code relocationRoot}. */
  static EmbeddedPostgres startExclusive(Path dataDir, Path relocationRoot) {
    return open(dataDir, false, relocationRoot);
  }

  /**
   * The first directory on the way to {@code dir} that the account PostgreSQL runs as cannot pass,
   * or null when it can reach {@code dir} (always null unless this process is root). Blocking: it
   * runs {@code test -x} as that account. For callers that choose where a cluster goes.
   */
  public static Path unreachableAt(Path dir) {
    OsAccount account = OsAccount.forThisProcess();
    return account.switchesUser() ? account.firstBlocked(dir.toAbsolutePath().normalize()) : null;
  }

  /** Where the cluster is: {@code pg/} of the data directory, or where it was relocated to. */
  public Path clusterDir() {
    return clusterDir;
  }

  public int port() {
    return port;
  }

  public String host() {
    return HOST;
  }

  public String user() {
    return SUPERUSER;
  }

  public String password() {
    return password;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/database}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /** {@code postgres://user:password@127.0.0.1:PORT/database}, user and password URL-encoded. */
  public String postgresUrl(String database) {
    return postgresUrl(SUPERUSER, password, HOST, port, database);
  }

  static String postgresUrl(String user, String password, String host, int port, String db) {
    return "postgres://"
        + urlEncode(user)
        + ":"
        + urlEncode(password)
        + "@"
        + host
        + ":"
        + port
        + "/"
        + db;
  }

  /** Creates database {@code name} unless it exists; {@code name} must match [a-z0-9_]+. */
  public void createDatabase(String name) {
    if (name == null || !DATABASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "database name must be 1 to 63 characters of a-z, 0-9 and _: " + name);
    }
    requireOpen();
    try (Connection c = connect("postgres")) {
      try (PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("create database \"" + name + "\"");
        LOG.info("Created database {}", name);
      } catch (SQLException e) {
        if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created meanwhile
          throw e;
        }
      }
    } catch (SQLException e) {
      throw new EmbeddedPostgresException(
          "could not create database " + name + " on " + HOST + ":" + port + ": " + e.getMessage(),
          e);
    }
  }

  /** Stops the server (pg_ctl stop -m fast) but keeps ownership of the data directory. */
  public synchronized void stopServer() {
    requireOwner("stopServer");
    requireOpen();
    if (running) {
      pgCtlStop();
      running = false;
      LOG.info("Embedded PostgreSQL on {}:{} stopped", HOST, port);
    }
  }

  /** Starts the server again after {@link #stopServer()}, on the same port. */
  public synchronized void startServer() {
    requireOwner("startServer");
    requireOpen();
    if (!running) {
      pgCtlStart(port, false);
      running = true;
      LOG.info("Embedded PostgreSQL started again on {}:{}", HOST, port);
    }
  }

  /** False if this instance attached to a cluster that another live Cocreate process runs. */
  public boolean isOwner() {
    return owner;
  }

  /** Stops the server (if owner) and releases the data directory; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!owner) {
      return;
    }
    try {
      if (running) {
        pgCtlStop();
        running = false;
        LOG.info("Embedded PostgreSQL on {}:{} stopped", HOST, port);
      }
    } finally {
      lock.release();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres["
        + HOST
        + ":"
        + port
        + ", "
        + clusterDir
        + (owner ? "" : ", attached")
        + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // opening

  private static EmbeddedPostgres open(Path requested, boolean allowAttach, Path relocationRoot) {
    Path dataDir = prepareDataDir(requested);
    DataDirLock lock = DataDirLock.tryAcquire(dataDir);
    if (lock == null) {
      OptionalLong holder = DataDirLock.holderPid(dataDir);
      String pid = holder.isPresent() ? Long.toString(holder.getAsLong()) : "unknown";
      if (!allowAttach) {
        throw new EmbeddedPostgresException(
            "data directory " + dataDir + " is in use by another Cocreate server (pid " + pid + ")");
      }
      return attach(dataDir, pid);
    }
    try {
      return startOwned(dataDir, lock, relocationRoot);
    } catch (RuntimeException | Error e) {
      lock.release();
      throw e;
    }
  }

  private static Path prepareDataDir(Path requested) {
    Path dir = requested.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      dir = dir.toRealPath();
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not create data directory " + dir + ": " + e.getMessage(), e);
    }
    if (SHELL_UNSAFE.matcher(dir.toString()).find()) {
      throw new EmbeddedPostgresException(
          "data directory "
              + dir
              + " contains a character PostgreSQL's pg_ctl cannot handle (\" $ ` \\ or a line"
              + " break); set COCREATE_DATA_DIR to a plainer path");
    }
    return dir;
  }

  private static EmbeddedPostgres attach(Path dataDir, String holderPid) {
    Path clusterDir = dataDir.resolve(CLUSTER_DIR);
    long deadline = System.nanoTime() + ATTACH_WAIT.toNanos();
    Optional<PostmasterPid> pm = PostmasterPid.read(clusterDir);
    while (pm.filter(p -> p.ready() && p.alive()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new EmbeddedPostgresException(
            "data directory "
                + dataDir
                + " is in use by another Cocreate process (pid "
                + holderPid
                + ") whose database is not running; try again when it is, or stop that process");
      }
      sleep(100);
      pm = PostmasterPid.read(clusterDir);
    }
    String password = readPassword(dataDir);
    int port = pm.get().port();
    LOG.info(
        "Attached to embedded PostgreSQL on {}:{} run by Cocreate process {}, data in {}",
        HOST,
        port,
        holderPid,
        clusterDir);
    return new EmbeddedPostgres(dataDir, realParent(clusterDir), password, port, false, null, null, null);
  }

  private static EmbeddedPostgres startOwned(Path dataDir, DataDirLock lock, Path relocationRoot) {
    OsAccount account = OsAccount.forThisProcess();
    PostgresBinaries binaries = PostgresBinaries.ensureExtracted();
    if (SHELL_UNSAFE.matcher(binaries.home().toString()).find()) {
      throw new EmbeddedPostgresException(
          "the PostgreSQL binaries directory "
              + binaries.home()
              + " contains a character pg_ctl cannot handle; start Java with"
              + " -Djava.io.tmpdir=/tmp");
    }
    if (account.switchesUser()) {
      checkSwitch(account);
      letThrough(dataDir);
    }
    Path home = clusterHome(account, dataDir, relocationRoot);
    if (account.switchesUser()) {
      checkReachable(account, dataDir, home, binaries);
    }
    Path logDir = home.resolve(LOG_DIR);
    Path startupLog = logDir.resolve(STARTUP_LOG);
    prepareLogs(account, logDir, startupLog);

    Path clusterDir = home.resolve(CLUSTER_DIR);
    String password;
    if (Files.isRegularFile(clusterDir.resolve("PG_VERSION"))) {
      password = readPassword(dataDir);
      if (account.switchesUser() && !ownedBy(clusterDir, account)) {
        LOG.warn("Giving {} to user '{}', who runs PostgreSQL", clusterDir, account.userName());
        account.ownTree(clusterDir);
      }
    } else {
      refuseForeignDirectory(clusterDir);
      password =
          Files.exists(dataDir.resolve(PASSWORD_FILE)) ? readPassword(dataDir) : newPassword(dataDir);
      initdb(account, binaries, home, clusterDir, startupLog, password);
    }
    if (!home.equals(dataDir)) {
      linkFromDataDir(dataDir, home);
    }

    EmbeddedPostgres pg =
        new EmbeddedPostgres(dataDir, home, password, 0, true, account, binaries, lock);
    pg.stopOrphan();
    pg.pgCtlStart(savedPort(dataDir), true);
    try {
      writePort(dataDir, pg.port);
      String version = pg.serverVersion();
      LOG.info(
          "Embedded PostgreSQL {} started on {}:{}, data in {}", version, HOST, pg.port, clusterDir);
      return pg;
    } catch (RuntimeException e) {
      pg.stopQuietly();
      throw e;
    }
  }

  /** As root: running a command as 'nobody' must work at all (a container may forbid it). */
  private static void checkSwitch(OsAccount account) {
    String problem = account.cannotSwitch();
    if (problem != null) {
      throw new EmbeddedPostgresException(
          "Cocreate runs as root and must run PostgreSQL as user '"
              + account.userName()
              + "', but "
              + account.switchTool()
              + " could not run a command as that user ("
              + problem
              + "); run Cocreate as a regular user instead");
    }
  }

  /** As root, our own directory: let 'nobody' pass through it (not list it) on the way to pg/. */
  private static void letThrough(Path dir) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      long dirOwner = ((Integer) Files.getAttribute(dir, "unix:uid")).longValue();
      if (dirOwner == OsAccount.currentUid() && !perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
        perms.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(dir, perms);
      }
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not read the permissions of " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where {@code pg/} and {@code pg-log/} go: the data directory, unless this process is root and
   * 'nobody' cannot reach it. Then a new cluster goes under {@code relocationRoot} (a cluster
   * relocated before is found through the {@code D/pg} link, or by the same name); an existing
   * cluster in the data directory stays there, and {@link #checkReachable} says what blocks it.
   */
  private static Path clusterHome(OsAccount account, Path dataDir, Path relocationRoot) {
    Path link = dataDir.resolve(CLUSTER_DIR);
    if (Files.isSymbolicLink(link)) {
      Path target;
      try {
        target = dataDir.resolve(Files.readSymbolicLink(link));
      } catch (IOException e) {
        throw new EmbeddedPostgresException("could not read the link " + link + ": " + e.getMessage(), e);
      }
      if (!Files.isDirectory(target)) {
        throw new EmbeddedPostgresException(
            link
                + " links to "
                + target
                + ", which is not there: restore that directory, or remove the link to start"
                + " with an empty database");
      }
      Path home = realParent(target);
      requireBelongsTo(home, dataDir);
      return home;
    }
    if (!account.switchesUser() || Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      return dataDir;
    }
    Path blocked = account.firstBlocked(dataDir);
    if (blocked == null) {
      return dataDir;
    }
    Path home = relocationRoot.toAbsolutePath().normalize().resolve(relocatedName(dataDir));
    try {
      Files.createDirectories(home);
      letThrough(relocationRoot);
      letThrough(home);
      home = home.toRealPath();
      requireBelongsTo(home, dataDir);
      Files.writeString(home.resolve(DATA_DIR_NOTE), dataDir + "\n");
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "Cocreate runs as root, so its embedded PostgreSQL runs as user '"
              + account.userName()
              + "', who cannot reach the data directory "
              + dataDir
              + " (blocked at "
              + blocked
              + "), and the cluster could not be kept in "
              + home
              + " instead ("
              + e.getMessage()
              + "); set COCREATE_DATA_DIR to a directory that user can reach, e.g."
              + " /var/lib/cocreate or /srv/cocreate",
          e);
    }
    LOG.warn(
        "PostgreSQL runs as user '{}', who cannot reach the data directory {} (blocked at {}): its"
            + " cluster is kept in {} instead, linked from {}",
        account.userName(),
        dataDir,
        blocked,
        home,
        link);
    return home;
  }

  /**
   * A relocated cluster serves the one data directory its note names. A copy of the data directory
   * (cp -a keeps the links) must not start the same cluster: the lock is per data directory, so the
   * copy would take the other server's running PostgreSQL for an orphan and stop it.
   */
  private static void requireBelongsTo(Path home, Path dataDir) {
    Path note = home.resolve(DATA_DIR_NOTE);
    String owner;
    try {
      owner = Files.exists(note) ? Files.readString(note).strip() : null;
    } catch (IOException e) {
      throw new EmbeddedPostgresException("could not read " + note + ": " + e.getMessage(), e);
    }
    if (owner != null && !owner.equals(dataDir.toString())) {
      throw new EmbeddedPostgresException(
          "the cluster in "
              + home
              + " belongs to the data directory "
              + owner
              + ", not "
              + dataDir
              + "; if the data directory was moved here, write its new path into "
              + note);
    }
  }

  /** {@code <data directory's parent>-<its name>-<hash of its path>}: readable, and one per data directory. */
  static String relocatedName(Path dataDir) {
    String hash;
    try {
      hash = HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256")
              .digest(dataDir.toString().getBytes(StandardCharsets.UTF_8)))
          .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    Path parent = dataDir.getParent();
    String readable = (parent != null && parent.getFileName() != null ? parent.getFileName() + "-" : "")
        + (dataDir.getFileName() != null ? dataDir.getFileName() : "root");
    return readable.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + hash;
  }

  /** D/pg and D/pg-log point at a relocated cluster, so the operator finds it where it used to be. */
  private static void linkFromDataDir(Path dataDir, Path home) {
    for (String name : List.of(CLUSTER_DIR, LOG_DIR)) {
      Path link = dataDir.resolve(name);
      if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Files.createSymbolicLink(link, home.resolve(name));
      } catch (IOException e) {
        // The cluster works without the link (its place follows from the data directory's path).
        LOG.warn("could not link {} to {}: {}", link, home.resolve(name), e.toString());
      }
    }
  }

  private static Path realParent(Path clusterDir) {
    try {
      return clusterDir.toRealPath().getParent();
    } catch (IOException e) {
      return clusterDir.toAbsolutePath().getParent();
    }
  }

  /** As root, 'nobody' must reach the cluster's home and the binaries: say so clearly if not. */
  private static void checkReachable(OsAccount account, Path dataDir, Path home, PostgresBinaries binaries) {
    Path blocked = account.firstBlocked(home);
    if (blocked != null) {
      throw new EmbeddedPostgresException(
          "Cocreate runs as root, so its embedded PostgreSQL runs as user '"
              + account.userName()
              + "', who cannot reach "
              + (home.equals(dataDir)
                  ? "the data directory " + dataDir
                  : "the cluster of the data directory " + dataDir + " in " + home)
              + " (blocked at "
              + blocked
              + "); set COCREATE_DATA_DIR to a directory that user can reach, e.g."
              + " /var/lib/cocreate or /srv/cocreate"
              + (home.equals(dataDir) && Files.isDirectory(home.resolve(CLUSTER_DIR))
                  ? " (its cluster " + home.resolve(CLUSTER_DIR) + " is never moved automatically:"
                      + " move the data directory there yourself)"
                  : ""));
    }
    Path postgres = Path.of(binaries.program("postgres"));
    blocked = account.firstBlocked(postgres);
    if (blocked != null) {
      throw new EmbeddedPostgresException(
          "Cocreate runs as root, so its embedded PostgreSQL runs as user '"
              + account.userName()
              + "', who cannot reach the PostgreSQL binaries in "
              + binaries.home()
              + " (blocked at "
              + blocked
              + "); start Java with -Djava.io.tmpdir=/tmp or another directory that user can"
              + " reach");
    }
  }

  private static void prepareLogs(OsAccount account, Path logDir, Path startupLog) {
    try {
      Files.createDirectories(logDir);
      Files.setPosixFilePermissions(logDir, PosixFilePermissions.fromString("rwx------"));
      if (Files.exists(startupLog) && Files.size(startupLog) > MAX_STARTUP_LOG_BYTES) {
        Files.move(
            startupLog, logDir.resolve(STARTUP_LOG + ".old"), StandardCopyOption.REPLACE_EXISTING);
      }
      if (!Files.exists(startupLog)) {
        Files.createFile(
            startupLog,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not prepare the log directory " + logDir + ": " + e.getMessage(), e);
    }
    account.own(logDir);
    account.own(startupLog);
  }

  private static void refuseForeignDirectory(Path clusterDir) {
    if (!Files.exists(clusterDir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> entries = Files.list(clusterDir)) {
      if (entries.findAny().isEmpty()) {
        Files.delete(clusterDir);
        return;
      }
    } catch (IOException e) {
      throw new EmbeddedPostgresException("could not read " + clusterDir + ": " + e.getMessage(), e);
    }
    throw new EmbeddedPostgresException(
        clusterDir
            + " exists but holds no PostgreSQL cluster (no PG_VERSION); move it away and start"
            + " again");
  }

  /**
   * initdb into a staging directory, add our settings, then rename it to {@code pg}: a crash
   * half-way leaves no half-made cluster behind, only a staging directory the next try replaces.
   */
  private static void initdb(
      OsAccount account,
      PostgresBinaries binaries,
      Path home,
      Path clusterDir,
      Path startupLog,
      String password) {
    // Beside the cluster: initdb, run as 'nobody' when we are root, must reach both.
    Path staging = home.resolve(CLUSTER_DIR + ".initdb");
    Path pwfile = home.resolve(CLUSTER_DIR + ".initdb-password");
    long offset = LogTail.sizeOf(startupLog);
    try {
      PostgresBinaries.deleteTree(staging);
      Files.deleteIfExists(pwfile);
      Files.createDirectory(
          staging,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      account.own(staging);
      Files.createFile(
          pwfile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(pwfile, password + "\n");
      account.own(pwfile);
      LOG.info("Initializing a new PostgreSQL cluster in {}", clusterDir);
      int rc =
          account.run(
              List.of(
                  binaries.program("initdb"),
                  "-D",
                  staging.toString(),
                  "-U",
                  SUPERUSER,
                  "--auth=scram-sha-256",
                  "--pwfile=" + pwfile,
                  "-E",
                  "UTF8",
                  "--locale=C",
                  "--data-checksums",
                  "--no-instructions"),
              binaries.home(),
              startupLog,
              INITDB_TIMEOUT);
      if (rc != 0) {
        throw new EmbeddedPostgresException(
            "initdb failed with exit code "
                + rc
                + " (log "
                + startupLog
                + "): "
                + LogTail.of(startupLog, offset));
      }
      Files.writeString(staging.resolve("postgresql.conf"), SETTINGS, StandardOpenOption.APPEND);
      Files.move(staging, clusterDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new EmbeddedPostgresException("could not rename " + staging + " to " + clusterDir, e);
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not initialize a PostgreSQL cluster in " + clusterDir + ": " + e, e);
    } finally {
      try {
        Files.deleteIfExists(pwfile);
        PostgresBinaries.deleteTree(staging);
      } catch (IOException e) {
        LOG.warn("could not clean up {}: {}", staging, e.toString());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // running (owner only)

  /**
   * We hold the lock, so a live postmaster on our cluster was left by an owner that died (kill
   * -9): stop it. A pid file naming a live process that is not our postmaster (pid reused after
   * a reboot) is stale: remove it, or PostgreSQL might refuse to start.
   */
  private void stopOrphan() {
    Optional<PostmasterPid> pm = PostmasterPid.read(clusterDir);
    if (pm.isEmpty() || !pm.get().alive()) {
      return; // none, or stale with a dead pid: PostgreSQL handles that itself
    }
    long pid = pm.get().pid();
    Optional<Boolean> ours = pm.get().servesDirectory(clusterDir);
    if (ours.isEmpty()) {
      return; // cannot tell: let PostgreSQL's own checks decide
    }
    if (ours.get()) {
      LOG.warn(
          "Stopping PostgreSQL (pid {}) left running on {} by a Cocreate process that died",
          pid,
          clusterDir);
      pgCtlStop();
    } else {
      LOG.warn("Removing stale {} (its pid {} is another program now)", PostmasterPid.FILE, pid);
      try {
        Files.deleteIfExists(clusterDir.resolve(PostmasterPid.FILE));
      } catch (IOException e) {
        throw new EmbeddedPostgresException(
            "could not remove the stale " + clusterDir.resolve(PostmasterPid.FILE) + ": " + e, e);
      }
    }
  }

  private void pgCtlStart(int preferredPort, boolean mayChangePort) {
    int candidate;
    if (!mayChangePort) {
      candidate = preferredPort;
    } else if (preferredPort > 0 && isFree(preferredPort)) {
      candidate = preferredPort;
    } else {
      candidate = freePort();
    }
    for (int attempt = 1; ; attempt++) {
      long offset = LogTail.sizeOf(startupLog);
      Map<Path, Long> serverLogs = serverLogSizes();
      int rc =
          account.run(
              List.of(
                  binaries.program("pg_ctl"),
                  "start",
                  "-w",
                  "-t",
                  Integer.toString(PG_CTL_WAIT_SECONDS),
                  "-D",
                  clusterDir.toString(),
                  "-l",
                  startupLog.toString(),
                  "-o",
                  "-p " + candidate + " -h " + HOST + " -k ''"),
              binaries.home(),
              startupLog,
              PG_CTL_TIMEOUT);
      if (rc == 0) {
        port = candidate;
        return;
      }
      String tail = diagnostics(offset, serverLogs);
      stopQuietly(); // pg_ctl gave up waiting but the server may still come up
      if (mayChangePort && attempt < PORT_ATTEMPTS && portTaken(tail)) {
        LOG.info("Port {} was taken meanwhile; trying another", candidate);
        candidate = freePort();
        continue;
      }
      throw new EmbeddedPostgresException(
          "PostgreSQL did not start on "
              + HOST
              + ":"
              + candidate
              + (portTaken(tail) ? " because the port is taken" : "")
              + " (logs in "
              + startupLog.getParent()
              + "): "
              + tail);
    }
  }

  private void pgCtlStop() {
    Optional<PostmasterPid> pm = PostmasterPid.read(clusterDir);
    if (pm.isEmpty()) {
      return; // not running (e.g. stopped from outside)
    }
    long offset = LogTail.sizeOf(startupLog);
    int rc =
        account.run(
            List.of(
                binaries.program("pg_ctl"),
                "stop",
                "-w",
                "-t",
                Integer.toString(PG_CTL_WAIT_SECONDS),
                "-m",
                "fast",
                "-D",
                clusterDir.toString()),
            binaries.home(),
            startupLog,
            PG_CTL_TIMEOUT);
    if (rc != 0 && PostmasterPid.read(clusterDir).filter(PostmasterPid::alive).isPresent()) {
      throw new EmbeddedPostgresException(
          "PostgreSQL in "
              + clusterDir
              + " did not stop (log "
              + startupLog
              + "): "
              + LogTail.of(startupLog, offset));
    }
    // pg_ctl returns once postmaster.pid is gone; the process itself exits a moment later.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (pm.get().alive() && System.nanoTime() < deadline) {
      sleep(10);
    }
  }

  /**
   * What went wrong during a start: what the server logged since {@code before} (PostgreSQL 17
   * starts its logging collector before it binds ports), else the end of startup.log.
   */
  private String diagnostics(long startupLogOffset, Map<Path, Long> before) {
    for (Map.Entry<Path, Long> log : serverLogSizes().entrySet()) {
      long offset = before.getOrDefault(log.getKey(), 0L);
      if (log.getValue() > offset) {
        return LogTail.of(log.getKey(), offset);
      }
    }
    return LogTail.of(startupLog, startupLogOffset);
  }

  /** Sizes of the server's own log files (postgresql-Day.log). */
  private Map<Path, Long> serverLogSizes() {
    Map<Path, Long> sizes = new HashMap<>();
    try (Stream<Path> logs = Files.list(startupLog.getParent())) {
      logs.filter(p -> p.getFileName().toString().startsWith("postgresql-"))
          .forEach(p -> sizes.put(p, LogTail.sizeOf(p)));
    } catch (IOException e) {
      // then startup.log is all we have
    }
    return sizes;
  }

  private void stopQuietly() {
    try {
      pgCtlStop();
    } catch (RuntimeException e) {
      LOG.warn("could not stop PostgreSQL in {}: {}", clusterDir, e.getMessage());
    }
  }

  private static boolean portTaken(String logTail) {
    return logTail.contains("could not bind")
        || logTail.contains("Address already in use")
        || logTail.contains("could not create any TCP/IP sockets");
  }

  private String serverVersion() {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new EmbeddedPostgresException(
          "PostgreSQL started on "
              + HOST
              + ":"
              + port
              + " but does not accept the superuser password from "
              + dataDir.resolve(PASSWORD_FILE)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("ApplicationName", "cocreate-embedded");
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  private void requireOwner(String what) {
    if (!owner) {
      throw new EmbeddedPostgresException(
          what + " is only for the process that owns " + dataDir + "; this one attached to it");
    }
  }

  private synchronized void requireOpen() {
    if (closed) {
      throw new EmbeddedPostgresException("embedded PostgreSQL on " + dataDir + " is closed");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // files

  private static String newPassword(Path dataDir) {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Path file = dataDir.resolve(PASSWORD_FILE);
    Path tmp = dataDir.resolve(PASSWORD_FILE + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, password + "\n");
      try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new EmbeddedPostgresException("could not write " + file + ": " + e.getMessage(), e);
    }
    return password;
  }

  private static String readPassword(Path dataDir) {
    Path file = dataDir.resolve(PASSWORD_FILE);
    try {
      String password = Files.readString(file).strip();
      if (password.isEmpty()) {
        throw new EmbeddedPostgresException(file + " is empty; restore it from a backup");
      }
      return password;
    } catch (NoSuchFileException e) {
      throw new EmbeddedPostgresException(
          "the PostgreSQL cluster in "
              + dataDir.resolve(CLUSTER_DIR)
              + " has no password file "
              + file
              + "; restore it from a backup",
          e);
    } catch (IOException e) {
      throw new EmbeddedPostgresException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private static int savedPort(Path dataDir) {
    try {
      int port = Integer.parseInt(Files.readString(dataDir.resolve(PORT_FILE)).strip());
      return port > 0 && port < 65536 ? port : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static void writePort(Path dataDir, int port) {
    try {
      Files.writeString(dataDir.resolve(PORT_FILE), port + "\n");
    } catch (IOException e) {
      LOG.warn("could not remember the port in {}: {}", dataDir.resolve(PORT_FILE), e.toString());
    }
  }

  private static boolean ownedBy(Path path, OsAccount account) {
    try {
      return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(account.userName());
    } catch (IOException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // ports and helpers

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as PostgreSQL does, so TIME_WAIT leftovers do not count
      s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new EmbeddedPostgresException("could not find a free port on " + HOST + ": " + e, e);
    }
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedPostgresException("interrupted while waiting for PostgreSQL", e);
    }
  }
}
