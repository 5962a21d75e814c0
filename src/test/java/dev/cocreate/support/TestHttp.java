package dev.cocreate.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A blocking HTTP client for tests, as an API client or a browser would call the server: it keeps
 * cookies, and sends a bearer token once {@link #token(String)} is set.
 */
public final class TestHttp {
  private final String base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  private String token;

  public TestHttp(String base) {
    this.base = base;
    this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public TestHttp token(String token) {
    this.token = token;
    return this;
  }

  public String token() {
    return token;
  }

  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  public Resp get(String path) {
    return send(builder(path).GET());
  }

  public Resp getHtml(String path) {
    return send(builder(path).header("Accept", "text/html").GET());
  }

  public Resp post(String path, Object json) {
    return send(path, "POST", json);
  }

  public Resp put(String path, Object json) {
    return send(path, "PUT", json);
  }

  public Resp patch(String path, Object json) {
    return send(path, "PATCH", json);
  }

  public Resp delete(String path) {
    return send(builder(path).DELETE());
  }

  public Resp send(String path, String method, Object json) {
    String body = json == null ? "" : json instanceof String s ? s : json instanceof JsonObject o ? o.encode()
        : json instanceof JsonArray a ? a.encode() : String.valueOf(json);
    return send(builder(path).header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  public Resp raw(String path, String method, String contentType, byte[] body) {
    HttpRequest.Builder b = builder(path);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** A browser form post (urlencoded), as the pages send. */
  public Resp form(String path, Map<String, String> fields) {
    StringJoiner j = new StringJoiner("&");
    fields.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(builder(path).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
        .POST(HttpRequest.BodyPublishers.ofString(j.toString())));
  }

  /** A page form posted by this (signed-in) browser, with the CSRF token its cookie holds. */
  public Resp postForm(String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("_csrf", cookie("cc_csrf"));
    return form(path, all);
  }

  /** A page that must be there (200), parsed with this server as its base for links. */
  public Document page(String path) {
    return page(path, null);
  }

  /** The page in {@code language} (an Accept-Language value), or as the server picks when null. */
  public Document page(String path, String language) {
    HttpRequest.Builder b = builder(path).header("Accept", "text/html");
    if (language != null) {
      b.header("Accept-Language", language);
    }
    Resp r = send(b.GET());
    assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
    return Jsoup.parse(r.body(), base);
  }

  public HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  public Resp send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The password of every member {@link #register} makes. */
  public static final String PASSWORD = "correct horse battery";

  /** Registers a member and keeps their token; returns the user JSON. */
  public JsonObject register(String username) {
    Resp r = post("/api/auth/register", new JsonObject().put("username", username).put("email", username + "@example.test")
        .put("password", PASSWORD).put("displayName", username.toUpperCase()));
    if (r.status() != 201) {
      throw new IllegalStateException("register failed: " + r);
    }
    token = r.json().getString("token");
    return r.json().getJsonObject("user");
  }
}
