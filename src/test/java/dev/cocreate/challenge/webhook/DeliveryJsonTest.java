package dev.cocreate.challenge.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The delivery log is read as records and written as the API's JSON: the shape clients read stays as it was. */
@DisplayName("A webhook delivery in the API's JSON")
class DeliveryJsonTest {
  static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-03-01T10:00:00.123456+01:00");

  @Test
  @DisplayName("a pending delivery: every member, instants in UTC to the millisecond, each attempt with its error")
  void pending() {
    Delivery d = new Delivery(7, "idea.created", "pending", 1, CREATED.plusMinutes(5), null, CREATED,
        new JsonObject().put("ideaId", 3), List.of(new Delivery.Attempt(1, null, "timeout", 10_000, CREATED.plusSeconds(10))));
    assertThat(d.toJson()).isEqualTo(new JsonObject()
        .put("id", 7L).put("event", "idea.created").put("status", "pending").put("attempts", 1)
        .put("nextAttemptAt", "2026-03-01T09:05:00.123Z").putNull("deliveredAt").put("createdAt", "2026-03-01T09:00:00.123Z")
        .put("payload", new JsonObject().put("ideaId", 3))
        .put("log", new JsonArray().add(new JsonObject().put("attempt", 1).putNull("statusCode").put("error", "timeout")
            .put("durationMs", 10_000).put("at", "2026-03-01T09:00:10.123Z"))));
  }

  @Test
  @DisplayName("a delivered one names no next attempt, whatever the row holds")
  void delivered() {
    Delivery d = new Delivery(8, "idea.created", "delivered", 1, CREATED, CREATED, CREATED, new JsonObject(),
        List.of(new Delivery.Attempt(1, 200, null, 12, CREATED)));
    JsonObject json = d.toJson();
    assertThat(json.containsKey("nextAttemptAt")).isTrue();
    assertThat(json.getValue("nextAttemptAt")).isNull();
    assertThat(json.getString("deliveredAt")).isEqualTo("2026-03-01T09:00:00.123Z");
    assertThat(json.getJsonArray("log").getJsonObject(0).fieldNames())
        .containsExactly("attempt", "statusCode", "error", "durationMs", "at");
  }
}
