package dev.cocreate.challenge.webhook;

import dev.cocreate.platform.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued webhook deliveries. One runs on every node: each round claims due rows (skipping
 * rows another node holds), POSTs them signed, and logs the outcome, scheduling a retry with
 * backoff on failure. A node that dies mid-send leaves a lease that runs out, and the delivery is
 * tried again: receivers see at-least-once delivery and can drop repeats by the body's {@code id}.
 */
public final class WebhookDeliveryWorker {
  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryWorker.class);
  private static final int BATCH = 20;
  private static final int LEASE_SECONDS = 60;
  private static final long TIMEOUT_MS = 10_000;
  private static final int MAX_ERROR_LENGTH = 300;

  private final Vertx vertx;
  private final Database db;
  private final WebhookRepository repo;
  private final WebhookAddressPolicy policy;
  private final RetrySchedule schedule;
  private final HttpClient client;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopped;
  private long timer = -1;

  public WebhookDeliveryWorker(Vertx vertx, Database db, WebhookRepository repo, WebhookAddressPolicy policy,
      RetrySchedule schedule) {
    this.vertx = vertx;
    this.db = db;
    this.repo = repo;
    this.policy = policy;
    this.schedule = schedule;
    this.client = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout(5000).setMaxRedirects(0).setMetricsName("webhooks"),
        new PoolOptions().setHttp1MaxSize(4));
  }

  public void start() {
    timer = vertx.setPeriodic(schedule.pollMs(), id -> runOnce());
  }

  public void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    client.close();
  }

  /** One round: claims what is due and sends it; returns how many deliveries it tried. */
  public Future<Integer> runOnce() {
    if (stopped || !running.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    return repo.claimDue(db.pool(), BATCH, LEASE_SECONDS)
        .compose(claimed -> Future.join(claimed.stream().map(this::deliver).toList()).map(claimed.size()))
        .onComplete(ar -> {
          running.set(false);
          if (ar.failed()) {
            if (!stopped) {
              log.warn("webhook round failed: {}", ar.cause().toString());
            }
          } else if (ar.result() == BATCH && !stopped) {
            vertx.runOnContext(v -> runOnce());
          }
        });
  }

  private Future<Void> deliver(WebhookRepository.Claimed c) {
    long started = System.nanoTime();
    return send(c).transform(ar -> {
      long ms = (System.nanoTime() - started) / 1_000_000;
      Integer code = ar.succeeded() ? ar.result() : null;
      boolean ok = code != null && code >= 200 && code < 300;
      String error = ok ? null : code != null ? "HTTP " + code : describe(ar.cause());
      String outcome = ok ? "delivered" : schedule.givesUpAfter(c.attempt()) ? "failed" : "pending";
      double retryIn = outcome.equals("pending") ? schedule.delayMsAfter(c.attempt()) / 1000.0 : 0;
      return repo.recordAttempt(db.pool(), c.id(), c.attempt(), code, error, ms, outcome, retryIn);
    }).recover(e -> {
      // The webhook may have been deleted meanwhile; its deliveries went with it.
      log.debug("could not record webhook attempt {} of delivery {}: {}", c.attempt(), c.id(), e.toString());
      return Future.succeededFuture();
    });
  }

  private Future<Integer> send(WebhookRepository.Claimed c) {
    URI uri;
    try {
      uri = WebhookAddressPolicy.parse(c.url());
    } catch (WebhookAddressPolicy.Refused e) {
      return Future.failedFuture(e);
    }
    return policy.resolve(uri).compose(address -> post(uri, address, c));
  }

  private Future<Integer> post(URI uri, InetAddress address, WebhookRepository.Claimed c) {
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(uri.getHost())
        .setPort(port)
        .setSsl(https)
        .setURI(path)
        // Connect to the address the policy checked, not to a fresh lookup of the name.
        .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
        .setConnectTimeout(5000)
        .setIdleTimeout(TIMEOUT_MS)
        .setFollowRedirects(false)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(c.secret(), body))
        .putHeader("X-Cocreate-Event", c.event())
        .putHeader("X-Cocreate-Delivery", Long.toString(c.id()))
        .putHeader("User-Agent", "Cocreate-Webhooks/1");
    return client.request(options).compose(request -> {
      // A receiver that trickles its answer must not hold the delivery forever.
      long deadline = vertx.setTimer(TIMEOUT_MS, t -> request.reset());
      return request.send(Buffer.buffer(body))
          .compose(response -> response.end().map(v -> response.statusCode()))
          .onComplete(ar -> vertx.cancelTimer(deadline));
    });
  }

  private static String describe(Throwable e) {
    if (e == null) {
      return "failed";
    }
    String message = e instanceof WebhookAddressPolicy.Refused ? "refused: URL " + e.getMessage()
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > MAX_ERROR_LENGTH ? message.substring(0, MAX_ERROR_LENGTH) : message;
  }
}
