package dev.cocreate;

import dev.cocreate.support.TestServer;
import java.util.concurrent.TimeUnit;

/**
 * The demo community (a firm with challenges and ideas, nested threads, a moderator) seeded into a
 * test server's database, for tests that need a page to look like a real one.
 */
public final class DemoCommunity {
  public static final String PASSWORD = Demo.PASSWORD;

  private DemoCommunity() {}

  public static void seed(TestServer server) {
    try {
      new Demo(server.server().app()).seedIfEmpty().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("demo community could not be seeded", e);
    }
  }
}
