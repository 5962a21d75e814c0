package dev.cocreate.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Suspension takes effect at once")
class SuspensionTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("susp");
  }

  @Test
  @DisplayName("a suspended member's next request is refused, by token and by web session, and sign-in says why")
  void nextRequestRefused() {
    TestHttp api = community.member("susp_member");
    assertThat(api.get("/api/me").status()).isEqualTo(200);
    TestHttp browser = server.http();
    assertThat(browser.getHtml("/login").status()).isEqualTo(200);
    Resp login = browser.form("/login", Map.of("login", "susp_member", "password", "correct horse battery",
        "_csrf", browser.cookie("cc_csrf")));
    assertThat(login.status()).as(login.toString()).isEqualTo(303);
    assertThat(browser.get("/api/me").status()).isEqualTo(200);

    Resp s = community.mod().post("/api/users/susp_member/suspension",
        new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "Repeated abuse"));
    assertThat(s.status()).as(s.toString()).isEqualTo(200);
    assertThat(s.json().getString("suspendedUntil")).isEqualTo("2099-01-01T00:00:00Z");

    assertThat(api.get("/api/me").status()).isEqualTo(401);
    assertThat(api.post("/api/posts/1/flags", new JsonObject().put("reason", "spam")).status()).isEqualTo(401);
    assertThat(browser.get("/api/me").status()).isEqualTo(401);
    Resp again = server.http().post("/api/auth/login",
        new JsonObject().put("login", "susp_member").put("password", "correct horse battery"));
    assertThat(again.status()).isEqualTo(403);
    assertThat(again.json().getString("detail")).contains("Repeated abuse");

    assertThat(community.mod().delete("/api/users/susp_member/suspension").status()).isEqualTo(200);
    Resp back = server.http().post("/api/auth/login",
        new JsonObject().put("login", "susp_member").put("password", "correct horse battery"));
    assertThat(back.status()).isEqualTo(200);
    TestHttp restored = server.http().token(back.json().getString("token"));
    Resp notices = restored.get("/api/me/moderation-notices");
    assertThat(notices.items().stream().map(o -> ((JsonObject) o).getString("action"))).containsExactly("unsuspend", "suspend");
  }

  @Test
  @DisplayName("a suspended member's open live connection is closed (1008) at once")
  void liveConnectionClosed() throws Exception {
    TestHttp member = community.member("susp_live");
    CompletableFuture<String> subscribed = new CompletableFuture<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket ws = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().newWebSocketBuilder()
        .header("Authorization", "Bearer " + member.token())
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/live"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (data.toString().contains("\"subscribed\"")) {
              subscribed.complete(data.toString());
            }
            socket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
          }

          @Override
          public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
          }
        }).get(5, TimeUnit.SECONDS);
    ws.sendText("{\"op\": \"subscribe\", \"topics\": [\"me\"]}", true).get(5, TimeUnit.SECONDS);
    subscribed.get(5, TimeUnit.SECONDS);
    assertThat(closed).isNotDone();

    Resp s = community.mod().post("/api/users/susp_live/suspension",
        new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "Flooding"));
    assertThat(s.status()).as(s.toString()).isEqualTo(200);
    assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
  }
}
