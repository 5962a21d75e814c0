package dev.cocreate.challenge.webhook;

import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Queues webhook deliveries inside the transaction of the change they announce, so a delivery is
 * sent if and only if the change committed; the worker sends them afterwards.
 */
public final class WebhookOutbox {
  private final WebhookRepository repo;

  public WebhookOutbox(WebhookRepository repo) {
    this.repo = repo;
  }

  /**
   * The body every subscribed webhook of the org receives: {@code {id, event, occurredAt, orgId,
   * data}}; {@code id} is the same for every webhook that gets this event, so receivers can drop
   * repeats.
   */
  public Future<Integer> enqueue(SqlConnection tx, long orgId, String event, JsonObject data) {
    String body = new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("event", event)
        .put("occurredAt", Times.iso(OffsetDateTime.now()))
        .put("orgId", orgId)
        .put("data", data)
        .encode();
    return repo.enqueue(tx, orgId, event, body);
  }
}
