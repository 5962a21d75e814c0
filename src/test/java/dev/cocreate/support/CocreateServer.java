package dev.cocreate.support;

import dev.cocreate.Server;
import io.vertx.core.json.JsonObject;
import java.time.InstantSource;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The node a test class talks to, started before the class's own {@code @BeforeAll} and closed after
 * its {@code @AfterAll}:
 *
 * <pre>
 * &#64;RegisterExtension static final CocreateServer server = CocreateServer.start();
 * </pre>
 *
 * <p>Config overrides and a {@link TestClock} go to {@link #start(JsonObject, InstantSource)};
 * {@link #freshPerTest()} gives each test method its own node and database instead, for the rare
 * test that must not see what the class's other tests wrote. Test and lifecycle methods may ask
 * for a {@link TestServer}, a new anonymous {@link TestHttp}, a {@link Community} on this node or
 * the {@link TestClock} as parameters. {@link TestServer} stays the engine underneath: tests of
 * several nodes start the others on {@link #dbUrl()} with it.
 */
public final class CocreateServer
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final Supplier<JsonObject> overrides;
  private final InstantSource clock;
  private final boolean perTest;
  private TestServer node;

  private CocreateServer(Supplier<JsonObject> overrides, InstantSource clock, boolean perTest) {
    this.overrides = overrides;
    this.clock = clock;
    this.perTest = perTest;
  }

  /** A node with the test defaults of {@link TestServer} and a fresh database. */
  public static CocreateServer start() {
    return start(new JsonObject());
  }

  /** A node whose config has these keys overridden (e.g. {@code rateLimits}). */
  public static CocreateServer start(JsonObject overrides) {
    return start(overrides, InstantSource.system());
  }

  /** A node whose rate limits refill and challenge deadlines fall by {@code clock}. */
  public static CocreateServer start(JsonObject overrides, InstantSource clock) {
    return new CocreateServer(() -> overrides, clock, false);
  }

  /**
   * A node whose overrides are read when it starts, for config known only then: the port of a
   * mail server started by an extension ordered before this one, say.
   */
  public static CocreateServer start(Supplier<JsonObject> overrides) {
    return new CocreateServer(overrides, InstantSource.system(), false);
  }

  /** The same node, but started anew on a fresh database before each test method. */
  public CocreateServer freshPerTest() {
    return new CocreateServer(overrides, clock, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!perTest) {
      node = TestServer.start(overrides.get(), clock);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perTest) {
      node = TestServer.start(overrides.get(), clock);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!perTest) {
      stop();
    }
  }

  private void stop() {
    if (node != null) {
      node.close();
      node = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestServer.class || type == TestHttp.class || type == Community.class || type == CocreateServer.class
        || (type == TestClock.class && clock instanceof TestClock);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == TestServer.class) {
      return node();
    }
    if (type == TestHttp.class) {
      return http();
    }
    if (type == Community.class) {
      return new Community(this);
    }
    if (type == TestClock.class) {
      return clock;
    }
    return this;
  }

  /** The running node; fails outside the class's (or, per test, the method's) lifetime. */
  public TestServer node() {
    if (node == null) {
      throw new IllegalStateException("the server runs only while the test class runs: register it with @RegisterExtension");
    }
    return node;
  }

  public InstantSource clock() {
    return clock;
  }

  public int port() {
    return node().port();
  }

  public String baseUrl() {
    return node().baseUrl();
  }

  public String dbUrl() {
    return node().dbUrl();
  }

  public Server server() {
    return node().server();
  }

  /** A new client with no cookies and no token, as an anonymous visitor. */
  public TestHttp http() {
    return node().http();
  }
}
