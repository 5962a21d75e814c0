package dev.cocreate.platform.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Small request/response helpers shared by every feature's routes. */
public final class Http {
  public static final String JSON = "application/json; charset=utf-8";
  /**
   * Set on a request whose multipart body (an image upload) is left unread for its route: the CSRF
   * check then waits for the route, which makes it once the form's {@code _csrf} field has arrived.
   */
  public static final String UNREAD_MULTIPART = "cocreate.unreadMultipart";

  private Http() {}

  /** The request body as a JSON object; 400 when it is missing, not UTF-8, not JSON or not an object. */
  public static JsonBody body(RoutingContext ctx) {
    Buffer buf = ctx.body().buffer();
    if (buf == null || buf.length() == 0) {
      throw ApiException.badRequest("A JSON object body is required.");
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf.getBytes()));
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("The body is not valid UTF-8.");
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(buf);
    } catch (DecodeException e) {
      throw ApiException.badRequest("The body is not valid JSON.");
    }
    if (!(parsed instanceof JsonObject obj)) {
      throw ApiException.badRequest("The body must be a JSON object.");
    }
    return new JsonBody(obj);
  }

  /** A path parameter that must be a positive id; anything else is a 404 (no such resource). */
  public static long idParam(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // falls through to 404
    }
    throw ApiException.notFound("resource");
  }

  public static int limitParam(RoutingContext ctx) {
    String raw = ctx.request().getParam("limit");
    if (raw == null || raw.isEmpty()) {
      return 20;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= 100) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // falls through
    }
    throw ApiException.invalid("limit", "must be a whole number from 1 to 100");
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    String encoded =
        body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : Json.encode(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(encoded);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  /** Completes the request with the future's JSON, or hands its failure to the failure handler. */
  public static <T> void respond(RoutingContext ctx, int status, Future<T> future, Function<T, Object> view) {
    future.onComplete(
        ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else if (!ctx.response().ended()) {
            try {
              json(ctx, status, view.apply(ar.result()));
            } catch (RuntimeException e) {
              ctx.fail(e);
            }
          }
        });
  }

  public static <T> void respond(RoutingContext ctx, Future<T> future, Function<T, Object> view) {
    respond(ctx, 200, future, view);
  }

  public static void respondNoContent(RoutingContext ctx, Future<?> future) {
    future.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (!ctx.response().ended()) {
        noContent(ctx);
      }
    });
  }

  /** True when the client prefers an HTML page to problem+json. */
  public static boolean wantsHtml(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/live") || path.startsWith("/health")
        || path.startsWith("/metrics") || path.startsWith("/feeds/")) {
      return false;
    }
    String accept = ctx.request().getHeader("Accept");
    return accept == null || accept.contains("text/html") || accept.contains("*/*") && !accept.contains("json");
  }
}
