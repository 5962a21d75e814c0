package dev.cocreate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The server extension: one node per test class, its clients, data and clock as parameters")
class CocreateServerTest {
  static final TestClock clock = new TestClock();

  @RegisterExtension
  static final CocreateServer server = CocreateServer.start(new JsonObject().put("maxConnectionsPerIp", 77), clock);

  /** The port the first test of the class saw; every other test must see the same node. */
  static final AtomicReference<Integer> firstPort = new AtomicReference<>();
  static final AtomicInteger beforeAllSawPort = new AtomicInteger();

  @BeforeAll
  static void seenFromBeforeAll(TestServer node) {
    beforeAllSawPort.set(node.port());
  }

  @Test
  @DisplayName("the node runs before the class's @BeforeAll, which gets it as a parameter")
  void runsBeforeTheClassSetUp() {
    assertThat(beforeAllSawPort.get()).isEqualTo(server.port());
    assertThat(server.http().get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("every test of a class talks to the same node and database (first of two)")
  void oneNodePerClassFirst() {
    samePortAsTheOtherTest();
  }

  @Test
  @DisplayName("every test of a class talks to the same node and database (second of two)")
  void oneNodePerClassSecond() {
    samePortAsTheOtherTest();
  }

  private static void samePortAsTheOtherTest() {
    Integer first = firstPort.compareAndExchange(null, server.port());
    if (first != null) {
      assertThat(server.port()).isEqualTo(first);
    }
  }

  @Test
  @DisplayName("a test may ask for the node, an anonymous client, a community on the node and the clock")
  void injectsParameters(TestServer node, TestHttp anonymous, Community community, TestClock injectedClock) {
    assertThat(node.port()).isEqualTo(server.port());
    assertThat(node.dbUrl()).isEqualTo(server.dbUrl());
    assertThat(anonymous.token()).isNull();
    assertThat(anonymous.get("/api/me").status()).isEqualTo(401);
    TestHttp amy = community.member("param_amy");
    assertThat(amy.get("/api/me").json().getString("username")).isEqualTo("param_amy");
    assertThat(injectedClock).isSameAs(clock);
  }

  @Test
  @DisplayName("config overrides reach the node")
  void appliesOverrides() {
    assertThat(server.server().app().config().maxConnectionsPerIp()).isEqualTo(77);
  }

  @Test
  @DisplayName("a node started by the extension is closed by it: its port refuses connections afterwards")
  void closesTheNodeAfterTheClass() throws Exception {
    CocreateServer own = CocreateServer.start();
    own.beforeAll(null);
    int port = own.port();
    assertThat(own.http().get("/health/ready").status()).isEqualTo(200);
    own.afterAll(null);
    assertThatThrownBy(own::node).isInstanceOf(IllegalStateException.class);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
        HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
  }

  @Nested
  @DisplayName("started fresh per test")
  class FreshPerTest {
    @RegisterExtension
    final CocreateServer fresh = CocreateServer.start().freshPerTest();

    @Test
    @DisplayName("one test registers a name (first of two)")
    void registersFirst() {
      registerTheSameName();
    }

    @Test
    @DisplayName("and the other registers it again, on a database of its own (second of two)")
    void registersSecond() {
      registerTheSameName();
    }

    private void registerTheSameName() {
      assertThat(fresh.port()).isNotEqualTo(server.port());
      fresh.http().register("fresh_amy");
    }
  }
}
