package dev.cocreate.challenge.webhook;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One event sent (or still to send) to a webhook, with every attempt so far, as its org's owners
 * read the delivery log.
 *
 * @param nextAttemptAt when it is tried again; only while it is pending
 * @param payload the body sent, as sent
 */
public record Delivery(long id, String event, String status, int attempts, OffsetDateTime nextAttemptAt,
    OffsetDateTime deliveredAt, OffsetDateTime createdAt, JsonObject payload, List<Attempt> log) {

  /** One try: the receiver's status code, or the error that kept it from answering. */
  public record Attempt(int attempt, Integer statusCode, String error, Integer durationMs, OffsetDateTime at) {
    JsonObject toJson() {
      return new JsonObject().put("attempt", attempt).put("statusCode", statusCode).put("error", error)
          .put("durationMs", durationMs).put("at", Times.iso(at));
    }
  }

  public JsonObject toJson() {
    JsonArray attemptLog = new JsonArray();
    log.forEach(a -> attemptLog.add(a.toJson()));
    return new JsonObject()
        .put("id", id)
        .put("event", event)
        .put("status", status)
        .put("attempts", attempts)
        .put("nextAttemptAt", status.equals("pending") ? Times.iso(nextAttemptAt) : null)
        .put("deliveredAt", Times.iso(deliveredAt))
        .put("createdAt", Times.iso(createdAt))
        .put("payload", payload)
        .put("log", attemptLog);
  }
}
