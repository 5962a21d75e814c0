package dev.cocreate.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A blocking test client of {@code GET /live}, on the JDK's WebSocket (which can also abort abruptly). */
final class LiveClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  /** WebSocket pings from the server so far; the JDK answers each with a pong by itself. */
  private final AtomicInteger pings = new AtomicInteger();
  private volatile int closeCode = -1;
  private volatile String closeReason;
  private volatile Throwable error;
  private WebSocket ws;

  /** Thrown when the server refuses the upgrade. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status) {
      super("handshake refused with " + status);
      this.status = status;
    }
  }

  static LiveClient connect(int port) {
    return connect(port, Map.of());
  }

  static LiveClient connect(int port, Map<String, String> headers) {
    LiveClient c = new LiveClient();
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(b::header);
    try {
      c.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/live"), c.listener()).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        throw new Refused(h.getResponse().statusCode());
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return c;
  }

  static LiveClient withToken(int port, String token) {
    return connect(port, Map.of("Authorization", "Bearer " + token));
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
      }

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          inbox.add(new JsonObject(text.toString()));
          text.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
        closed.countDown();
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable e) {
        error = e;
        closed.countDown();
      }
    };
  }

  LiveClient send(JsonObject message) {
    return sendText(message.encode());
  }

  LiveClient sendText(String text) {
    ws.sendText(text, true).join();
    return this;
  }

  LiveClient subscribe(String... topics) {
    return send(new JsonObject().put("op", "subscribe").put("topics", new JsonArray(List.of((Object[]) topics))));
  }

  LiveClient subscribeSince(long since, String... topics) {
    return send(new JsonObject().put("op", "subscribe").put("topics", new JsonArray(List.of((Object[]) topics))).put("since", since));
  }

  /** The next message, or null after the timeout. */
  JsonObject poll(long millis) {
    try {
      return inbox.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next message; fails after the timeout. */
  JsonObject next(long millis) {
    JsonObject m = poll(millis);
    if (m == null) {
      throw new AssertionError("no message within " + millis + " ms (closed: " + closeCode + " " + closeReason + ", error: " + error + ")");
    }
    return m;
  }

  /** The next message with this op; other messages before it fail the test, unless they are events. */
  JsonObject expect(String op, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      JsonObject m = next(Math.max(1, deadline - System.currentTimeMillis()));
      if (op.equals(m.getString("op"))) {
        return m;
      }
      if (!"event".equals(m.getString("op"))) {
        throw new AssertionError("expected " + op + " but got " + m.encode());
      }
    }
  }

  /** Messages until one matches (inclusive); fails after the timeout. */
  List<JsonObject> until(Predicate<JsonObject> done, long millis) {
    List<JsonObject> seen = new ArrayList<>();
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      JsonObject m = next(Math.max(1, deadline - System.currentTimeMillis()));
      seen.add(m);
      if (done.test(m)) {
        return seen;
      }
    }
  }

  /** Every message that arrives within the window. */
  List<JsonObject> drain(long millis) {
    List<JsonObject> seen = new ArrayList<>();
    long deadline = System.currentTimeMillis() + millis;
    JsonObject m;
    while ((m = poll(Math.max(1, deadline - System.currentTimeMillis()))) != null) {
      seen.add(m);
      if (System.currentTimeMillis() >= deadline) {
        break;
      }
    }
    return seen;
  }

  /** The close code the server sent, waiting up to the timeout; -1 if the socket is still open. */
  int awaitClose(long millis) {
    try {
      closed.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return closeCode;
  }

  String closeReason() {
    return closeReason;
  }

  /** How many WebSocket pings the server has sent so far. */
  int pings() {
    return pings.get();
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** Drops the connection without a close handshake, as a crashing client or a network cut would. */
  void abort() {
    ws.abort();
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // already gone
      }
    }
    ws.abort();
  }
}
