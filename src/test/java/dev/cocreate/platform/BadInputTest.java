package dev.cocreate.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Bad input gets the right 4xx problem+json, never a 500")
class BadInputTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  record Case(String name, String method, String path, String contentType, byte[] body, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Case> cases() {
    String huge = "x".repeat(70 * 1024);
    return Stream.of(
        new Case("malformed JSON", "POST", "/api/auth/register", "application/json", b("{\"username\": "), 400),
        new Case("JSON array instead of object", "POST", "/api/auth/register", "application/json", b("[1,2]"), 400),
        new Case("JSON string instead of object", "POST", "/api/auth/login", "application/json", b("\"hi\""), 400),
        new Case("empty body", "POST", "/api/auth/register", "application/json", new byte[0], 400),
        new Case("wrong content type", "POST", "/api/auth/register", "text/plain", b("{\"a\":1}"), 415),
        new Case("form content type on API", "POST", "/api/auth/login", "application/x-www-form-urlencoded", b("login=a&password=b"), 415),
        new Case("oversize body", "POST", "/api/auth/register", "application/json", b("{\"username\":\"" + huge + "\"}"), 413),
        new Case("unknown API route", "GET", "/api/no/such/thing", null, new byte[0], 404),
        new Case("wrong method", "DELETE", "/api/auth/login", null, new byte[0], 405),
        new Case("non-UTF-8 bytes", "POST", "/api/auth/register", "application/json",
            new byte[] {'{', '"', 'u', 's', 'e', 'r', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, 400),
        new Case("wrong JSON types", "POST", "/api/auth/register", "application/json",
            b("{\"username\": 42, \"email\": [], \"password\": {\"a\": 1}}"), 400),
        new Case("long but under-limit strings", "POST", "/api/auth/register", "application/json",
            b(new JsonObject().put("username", "a".repeat(5000)).put("email", "b".repeat(5000)).put("password", "c".repeat(5000)).encode()), 400),
        new Case("NUL characters", "POST", "/api/auth/login", "application/json", b("{\"login\":\"a\\u0000b\",\"password\":\"x\"}"), 400),
        new Case("deeply nested JSON", "POST", "/api/auth/login", "application/json", b("[".repeat(5000) + "]".repeat(5000)), 400),
        new Case("numbers where strings go", "POST", "/api/auth/login", "application/json", b("{\"login\":1e999,\"password\":true}"), 400),
        new Case("bad id in path", "GET", "/api/users/%00", null, new byte[0], 404));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput(Case c) {
    TestHttp http = server.http();
    Resp r = http.raw(c.path(), c.method(), c.contentType(), c.body());
    assertThat(r.status()).as(r.toString()).isEqualTo(c.status());
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = r.json();
    assertThat(problem.getInteger("status")).isEqualTo(c.status());
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("SQL").doesNotContain("io.vertx");
  }

  @Test
  @DisplayName("wrong method answers 405 with the route still 404 for unknown paths, and HTML for browsers")
  void htmlErrorPage() {
    Resp r = server.http().getHtml("/no-such-page");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    assertThat(r.body()).contains("We cannot find that page").contains("<h1");
  }

  @Test
  @DisplayName("security headers and a request id are on every response")
  void securityHeaders() {
    for (String path : new String[] {"/", "/api/no/such", "/health/live", "/login"}) {
      Resp r = server.http().get(path);
      assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline").contains("frame-ancestors 'none'");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(r.header("Referrer-Policy")).isNotBlank();
      assertThat(r.header("X-Request-Id")).matches("[A-Za-z0-9._-]{8,64}");
    }
  }

  @Test
  @DisplayName("health and metrics answer")
  void healthAndMetrics() {
    assertThat(server.http().get("/health/live").status()).isEqualTo(200);
    Resp ready = server.http().get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    Resp metrics = server.http().get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("vertx_http_server").contains("vertx_pool");
  }
}
