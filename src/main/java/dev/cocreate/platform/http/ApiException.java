package dev.cocreate.platform.http;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A failure the client caused or must be told about; the failure handler turns it into
 * problem+json (or an error page). Services throw these; nothing else reaches a client.
 */
public class ApiException extends RuntimeException {
  public record FieldError(String field, String message) {}

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final Long retryAfterSeconds;

  public ApiException(int status, String type, String title, String detail, List<FieldError> errors, Long retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ApiException(int status, String type, String title, String detail) {
    this(status, type, title, detail, List.of(), null);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "bad-request", "Bad request", detail);
  }

  public static ApiException invalid(List<FieldError> errors) {
    return new ApiException(400, "validation", "Invalid input", "Some fields are invalid.", errors, null);
  }

  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  /**
   * Well-formed input the request's rules refuse as a whole (shares that do not add up, a name that
   * is not one the request may use): 422, with the fields at fault.
   */
  public static ApiException unprocessable(String detail, List<FieldError> errors) {
    return new ApiException(422, "unprocessable", "Unprocessable request", detail, errors, null);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "unauthorized", "Authentication required", detail);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "forbidden", "Forbidden", detail);
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not-found", "Not found", what + " not found");
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "conflict", "Conflict", detail);
  }

  public static ApiException locked(String detail) {
    return new ApiException(423, "locked", "Locked", detail);
  }

  public static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(429, "rate-limited", "Too many requests",
        "Slow down: try again in " + retryAfterSeconds + " s.", List.of(), retryAfterSeconds);
  }

  public static ApiException unavailable() {
    return new ApiException(503, "unavailable", "Service unavailable",
        "The database is unavailable right now; please retry shortly.", List.of(), 5L);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Members a problem adds to its problem+json besides the standard ones (RFC 9457 extension
   * members), such as the end of a restriction; null when it adds none.
   */
  public JsonObject extensions() {
    return null;
  }
}
