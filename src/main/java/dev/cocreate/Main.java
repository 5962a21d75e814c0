package dev.cocreate;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.platform.config.AppConfig;
import dev.cocreate.platform.config.ConfigException;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.platform.db.EmbeddedPostgres;
import dev.cocreate.platform.db.EmbeddedPostgresException;
import dev.cocreate.platform.db.Migrations;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: {@code java -jar cocreate.jar [serve] [--config FILE]},
 * {@code java -jar cocreate.jar create-admin USERNAME [--config FILE]},
 * {@code java -jar cocreate.jar recompute-reputation [--config FILE]}, or
 * {@code java -jar cocreate.jar backup|restore FILE [--config FILE]}.
 * Loads the configuration, starts the embedded database when none is configured, migrates, then
 * starts the server. Everything here runs before Vert.x serves, so blocking is fine.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (ConfigException | EmbeddedPostgresException | IllegalStateException | IllegalArgumentException e) {
      log.error("cocreate: {}", e.getMessage());
      System.exit(2);
    }
  }

  private static void run(String[] args) {
    List<String> positional = new ArrayList<>();
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        if (i + 1 >= args.length) {
          throw new ConfigException("--config needs a file");
        }
        configFile = Path.of(args[++i]);
      } else if (args[i].startsWith("--config=")) {
        configFile = Path.of(args[i].substring("--config=".length()));
      } else {
        positional.add(args[i]);
      }
    }
    String command = positional.isEmpty() ? "serve" : positional.get(0);
    AppConfig config = AppConfig.load(configFile, System.getenv());
    switch (command) {
      case "serve" -> serve(config);
      case "create-admin" -> {
        if (positional.size() != 2) {
          throw new IllegalArgumentException("usage: create-admin USERNAME (password from COCREATE_ADMIN_PASSWORD or stdin)");
        }
        createAdmin(config, positional.get(1));
      }
      case "recompute-reputation" -> {
        if (positional.size() != 1) {
          throw new IllegalArgumentException("usage: recompute-reputation");
        }
        recomputeReputation(config);
      }
      case "backup", "restore" -> {
        if (positional.size() != 2) {
          throw new IllegalArgumentException("usage: " + command + " FILE");
        }
        if (command.equals("backup")) {
          BackupCommands.backup(config, Path.of(positional.get(1)));
        } else {
          BackupCommands.restore(config, Path.of(positional.get(1)));
        }
      }
      default -> throw new IllegalArgumentException(
          "unknown command '" + command + "'; use serve, create-admin, recompute-reputation, backup or restore");
    }
  }

  /** A running database and how to reach it; closing it stops an embedded one we own. */
  record Db(String url, EmbeddedPostgres embedded) implements AutoCloseable {
    @Override
    public void close() {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  static Db openDatabase(AppConfig config, boolean exclusive) {
    if (config.dbUrl() != null) {
      log.info("Using the external PostgreSQL at {}", DbTarget.parse(config.dbUrl()).host());
      return new Db(config.dbUrl(), null);
    }
    mkdirs(config.dataDir());
    EmbeddedPostgres pg = exclusive ? EmbeddedPostgres.startExclusive(config.dataDir()) : EmbeddedPostgres.start(config.dataDir());
    try {
      pg.createDatabase("cocreate");
      return new Db(pg.postgresUrl("cocreate"), pg);
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  private static void serve(AppConfig loaded) {
    AppConfig config = withSecret(loaded);
    // Installed before anything can take a while (the embedded database's start, migrations, demo
    // seeding, which happens while /health/ready may already answer): a stop requested then still
    // closes whatever is up, and is a clean stop.
    Lifecycle lifecycle = new Lifecycle(Duration.ofSeconds(config.shutdownGraceSeconds() + 60L));
    Runnable stop = once(lifecycle::stop);
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "cocreate-shutdown"));
    exitCleanlyOnStopSignals(stop);
    try {
      startUp(config, lifecycle);
    } catch (Exception e) {
      lifecycle.startUpEnded();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (lifecycle.stopping()) {
        // The stop closed the pool or the database under start-up ("Pool closed"): that is how a
        // stop during start-up looks from here, not a fault. The stop exits once this returns.
        log.info("Start-up stopped before it finished ({})", describe(cause));
        return;
      }
      stop.run();
      if (e instanceof ConfigException || e instanceof EmbeddedPostgresException) {
        throw (RuntimeException) e; // already worded for the operator (a data directory in use, say)
      }
      throw new IllegalStateException("start-up failed: " + describe(cause), cause);
    }
    lifecycle.startUpEnded();
  }

  /** Starts the database, migrates, starts the server and seeds the demo, handing each part to the stop. */
  private static void startUp(AppConfig config, Lifecycle lifecycle) throws Exception {
    Db db = openDatabase(config, true);
    if (!lifecycle.handOver(db::close)) {
      db.close();
      return;
    }
    Migrations.migrate(DbTarget.parse(db.url()));
    AppConfig effective = config.withDbUrl(db.url());
    Server server = Server.start(effective).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (!lifecycle.handOver(server::close)) {
      server.close();
      return;
    }
    if (effective.demo()) {
      new Demo(server.app()).seedIfEmpty().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
    if (!lifecycle.stopping()) {
      log.info("Cocreate is ready on {}://localhost:{}/", effective.tls() ? "https" : "http", effective.httpPort());
    }
  }

  /** An exception's message, or its type when it has none (a timeout, say). */
  private static String describe(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Runs {@code action} the first time; later callers wait until that run has finished. */
  static Runnable once(Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      synchronized (done) {
        if (done.compareAndSet(false, true)) {
          action.run();
        }
      }
    };
  }

  /**
   * SIGTERM and SIGINT stop the server in order, then exit 0: a requested stop that completed is
   * a success (the JVM's default would be 143 or 130, which service managers report as a failure).
   * The shutdown hook still covers every other way the JVM ends.
   */
  private static void exitCleanlyOnStopSignals(Runnable stop) {
    for (String name : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
          int status = 0;
          try {
            stop.run();
          } catch (RuntimeException e) {
            log.error("cocreate: shutdown failed: {}", e.toString());
            status = 1;
          }
          System.exit(status);
        });
      } catch (IllegalArgumentException unavailable) {
        // this platform or JVM option (-Xrs) does not let us handle it: the hook still runs
      }
    }
  }

  private static void createAdmin(AppConfig loaded, String username) {
    AppConfig config = withSecret(loaded);
    String password = System.getenv("COCREATE_ADMIN_PASSWORD");
    if (password == null || password.isEmpty()) {
      try {
        password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        throw new IllegalArgumentException("could not read the password from stdin");
      }
    }
    if (password == null || password.length() < 10) {
      throw new IllegalArgumentException("the admin password must be at least 10 characters");
    }
    if (!AccountRoutes.USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("the username must be 3 to 32 characters of a-z, 0-9, _ and -");
    }
    try (Db db = openDatabase(config, false)) {
      Migrations.migrate(DbTarget.parse(db.url()));
      AppConfig effective = config.withDbUrl(db.url()).withHttpPort(0);
      Vertx vertx = Vertx.vertx();
      // A one-off command may wait for a connection: a busy machine must not fail it after 3 s.
      var database = new Database(vertx, DbTarget.parse(db.url()), 2, 60);
      try {
        App app = new App(effective, vertx, database, "create-admin");
        var user = app.accounts().createOrPromoteAdmin(username, password)
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        log.info("Admin '{}' is ready (user id {})", user.username(), user.id());
        app.close();
      } finally {
        // Vert.x is closed from this thread, not from one of its event loops (as Server.close
        // does): chained onto the pool's close, its own completion found no loop left to run on.
        database.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("create-admin failed: " + describe(cause), cause);
    }
  }

  /**
   * Rebuilds the reputation ledger and every member's total from the events' own tables, against the
   * database the server uses (running nodes may stay up: their writes wait for the rebuild's lock).
   */
  private static void recomputeReputation(AppConfig config) {
    try (Db db = openDatabase(config, false)) {
      Migrations.migrate(DbTarget.parse(db.url()));
      AppConfig effective = config.withDbUrl(db.url()).withHttpPort(0);
      Vertx vertx = Vertx.vertx();
      var database = new Database(vertx, DbTarget.parse(db.url()), 2, 60);
      try {
        App app = new App(effective, vertx, database, "recompute-reputation");
        int corrected = app.reputation().recompute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
        log.info("Reputation recomputed: {} member total(s) corrected", corrected);
        app.close();
      } finally {
        database.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("recompute-reputation failed: " + describe(cause), cause);
    }
  }

  /** The configured JWT secret, or one generated on first start and kept (0600) in the data directory. */
  static AppConfig withSecret(AppConfig config) {
    if (config.jwtSecret() != null) {
      return config;
    }
    Path file = config.dataDir().resolve("jwt-secret");
    try {
      mkdirs(config.dataDir());
      if (!Files.exists(file)) {
        byte[] raw = new byte[48];
        new SecureRandom().nextBytes(raw);
        Path tmp = Files.createTempFile(config.dataDir(), "jwt-secret", ".tmp");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
          Files.deleteIfExists(tmp);
        }
      }
      return config.withJwtSecret(Files.readString(file).trim());
    } catch (IOException e) {
      throw new ConfigException("dataDir (COCREATE_DATA_DIR): cannot keep the JWT secret in " + file + ": " + e.getMessage());
    }
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigException("dataDir (COCREATE_DATA_DIR): cannot create " + dir + ": " + e.getMessage());
    }
  }
}
