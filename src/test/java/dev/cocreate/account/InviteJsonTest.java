package dev.cocreate.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Invitations are read as records and written as the API's JSON, in the shape it always had. */
@DisplayName("An invitation code in the API's JSON")
class InviteJsonTest {
  static final OffsetDateTime CREATED = OffsetDateTime.parse("2026-03-01T10:00:00Z");

  @Test
  @DisplayName("an unused code that never expires has null expiresAt and usedAt and no usedBy")
  void unused() {
    assertThat(new Invite("ABCD-EFGH", CREATED, null, null, null).toJson()).isEqualTo(new JsonObject()
        .put("code", "ABCD-EFGH").put("createdAt", "2026-03-01T10:00:00Z").putNull("expiresAt").putNull("usedAt"));
  }

  @Test
  @DisplayName("a used code names who used it, by id and username")
  void used() {
    Invite used = new Invite("ABCD-EFGH", CREATED, CREATED.plusDays(7), CREATED.plusDays(1), new Invite.UsedBy(5, "newcomer"));
    assertThat(used.toJson()).isEqualTo(new JsonObject()
        .put("code", "ABCD-EFGH").put("createdAt", "2026-03-01T10:00:00Z").put("expiresAt", "2026-03-08T10:00:00Z")
        .put("usedAt", "2026-03-02T10:00:00Z").put("usedBy", new JsonObject().put("id", 5L).put("username", "newcomer")));
  }
}
