package dev.cocreate.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Notifications on the live me topic")
class NotificationLiveTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin("nl_admin");
    community.space("square", "public");
  }

  @Test
  @DisplayName("a member following me receives notification.created with the unread count; nobody else does")
  void meReceivesNotificationCreated() {
    TestHttp ola = community.member("ola");
    TestHttp per = community.member("per");
    JsonObject t = community.thread(ola, "square", "Fountain repairs", "Who fixes it?");
    try (LiveClient olaLive = LiveClient.withToken(server.port(), ola.token());
        LiveClient perLive = LiveClient.withToken(server.port(), per.token())) {
      olaLive.subscribe("me").expect("subscribed", 5000);
      perLive.subscribe("me").expect("subscribed", 5000);

      community.reply(per, t.getLong("id"), null, "The council, @ola.");
      JsonObject event = olaLive.until(m -> "event".equals(m.getString("op")), 5000).get(0);
      assertThat(event.getString("topic")).isEqualTo("me");
      assertThat(event.getString("type")).isEqualTo("notification.created");
      assertThat(event.getJsonObject("data").getInteger("unreadCount")).isEqualTo(1);
      JsonObject n = event.getJsonObject("data").getJsonObject("notification");
      assertThat(n.getString("kind")).isEqualTo("mention");
      assertThat(n.getString("title")).isEqualTo("Fountain repairs");

      // A second reply coalesces: the event carries the same notification with count 2, still one unread.
      community.reply(per, t.getLong("id"), null, "Or the neighbours, @ola.");
      JsonObject again = olaLive.until(m -> "event".equals(m.getString("op")), 5000).get(0);
      assertThat(again.getJsonObject("data").getJsonObject("notification").getLong("id")).isEqualTo(n.getLong("id"));
      assertThat(again.getJsonObject("data").getJsonObject("notification").getInteger("count")).isEqualTo(2);
      assertThat(again.getJsonObject("data").getInteger("unreadCount")).isEqualTo(1);

      // Reading it is announced too, so the member's other tabs drop the count.
      ola.post("/api/notifications/read", new JsonObject().put("ids", new JsonArray().add(n.getLong("id"))));
      JsonObject read = olaLive.until(m -> "event".equals(m.getString("op")), 5000).get(0);
      assertThat(read.getString("type")).isEqualTo("notification.read");
      assertThat(read.getJsonObject("data").getInteger("unreadCount")).isZero();

      List<JsonObject> perSaw = perLive.drain(300);
      assertThat(perSaw).noneMatch(m -> "event".equals(m.getString("op")));
    }
  }
}
