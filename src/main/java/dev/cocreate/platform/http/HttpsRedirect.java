package dev.cocreate.platform.http;

import dev.cocreate.platform.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;

/**
 * The plain-HTTP listener on {@code httpRedirectPort}: every request is answered with a permanent
 * redirect to the same path over HTTPS (308, so a form POST stays a POST). Nothing is served over
 * plain HTTP, so no cookie or token ever travels unencrypted from a page of ours.
 */
public final class HttpsRedirect {
  private HttpsRedirect() {}

  public static Future<HttpServer> listen(Vertx vertx, AppConfig config) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.httpHost())
        .setPort(config.httpRedirectPort())
        .setMaxInitialLineLength(8 * 1024)
        .setMaxHeaderSize(16 * 1024)
        .setIdleTimeout(30);
    return vertx.createHttpServer(options)
        .requestHandler(req -> answer(req, config))
        .listen()
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen on " + config.httpHost() + ":"
            + config.httpRedirectPort() + " (httpRedirectPort, COCREATE_HTTP_REDIRECT_PORT): " + e.getMessage(), e)));
  }

  static void answer(HttpServerRequest req, AppConfig config) {
    String uri = req.uri();
    if (uri == null || !uri.startsWith("/")) {
      uri = "/";
    }
    req.response()
        .setStatusCode(308)
        .putHeader("Location", target(config, req.authority() == null ? null : req.authority().host()) + uri)
        .putHeader("Content-Length", "0")
        .putHeader("Cache-Control", "max-age=3600")
        .end();
  }

  /**
   * {@code https://host[:port]}: the public address when one is configured (behind a proxy the
   * request's host may not be one members can reach), else the host the browser asked for with
   * the HTTPS port.
   */
  static String target(AppConfig config, String requestHost) {
    if (config.publicUrl() != null && config.publicUrl().startsWith("https://")) {
      URI u = URI.create(config.publicUrl());
      return "https://" + u.getRawAuthority();
    }
    String host = requestHost == null || requestHost.isBlank() || !requestHost.matches("[A-Za-z0-9.\\-\\[\\]:]+")
        ? "localhost" : requestHost;
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]"; // a bare IPv6 address
    }
    return "https://" + host + (config.httpPort() == 443 ? "" : ":" + config.httpPort());
  }
}
