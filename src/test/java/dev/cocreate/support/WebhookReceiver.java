package dev.cocreate.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An organisation's webhook endpoint, for the tests of what Cocreate sends: an HTTP server on
 * 127.0.0.1 that records every request and checks its signature with its own HMAC, computed apart
 * from the server's code. A path under {@code /flaky/} answers 500 to its first two requests, so
 * that a test sees the retries. Started before the class's {@code @BeforeAll}, closed after it.
 *
 * <pre>
 * &#64;RegisterExtension static final WebhookReceiver receiver = WebhookReceiver.withSecret(SECRET);
 * community.hook(firm, org, receiver.url("/ok/" + org), SECRET, "idea.created");
 * Eventually.until("delivered", () -> receiver.at("/ok/" + org).size() == 1);
 * </pre>
 */
public final class WebhookReceiver implements BeforeAllCallback, AfterAllCallback {
  /** A request received: its path, event and delivery headers, body, whether its signature checked, the status answered. */
  public record Received(String path, String event, String delivery, String body, boolean signatureValid, int answered) {}

  private final String secret;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private Vertx vertx;
  private HttpServer server;

  private WebhookReceiver(String secret) {
    this.secret = secret;
  }

  /** A receiver that checks signatures against {@code secret}, the one the test registers the hook with. */
  public static WebhookReceiver withSecret(String secret) {
    return new WebhookReceiver(secret);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      String path = req.path();
      int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      int status = path.startsWith("/flaky/") && n <= 2 ? 500 : 200;
      received.add(new Received(path, req.getHeader("X-Cocreate-Event"), req.getHeader("X-Cocreate-Delivery"),
          body.toString(StandardCharsets.UTF_8), sign(body.getBytes()).equals(req.getHeader("X-Cocreate-Signature")), status));
      req.response().setStatusCode(status).end();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The address of {@code path} on this receiver. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Everything received so far, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** What {@code path} received, in order. */
  public List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The signature header a body signed with this receiver's secret carries. */
  public String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
