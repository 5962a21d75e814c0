package dev.cocreate.support;

import dev.cocreate.Server;
import dev.cocreate.platform.auth.PasswordHasher;
import dev.cocreate.platform.config.AppConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;

/** A whole Cocreate node on a free port against its own fresh database. */
public final class TestServer implements AutoCloseable {
  private final Server server;
  private final int port;
  private final String dbUrl;

  private TestServer(Server server, int port, String dbUrl) {
    this.server = server;
    this.port = port;
    this.dbUrl = dbUrl;
  }

  public static TestServer start() {
    return start(new JsonObject());
  }

  /** Starts with a fresh database; overrides are config keys (e.g. rateLimits). */
  public static TestServer start(JsonObject overrides) {
    return start(overrides, InstantSource.system());
  }

  /**
   * As {@link #start(JsonObject)}, with rate limits refilling and challenge deadlines falling by
   * {@code clock} (see {@link TestClock}).
   */
  public static TestServer start(JsonObject overrides, InstantSource clock) {
    String url = overrides.containsKey("dbUrl") ? overrides.getString("dbUrl") : TestDatabase.get().freshDatabaseUrl();
    return startOn(url, overrides, clock);
  }

  /** Starts a node on an existing database (for multi-node tests). */
  public static TestServer startOn(String dbUrl, JsonObject overrides) {
    return startOn(dbUrl, overrides, InstantSource.system());
  }

  /** A node on an existing database whose rate limits and deadlines go by {@code clock}. */
  public static TestServer startOn(String dbUrl, JsonObject overrides, InstantSource clock) {
    // A port found free can be taken before the server binds it (another test JVM of a parallel
    // run, say): then try another, a few times, instead of failing the test.
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return startOn(dbUrl, overrides, clock, overrides.containsKey("httpPort") ? overrides.getInteger("httpPort") : freePort());
      } catch (IllegalStateException e) {
        if (overrides.containsKey("httpPort") || !portTaken(e)) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static boolean portTaken(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains("cannot listen on")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Argon2id at 1 MiB and one pass: the suite signs up and signs in thousands of members, and at the
   * server's cost (19 MiB, two passes) those hashes alone took minutes of its ten on two cores. The
   * packaged-jar tests and PasswordHasherTest keep the server's cost.
   */
  static final PasswordHasher.Cost HASH_COST = new PasswordHasher.Cost(1024, 1);

  private static TestServer startOn(String dbUrl, JsonObject overrides, InstantSource clock, int port) {
    JsonObject cfg = new JsonObject()
        .put("httpHost", "127.0.0.1")
        .put("httpPort", port)
        .put("httpInstances", 1)
        .put("dataDir", Path.of("target/test-data/node-" + port).toAbsolutePath().toString())
        .put("dbUrl", dbUrl)
        .put("dbPoolSize", 8)
        .put("jwtSecret", "test-secret-test-secret-test-secret-0123456789")
        .put("rateLimits", "off")
        .put("shutdownGraceSeconds", 2);
    cfg.mergeIn(overrides);
    cfg.put("dbUrl", dbUrl);
    AppConfig config = AppConfig.fromJson(cfg);
    try {
      Server s = Server.start(config, clock, HASH_COST).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return new TestServer(s, port, dbUrl);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start", e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String dbUrl() {
    return dbUrl;
  }

  public Server server() {
    return server;
  }

  public TestHttp http() {
    return new TestHttp(baseUrl());
  }

  @Override
  public void close() {
    server.close();
  }
}
