package dev.cocreate.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.RawClient;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a hostile or broken client can do to connections: dribble its headers, hold connections
 * open doing nothing, open hundreds from one address, send oversized heads, bodies and WebSocket
 * messages. Each is cut by a stated limit, and the server logs no error for any of it.
 */
@DisplayName("Hostile connections are cut by the server's limits")
class HostileConnectionsTest {
  static final int HEADER_TIMEOUT_S = 2;
  static final int MAX_PER_IP = 8;

  /** Short header timeout, default connection cap. */
  @RegisterExtension static final CocreateServer timed = CocreateServer.start(new JsonObject().put("requestHeaderTimeoutSeconds", HEADER_TIMEOUT_S));
  /** Small connection cap, long header timeout (so only the cap acts). */
  @RegisterExtension static final CocreateServer capped = CocreateServer.start(new JsonObject().put("maxConnectionsPerIp", MAX_PER_IP).put("requestHeaderTimeoutSeconds", 60));
  static LogCapture logs;

  @BeforeAll
  static void start() {
    logs = LogCapture.start();
  }

  @AfterAll
  static void stop() {
    try {
      List<ILoggingEvent> errors = logs.errors();
      assertThat(errors).as("errors logged while clients misbehaved:\n" + String.join("\n", errors.stream().map(LogCapture::text).toList()))
          .isEmpty();
    } finally {
      logs.close();
    }
  }

  @Test
  @DisplayName("headers sent one byte a second are cut at the header timeout, though the connection is never idle")
  void slowLoris() {
    try (RawClient c = RawClient.connect(timed.port())) {
      byte[] request = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: abcdefghijklmnopqrstuvwxyz\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);
      long start = System.nanoTime();
      long cutAfter = -1;
      for (byte b : request) {
        if (!c.write(new byte[] {b})) {
          cutAfter = (System.nanoTime() - start) / 1_000_000;
          break;
        }
        RawClient.Outcome o = c.await(1000); // a byte a second
        assertThat(o).as("the server answered a request whose head never completed").isNotEqualTo(RawClient.Outcome.DATA);
        if (o == RawClient.Outcome.CLOSED) {
          cutAfter = (System.nanoTime() - start) / 1_000_000;
          break;
        }
      }
      assertThat(cutAfter).as("ms until the server cut the dribbling client (the idle timeout is 120 s)")
          .isBetween(HEADER_TIMEOUT_S * 1000L - 200, HEADER_TIMEOUT_S * 1000L + 2500);
    }
  }

  @Test
  @DisplayName("a connection that sends nothing is closed after the header timeout")
  void silentConnection() {
    try (RawClient c = RawClient.connect(timed.port())) {
      long closedAfter = c.millisUntilClosed(HEADER_TIMEOUT_S * 1000 + 5000);
      assertThat(closedAfter).isBetween(HEADER_TIMEOUT_S * 1000L - 200, HEADER_TIMEOUT_S * 1000L + 2500);
    }
  }

  @Test
  @DisplayName("an idle keep-alive connection is closed the header timeout after its last response")
  void idleKeepAlive() throws Exception {
    try (RawClient c = RawClient.connect(timed.port())) {
      assertThat(get(c)).startsWith("HTTP/1.1 200");
      // Requests well inside the timeout keep it open: a request every tenth of the timeout until
      // a connection opened after the first response has been cut, so the timeout has passed since.
      try (RawClient witness = RawClient.connect(timed.port())) {
        CompletableFuture<Long> cut = CompletableFuture.supplyAsync(() -> witness.millisUntilClosed(WITNESS_MS));
        while (!cutWithin(cut, HEADER_TIMEOUT_S * 100L)) {
          assertThat(get(c)).as("a request on the kept-alive connection").startsWith("HTTP/1.1 200");
        }
        assertThat(cut.get()).as("the witness connection was cut").isNotNegative();
      }
      // Then idle: cut the timeout after the last response, which came after 'sent'.
      long sent = System.nanoTime();
      assertThat(get(c)).startsWith("HTTP/1.1 200");
      assertThat(c.millisUntilClosed(HEADER_TIMEOUT_S * 1000 + 5000)).as("cut when idle").isNotNegative();
      assertThat((System.nanoTime() - sent) / 1_000_000).as("ms from the last request until the cut")
          .isBetween(HEADER_TIMEOUT_S * 1000L, HEADER_TIMEOUT_S * 1000L + 2500);
    }
  }

  @Test
  @DisplayName("a request in flight is not cut by the header timeout: its body may take longer")
  void requestInFlightIsNotCut() {
    try (RawClient c = RawClient.connect(timed.port())) {
      byte[] body = "{\"login\":\"nobody\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8);
      c.write("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n");
      assertThat(c.write(Arrays.copyOfRange(body, 0, 8))).isTrue();
      // The body's rest comes after the header timeout, counted from after this connection opened.
      awaitHeaderTimeout();
      assertThat(c.write(Arrays.copyOfRange(body, 8, body.length))).isTrue();
      assertThat(c.readStatus(10_000)).as("the answer to a complete request").isEqualTo(401);
    }
  }

  @Test
  @DisplayName("a WebSocket outlives the header timeout (the live hub has its own heartbeat)")
  void webSocketIsExempt() {
    try (RawClient c = RawClient.connect(timed.port())) {
      assertThat(c.upgradeToWebSocket(timed.port())).isTrue();
      awaitHeaderTimeout();
      assertThat(c.sendText("{\"op\":\"ping\"}")).isTrue();
      RawClient.Frame f = c.readFrame(5000);
      assertThat(f).as("an answer after the header timeout").isNotNull();
      assertThat(f.text()).contains("pong");
    }
  }

  @Test
  @DisplayName("request headers over 16 KiB get 431, a request line over 8 KiB gets 414, as problem+json, and the connection closes")
  void oversizedHeads() {
    try (RawClient c = RawClient.connect(timed.port())) {
      c.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20 * 1024) + "\r\n\r\n");
      assertProblem(c, 431);
    }
    try (RawClient c = RawClient.connect(timed.port())) {
      c.write("GET /health/live?" + "a".repeat(10 * 1024) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertProblem(c, 414);
    }
    try (RawClient c = RawClient.connect(timed.port())) {
      StringBuilder many = new StringBuilder("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      for (int i = 0; i < 2000; i++) {
        many.append("X-H").append(i).append(": v\r\n");
      }
      c.write(many.append("\r\n").toString());
      assertProblem(c, 431);
    }
  }

  @Test
  @DisplayName("a JSON body over 64 KiB gets 413, with a Content-Length or chunked")
  void oversizedBodies() {
    String big = "{\"login\":\"" + "x".repeat(70 * 1024) + "\",\"password\":\"y\"}";
    try (RawClient c = RawClient.connect(timed.port())) {
      c.write("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + big.length() + "\r\n\r\n" + big);
      assertThat(c.readStatus(5000)).isEqualTo(413);
    }
    try (RawClient c = RawClient.connect(timed.port())) {
      StringBuilder chunked = new StringBuilder("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < big.length(); i += 4096) {
        String part = big.substring(i, Math.min(big.length(), i + 4096));
        chunked.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
      }
      c.write(chunked.append("0\r\n\r\n").toString());
      assertThat(c.readStatus(5000)).isEqualTo(413);
    }
    try (RawClient c = RawClient.connect(timed.port())) {
      c.write("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + "99999999999\r\n\r\n{}");
      assertThat(c.readStatus(5000)).as("a declared length far over the limit").isEqualTo(413);
    }
  }

  @Test
  @DisplayName("a WebSocket message over 64 KiB closes the socket with 1009, in one frame or in fragments; a frame over 128 KiB drops it")
  void oversizedWebSocketMessage() {
    try (RawClient c = RawClient.connect(timed.port())) {
      assertThat(c.upgradeToWebSocket(timed.port())).isTrue();
      c.sendText("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
      assertThat(c.readUntilClose(5000)).isEqualTo(1009);
    }
    try (RawClient c = RawClient.connect(timed.port())) {
      assertThat(c.upgradeToWebSocket(timed.port())).isTrue();
      byte[] part = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
      sendFragments(c, part, 5);
      assertThat(c.readUntilClose(5000)).isEqualTo(1009);
    }
    try (RawClient c = RawClient.connect(timed.port())) {
      assertThat(c.upgradeToWebSocket(timed.port())).isTrue();
      c.sendText("x".repeat(200 * 1024));
      assertThat(c.millisUntilClosed(5000)).as("ms until a 200 KiB frame cost its connection").isBetween(0L, 3000L);
    }
  }

  @Test
  @DisplayName("connections beyond maxConnectionsPerIp from one address are closed at once; closing one makes room")
  void connectionsPerAddress() {
    var guard = capped.server().app().connectionGuard();
    Eventually.until("no connection open from 127.0.0.1", () -> guard.openFrom("127.0.0.1") == 0);
    List<RawClient> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_PER_IP; i++) {
        held.add(RawClient.connect(capped.port()));
      }
      Eventually.until(MAX_PER_IP + " connections open", () -> guard.openFrom("127.0.0.1") == MAX_PER_IP);
      for (RawClient c : held) {
        assertThat(c.await(100)).as("a connection within the limit stays open").isEqualTo(RawClient.Outcome.TIMEOUT);
      }
      long refusedBefore = guard.refused();
      try (RawClient extra = RawClient.connect(capped.port())) {
        assertThat(extra.millisUntilClosed(3000)).as("ms until the connection over the limit was closed").isBetween(0L, 1000L);
      }
      assertThat(guard.refused()).isEqualTo(refusedBefore + 1);
      held.remove(0).close();
      Eventually.until("one connection fewer", () -> guard.openFrom("127.0.0.1") == MAX_PER_IP - 1);
      try (RawClient room = RawClient.connect(capped.port())) {
        room.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(room.readStatus(5000)).isEqualTo(200);
      }
    } finally {
      held.forEach(RawClient::close);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The next response is a problem+json with this status, and the server then closes the connection. */
  static void assertProblem(RawClient c, int status) {
    String head = c.readHead(5000);
    assertThat(head).as("a response").isNotNull();
    assertThat(head).matches("(?s)HTTP/1\\.[01] " + status + " .*").containsIgnoringCase("content-type: application/problem+json")
        .containsIgnoringCase("connection: close");
    assertThat(new JsonObject(c.readBody(head)).getInteger("status")).isEqualTo(status);
    assertThat(c.millisUntilClosed(3000)).isNotNegative();
  }

  /** A text message in {@code count} frames: the first TEXT without FIN, then continuations, the last with FIN. */
  static void sendFragments(RawClient c, byte[] part, int count) {
    for (int i = 0; i < count; i++) {
      boolean last = i == count - 1;
      int opcode = i == 0 ? RawClient.TEXT : 0;
      byte[] framed = frame(opcode, last, part);
      c.write(framed);
    }
  }

  static byte[] frame(int opcode, boolean fin, byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write((fin ? 0x80 : 0) | opcode);
    f.write(0x80 | 126);
    f.write(payload.length >>> 8);
    f.write(payload.length & 0xff);
    byte[] mask = {1, 2, 3, 4};
    f.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    return f.toByteArray();
  }

  /** How long a witness connection may take to be cut: the timeout, and then a busy machine's worst. */
  static final int WITNESS_MS = HEADER_TIMEOUT_S * 1000 + 30_000;

  /**
   * Returns once the header timeout has passed for every connection opened before the call: a new
   * connection that sends nothing is cut at the timeout, after theirs would have been (one event
   * loop serves them all, and its timers fire in order). So a test lets the timeout pass for the
   * connection under test by waiting for the server's own timer, not for a number of seconds.
   */
  static void awaitHeaderTimeout() {
    try (RawClient witness = RawClient.connect(timed.port())) {
      assertThat(witness.millisUntilClosed(WITNESS_MS)).as("the witness connection was cut").isNotNegative();
    }
  }

  /** Whether the witness is cut within {@code millis}. */
  static boolean cutWithin(CompletableFuture<Long> cut, long millis) throws Exception {
    try {
      cut.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException stillOpen) {
      return false;
    }
  }

  /** One GET on a kept-alive connection; answers the response head (its body is read). */
  static String get(RawClient c) {
    assertThat(c.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).isTrue();
    String head = c.readHead(5000);
    assertThat(head).isNotNull();
    c.readBody(head);
    return head;
  }
}
