package dev.cocreate.platform.http;

import dev.cocreate.platform.db.SqlErrors;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses: problem+json for API clients, an error page for
 * browsers. Internals (stack traces, SQL, class names) are logged with the request id, never sent.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(FailureHandler.class);
  private static final String BAD_FORM = "The form is not valid percent-encoding.";

  /** Renders an HTML error page: (ctx, problem) -> ends the response. Set by the web feature. */
  private final BiConsumer<RoutingContext, JsonObject> errorPage;

  public FailureHandler(BiConsumer<RoutingContext, JsonObject> errorPage) {
    this.errorPage = errorPage;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ApiException problem = toProblem(ctx);
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    JsonObject body =
        new JsonObject()
            .put("type", "https://cocreate.dev/problems/" + problem.type())
            .put("title", problem.title())
            .put("status", problem.status())
            .put("detail", problem.getMessage());
    if (!problem.errors().isEmpty()) {
      JsonArray errors = new JsonArray();
      problem.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      body.put("errors", errors);
    }
    JsonObject extensions = problem.extensions();
    if (extensions != null) {
      extensions.forEach(e -> {
        if (!body.containsKey(e.getKey())) {
          body.put(e.getKey(), e.getValue());
        }
      });
    }
    String requestId = ctx.get(RequestLog.REQUEST_ID);
    if (requestId != null) {
      body.put("requestId", requestId);
    }
    var response = ctx.response().setStatusCode(problem.status());
    if (problem.retryAfterSeconds() != null) {
      response.putHeader("Retry-After", String.valueOf(problem.retryAfterSeconds()));
    }
    if (problem.status() == 405 && ctx.get("allowedMethods") != null) {
      response.putHeader("Allow", ctx.<String>get("allowedMethods"));
    }
    if (Http.wantsHtml(ctx) && errorPage != null) {
      try {
        errorPage.accept(ctx, body);
        return;
      } catch (RuntimeException e) {
        log.error("error page failed [{}]", requestId, e);
      }
    }
    response.putHeader("Content-Type", "application/problem+json; charset=utf-8").end(body.encode());
  }

  private ApiException toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure instanceof DecodeException || failure instanceof IllegalArgumentException && failure.getMessage() != null && failure.getMessage().contains("URLDecoder")) {
      return ApiException.badRequest("The request could not be decoded.");
    }
    if (failure != null && SqlErrors.isUniqueViolation(failure)) {
      return ApiException.conflict("That already exists.");
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      // A data exception (bad encoding, value out of range) comes from input that slipped past validation.
      log.warn("data exception on {} {} [{}]: {}", ctx.request().method(), ctx.normalizedPath(), ctx.get(RequestLog.REQUEST_ID), pg.getSqlState());
      return ApiException.badRequest("A value in the request is not acceptable.");
    }
    if (failure != null && SqlErrors.isUnavailable(failure)) {
      log.warn("database unavailable [{}]: {}", ctx.get(RequestLog.REQUEST_ID), failure.toString());
      return ApiException.unavailable();
    }
    if (failure == null) {
      return fromStatus(ctx.statusCode(), null);
    }
    ApiException form = formProblem(ctx, failure);
    if (form != null) {
      return form;
    }
    if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // Vert.x itself refused the request with a client error and said why in an exception (an
      // HTTP/1.1 request without Host, say): the client's mistake, answered as such, not a 500.
      return missingHost(ctx) ? ApiException.badRequest("The request must carry a Host header.")
          : fromStatus(ctx.statusCode(), null);
    }
    log.error("unexpected failure on {} {} [{}]", ctx.request().method(), ctx.normalizedPath(), ctx.get(RequestLog.REQUEST_ID), failure);
    return new ApiException(500, "internal", "Internal error", "Something went wrong on our side; it has been logged.");
  }

  /**
   * A form body the decoder could not read: bad percent-encoding ({@code %zz}, a lone {@code %})
   * is 400, too many or too long fields 413. Netty reports them while the body is decoded, before
   * any route runs, so this is the one place that can answer for every form.
   */
  private static ApiException formProblem(RoutingContext ctx, Throwable failure) {
    // A bad escape in a field's name comes from a different Netty decoder, as a bare IllegalArgumentException
    // that the body handler answers 400: the same mistake, so the same answer.
    if (ctx.statusCode() == 400 && failure instanceof IllegalArgumentException && isForm(ctx)) {
      return ApiException.badRequest(BAD_FORM);
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpPostRequestDecoder.TooManyFormFieldsException
          || t instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
        return new ApiException(413, "too-large", "Payload too large", "The form has too many or too long fields.");
      }
      if (t instanceof HttpPostRequestDecoder.ErrorDataDecoderException
          || t instanceof HttpPostRequestDecoder.NotEnoughDataDecoderException) {
        return ApiException.badRequest(BAD_FORM);
      }
    }
    return null;
  }

  private static boolean isForm(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private static boolean missingHost(RoutingContext ctx) {
    return ctx.request().version() == HttpVersion.HTTP_1_1 && ctx.request().headers().get("Host") == null;
  }

  private static ApiException fromStatus(int status, String payload) {
    return switch (status) {
      case 400 -> ApiException.badRequest(payload != null && !payload.isBlank() && !payload.contains("Exception") ? payload : "The request is malformed.");
      case 401 -> ApiException.unauthorized("Sign in first.");
      case 403 -> ApiException.forbidden("You are not allowed to do that.");
      case 404 -> ApiException.notFound("page");
      case 405 -> new ApiException(405, "method-not-allowed", "Method not allowed", "This resource does not support that method.");
      case 413 -> new ApiException(413, "too-large", "Payload too large", "The request body is over the limit (64 KiB for JSON).");
      case 414, 431 -> new ApiException(status, "too-large", "Request too large", "The request line or headers are too large.");
      case 415 -> new ApiException(415, "unsupported-media-type", "Unsupported media type", "Send application/json.");
      case 429 -> ApiException.tooManyRequests(60);
      case 503 -> ApiException.unavailable();
      default -> status >= 400 && status < 500
          ? new ApiException(status, "client-error", "Client error", "The request was not accepted.")
          : new ApiException(500, "internal", "Internal error", "Something went wrong on our side; it has been logged.");
    };
  }
}
