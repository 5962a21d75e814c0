package dev.cocreate;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI 3.1 description kept beside the code (a test keeps it true to the router). */
final class OpenApi {
  private final Buffer document;

  OpenApi() {
    try (InputStream in = OpenApi.class.getResourceAsStream("/openapi.json")) {
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void serve(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(document);
  }
}
