package dev.cocreate.browser;

import dev.cocreate.DemoCommunity;
import dev.cocreate.support.TestServer;

/**
 * One server with the demo community, shared by the browser tests that only need a realistic site
 * to walk through: seeding it once instead of per class keeps the browser suite within CI's budget
 * on two cores. Closed when the test JVM exits, like the shared test database.
 */
final class DemoSite {
  private static TestServer server;

  private DemoSite() {}

  static synchronized TestServer get() {
    if (server == null) {
      TestServer started = TestServer.start();
      DemoCommunity.seed(started);
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      server = started;
    }
    return server;
  }
}
