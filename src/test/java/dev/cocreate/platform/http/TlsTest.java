package dev.cocreate.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.TestCertificate;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("TLS: HTTPS and wss with a PEM certificate and key from the configuration")
class TlsTest {
  static final TestCertificate cert = TestCertificate.create(Path.of("target/test-data/tls-" + ProcessHandle.current().pid()).toAbsolutePath());
  static final int redirectPort = TestServer.freePort();

  @RegisterExtension
  static final CocreateServer server = CocreateServer.start(new JsonObject()
      .put("tlsCertPath", cert.certPem().toString())
      .put("tlsKeyPath", cert.keyPem().toString())
      .put("httpRedirectPort", redirectPort));

  static HttpClient https;

  @BeforeAll
  static void start() {
    TestDatabase.execOn(server.dbUrl(), "insert into spaces (slug, name, visibility) values ('tls-open', 'Open', 'public')");
    // Generous timeouts: they only bound a failure, and a busy two-core machine took over 5 s to connect.
    https = HttpClient.newBuilder().sslContext(cert.trustingContext()).connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  static String httpsUrl(String path) {
    return "https://127.0.0.1:" + server.port() + path;
  }

  static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("a page is served over HTTPS with HSTS, and its cookies are Secure")
  void pageOverHttps() throws Exception {
    HttpResponse<String> r = get(https, httpsUrl("/register"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Create your account");
    assertThat(r.sslSession()).isPresent();
    assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(v -> assertThat(v).contains("max-age="));
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookies).isNotEmpty().allSatisfy(c -> assertThat(c).containsIgnoringCase("Secure"));
  }

  @Test
  @DisplayName("plain HTTP on the TLS port is refused, and a client that does not trust the certificate cannot connect")
  void noPlainHttpNoUntrustedTls() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThatThrownBy(() -> get(plain, "http://127.0.0.1:" + server.port() + "/health/live"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> get(plain, httpsUrl("/health/live"))).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  @DisplayName("the HTTP redirect port sends every request to the same path over HTTPS with 308")
  void redirectsToHttps() throws Exception {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> r = get(plain, "http://127.0.0.1:" + redirectPort + "/s/tls-open?sort=new");
    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.headers().firstValue("Location")).hasValue(httpsUrl("/s/tls-open?sort=new"));
    HttpResponse<String> followed = get(https, r.headers().firstValue("Location").orElseThrow());
    assertThat(followed.statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("/live works over wss: a subscription is answered with subscribed")
  void liveOverWss() throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket ws = https.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("wss://127.0.0.1:" + server.port() + "/live"), new WebSocket.Listener() {
          final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              first.complete(text.toString());
            }
            webSocket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText(new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add("space:tls-open"))
        .encode(), true).get(5, TimeUnit.SECONDS);
    JsonObject answer = new JsonObject(first.get(10, TimeUnit.SECONDS));
    assertThat(answer.getString("op")).as(answer.encode()).isEqualTo("subscribed");
    assertThat(answer.getJsonArray("topics").getList()).containsExactly("space:tls-open");
    ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
  }
}
