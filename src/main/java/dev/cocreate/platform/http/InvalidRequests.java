package dev.cocreate.platform.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers requests the HTTP decoder could not read (request line or headers over the limit,
 * garbage), which never reach the router: problem+json like every other error, with
 * {@code Connection: close} so that no client reuses a connection whose stream is out of step.
 */
public final class InvalidRequests {
  private InvalidRequests() {}

  public static void answer(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      detail = "The request line is over the limit (8 KiB).";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      detail = "The request headers are over the limit (16 KiB together).";
    } else {
      status = 400;
      detail = "The request could not be read as HTTP.";
    }
    JsonObject problem = new JsonObject()
        .put("type", "https://cocreate.dev/problems/" + (status == 400 ? "bad-request" : "too-large"))
        .put("title", status == 400 ? "Bad request" : "Request too large")
        .put("status", status)
        .put("detail", detail);
    request.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .putHeader("Connection", "close")
        .end(problem.encode())
        .onComplete(v -> request.connection().close());
  }
}
