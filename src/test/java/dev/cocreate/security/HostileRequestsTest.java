package dev.cocreate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.MountedRoutes;
import dev.cocreate.support.RawClient;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that used to hang the server's answer, or end in a 500 with an error in the log: a
 * redirect target with a control character, form bodies that are not percent-encoding, an HTTP/1.1
 * request without Host, a multipart body to a JSON route, and HEAD (405 everywhere). Each must be
 * answered at once, with a 4xx or a safe redirect, and the server must log no error.
 */
@DisplayName("Hostile requests: redirect targets, broken encodings, a missing Host, the wrong body type, HEAD")
class HostileRequestsTest {
  static final String PASSWORD = "correct horse battery";
  static final Duration WITHIN = Duration.ofSeconds(1);

  static LogCapture logs;
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static long ideaId;

  @BeforeAll
  static void start() {
    logs = LogCapture.start();
    TestHttp owner = server.http();
    owner.register("hr_owner");
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "hr-firm").put("name", "HR firm")).status()).isEqualTo(201);
    Resp brief = owner.post("/api/challenges", new JsonObject().put("org", "hr-firm").put("title", "Quieter fans")
        .put("summary", "Cut the noise.").put("problem", "Too loud.").put("desiredOutcomes", "Quiet.").put("constraints", "None.")
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Noise").put("weight", 1)))
        .put("reward", "Thanks").put("ipTerms", "Yours.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString()));
    assertThat(brief.status()).as(brief.toString()).isEqualTo(201);
    long challenge = brief.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + challenge + "/transition", new JsonObject().put("to", "open")).status()).isEqualTo(200);
    TestHttp author = server.http();
    author.register("hr_author");
    Resp idea = author.post("/api/challenges/" + challenge + "/ideas", new JsonObject().put("title", "Rubber mounts")
        .put("pitch", "Dampen it.").put("body", "Details.").put("acceptTerms", true));
    assertThat(idea.status()).as(idea.toString()).isEqualTo(201);
    ideaId = idea.json().getLong("id");
    server.http().register("hr_supporter");
  }

  @AfterAll
  static void stop() {
    logs.close();
  }

  @AfterEach
  void theLogHasNoError() {
    List<String> errors = logs.errors().stream().map(LogCapture::text).toList();
    assertThat(errors).withFailMessage(() -> "the server logged errors:\n" + String.join("\n", errors)).isEmpty();
    assertThat(logs.lines()).noneMatch(line -> line.contains("prohibited character"));
  }

  /** Targets that must never become a Location: each raw, and percent-encoded once more as a value of its own. */
  static List<String> hostileTargets() {
    List<String> out = new ArrayList<>();
    for (String c : List.of("\r", "\n", "\0", "\u000b", "\f", "\t")) {
      out.add("/" + c + "/evil.example");
      out.add("/ok" + c + "Set-Cookie: planted=1");
      out.add("/%" + String.format("%02x", (int) c.charAt(0)) + "/evil.example");
      out.add("/ok%" + String.format("%02X", (int) c.charAt(0)) + "x");
    }
    out.addAll(List.of("//evil.example", "/\\evil.example", "https://evil.example/", "\t//evil.example", "javascript:alert(1)",
        "/%2F/evil.example", "%2F%2Fevil.example", "/%5Cevil.example", "https%3A%2F%2Fevil.example", "/ok%0d%0aSet-Cookie:%20x=1"));
    return out;
  }

  @Test
  @DisplayName("every redirect parameter fed a hostile target answers within a second with a Location on this site")
  void redirectTargets() {
    List<String> problems = new ArrayList<>();
    TestHttp supporter = signedIn("hr_supporter");
    TestHttp visitor = server.http();
    visitor.getHtml("/login");
    // A sign-in hashes the password (Argon2, tens of milliseconds, more on a busy machine): its
    // deadline is a second beyond what a clean sign-in takes here and now, which still tells a
    // request that is never answered from one that is merely slow.
    TestHttp clean = server.http();
    clean.getHtml("/login");
    long started = System.nanoTime();
    expectRedirect(problems, "POST /login with a plain next", form(clean, "/login", Map.of("login", "hr_supporter",
        "password", PASSWORD, "_csrf", clean.cookie("cc_csrf"), "next", "/"), Duration.ofMinutes(1)), "/");
    Duration signIn = WITHIN.plus(Duration.ofNanos(System.nanoTime() - started).multipliedBy(2));
    int n = 0;
    for (String target : hostileTargets()) {
      String shown = target.replaceAll("\\p{Cntrl}", "<ctl>");
      // The sign-in form's next: a valid sign-in still signs in, and lands at home.
      TestHttp browser = server.http();
      browser.getHtml("/login");
      expectRedirect(problems, "POST /login next=" + shown, form(browser, "/login", Map.of("login", "hr_supporter",
          "password", PASSWORD, "_csrf", browser.cookie("cc_csrf"), "next", target), signIn), "/");
      // The sign-in page repeats next in its form: only a safe one.
      Resp page = answer(visitor, visitor.builder("/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8))
          .header("Accept", "text/html").GET());
      if (page == null || page.status() != 200) {
        problems.add("GET /login?next=" + shown + " -> " + page);
      } else if (!Jsoup.parse(page.body()).selectFirst("input[name=next]").val().equals("/")) {
        problems.add("GET /login?next=" + shown + " repeats it: " + Jsoup.parse(page.body()).selectFirst("input[name=next]"));
      }
      // The language switch's back.
      expectRedirect(problems, "POST /locale back=" + shown, form(visitor, "/locale", Map.of("_csrf", visitor.cookie("cc_csrf"),
          "locale", "en", "back", target)), "/");
      // The support form's back.
      expectRedirect(problems, "POST /i/{id}/support back=" + shown, form(supporter, "/i/" + ideaId + "/support",
          Map.of("_csrf", supporter.cookie("cc_csrf"), "action", n++ % 2 == 0 ? "support" : "withdraw", "back", target)),
          "/i/" + ideaId);
    }
    // A path on this site is followed as given.
    String back = "/c/1?sort=recent#idea-" + ideaId;
    expectRedirect(problems, "POST /i/{id}/support with a safe back", form(supporter, "/i/" + ideaId + "/support",
        Map.of("_csrf", supporter.cookie("cc_csrf"), "action", "support", "back", back)), back);
    TestHttp browser = server.http();
    browser.getHtml("/login");
    expectRedirect(problems, "POST /login with a safe next", form(browser, "/login", Map.of("login", "hr_supporter",
        "password", PASSWORD, "_csrf", browser.cookie("cc_csrf"), "next", "/settings")), "/settings");
    assertThat(problems).withFailMessage(() -> problems.size() + " problem(s):\n" + String.join("\n", problems)).isEmpty();
  }

  @Test
  @DisplayName("every form route answers 400 to a body or query string that is not percent-encoding: a page, or problem+json")
  void brokenPercentEncoding() {
    Set<String> forms = MountedRoutes.pageForms(server.node());
    assertThat(forms).contains("POST /login", "POST /locale", "POST /register", "POST /unsubscribe", "POST /t/{}/reply");
    TestHttp browser = signedIn("hr_supporter");
    // One client of each kind for the whole sweep: a new client per request keeps its connection open
    // until it is collected, and a few hundred form routes' worth of them reach the per-address cap.
    TestHttp visitor = server.http();
    List<String> problems = new ArrayList<>();
    for (String route : forms) {
      String path = route.substring("POST ".length()).replace("{}", "1");
      for (String body : List.of("login=%zz", "_csrf=%", "a=1&b=%zz&c=2", "%zz=1", "a=%e")) {
        for (TestHttp who : List.of(visitor, browser)) {
          expectBadRequest(problems, route + " body " + body, who, path, body);
        }
      }
      // URI refuses such a query, so this one goes over a raw socket.
      try (RawClient raw = RawClient.connect(server.port())) {
        raw.write("POST " + path + "?next=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nConnection: close\r\n\r\na=1");
        String head = raw.readHead((int) WITHIN.toMillis());
        if (head == null || !head.startsWith("HTTP/1.1 400 ") || !head.toLowerCase().contains("application/problem+json")) {
          problems.add(route + " with ?next=%zz -> " + head);
        }
      }
    }
    assertThat(problems).withFailMessage(() -> problems.size() + " problem(s):\n" + String.join("\n", problems)).isEmpty();
  }

  private static void expectBadRequest(List<String> problems, String what, TestHttp who, String path, String body) {
    Resp page = answer(who, who.builder(path).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)));
    if (page == null || page.status() != 400 || !String.valueOf(page.header("Content-Type")).startsWith("text/html")
        || !Jsoup.parse(page.body()).text().contains("percent-encoding")) {
      problems.add(what + " (browser) -> " + (page == null ? "no answer" : page.status() + " " + page.header("Content-Type") + " "
          + Jsoup.parse(page.body()).select("main").text()));
    }
    Resp api = answer(who, who.builder(path).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    if (api == null || api.status() != 400 || !String.valueOf(api.header("Content-Type")).startsWith("application/problem+json")
        || api.json().getInteger("status") != 400) {
      problems.add(what + " (client) -> " + api);
    }
  }

  @Test
  @DisplayName("an HTTP/1.1 request without Host is 400, a page for browsers and problem+json for the API")
  void missingHost() {
    record Case(String request, String type) {}
    for (Case c : List.of(
        new Case("GET / HTTP/1.1\r\nAccept: text/html\r\n\r\n", "text/html"),
        new Case("GET /api/spaces HTTP/1.1\r\nAccept: application/json\r\n\r\n", "application/problem+json"),
        new Case("POST /login HTTP/1.1\r\nAccept: text/html\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 3\r\n\r\na=1", "text/html"),
        new Case("POST /api/auth/login HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
            "application/problem+json"))) {
      try (RawClient raw = RawClient.connect(server.port())) {
        raw.write(c.request());
        String head = raw.readHead((int) WITHIN.toMillis());
        assertThat(head).as(c.request()).isNotNull().startsWith("HTTP/1.1 400 ");
        assertThat(head.toLowerCase()).as(head).contains("content-type: " + c.type());
        String body = raw.readBody(head);
        assertThat(body).contains("Host").doesNotContain("Exception").doesNotContain("io.vertx");
      }
    }
    // HTTP/1.0 has no Host to require.
    try (RawClient raw = RawClient.connect(server.port())) {
      raw.write("GET /api/spaces HTTP/1.0\r\n\r\n");
      assertThat(raw.readStatus((int) WITHIN.toMillis())).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a multipart body to a JSON route is 415, signed in or not, and is never read as a form")
  void multipartToJson() {
    TestHttp member = server.http();
    member.register("hr_multipart");
    String boundary = "XyZ0123";
    byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"login\"\r\n\r\nhr_multipart\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\nhello\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    record Case(TestHttp who, String method, String path) {}
    for (Case c : List.of(new Case(server.http(), "POST", "/api/auth/login"), new Case(server.http(), "POST", "/api/auth/register"),
        new Case(member, "POST", "/api/threads"), new Case(member, "PUT", "/api/me/locale"),
        new Case(member, "POST", "/api/orgs"))) {
      Resp r = c.who().raw(c.path(), c.method(), "multipart/form-data; boundary=" + boundary, body);
      assertThat(r.status()).as(c.method() + " " + c.path() + " -> " + r).isEqualTo(415);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  @DisplayName("HEAD answers as GET does, status and headers, without a body, on pages, static files and the API")
  void headIsGetWithoutBody() {
    TestHttp member = server.http();
    member.register("hr_head");
    Element css = Jsoup.parse(server.http().getHtml("/").body()).selectFirst("link[rel=stylesheet]");
    assertThat(css).isNotNull();
    record Case(TestHttp who, String path, int status) {}
    for (Case c : List.of(new Case(server.http(), "/", 200), new Case(server.http(), "/challenges", 200),
        new Case(server.http(), "/login?next=/settings", 200), new Case(server.http(), "/t/999999", 404),
        new Case(server.http(), css.attr("href"), 200), new Case(server.http(), "/api/spaces", 200),
        new Case(server.http(), "/api/challenges?limit=5", 200), new Case(server.http(), "/api/threads/999999", 404),
        new Case(server.http(), "/api/me", 401), new Case(member, "/api/me", 200))) {
      Resp get = c.who().send(c.who().builder(c.path()).GET());
      Resp head = c.who().send(c.who().builder(c.path()).method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(get.status()).as("GET " + c.path()).isEqualTo(c.status());
      assertThat(head.status()).as("HEAD " + c.path() + " -> " + head).isEqualTo(get.status());
      assertThat(head.body()).as("HEAD " + c.path()).isEmpty();
      assertThat(head.header("Content-Type")).as("HEAD " + c.path()).isEqualTo(get.header("Content-Type"));
      assertThat(head.header("Content-Length")).as("HEAD " + c.path()).isNotNull();
      // A page's length changes with its tokens; a file's or a JSON answer's must be the GET's.
      if (!String.valueOf(get.header("Content-Type")).startsWith("text/html")) {
        assertThat(Long.parseLong(head.header("Content-Length"))).as("HEAD " + c.path())
            .isEqualTo(get.body().getBytes(StandardCharsets.UTF_8).length);
      }
      for (String header : List.of("Content-Security-Policy", "X-Content-Type-Options", "Cache-Control", "Allow")) {
        assertThat(head.header(header)).as("HEAD " + c.path() + " " + header).isEqualTo(get.header(header));
      }
    }
    // A method no route has is still 405.
    assertThat(server.http().send(server.http().builder("/api/spaces").DELETE()).status()).isEqualTo(405);
  }

  // ---------------------------------------------------------------------------------------------

  /** A browser signed in through the form: the session cookie and that session's CSRF token. */
  static TestHttp signedIn(String username) {
    TestHttp http = server.http();
    http.getHtml("/login");
    Resp r = http.form("/login", Map.of("login", username, "password", PASSWORD, "_csrf", http.cookie("cc_csrf")));
    assertThat(r.status()).as(r.toString()).isEqualTo(303);
    return http;
  }

  /** A browser's form post that must be answered within {@link #WITHIN}; null when it was not. */
  static Resp form(TestHttp http, String path, Map<String, String> fields) {
    return form(http, path, fields, WITHIN);
  }

  static Resp form(TestHttp http, String path, Map<String, String> fields, Duration within) {
    StringJoiner j = new StringJoiner("&");
    fields.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return answer(http, http.builder(path).header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
        .POST(HttpRequest.BodyPublishers.ofString(j.toString())), within);
  }

  static Resp answer(TestHttp http, HttpRequest.Builder request) {
    return answer(http, request, WITHIN);
  }

  static Resp answer(TestHttp http, HttpRequest.Builder request, Duration within) {
    try {
      return http.send(request.timeout(within));
    } catch (IllegalStateException noAnswer) {
      return null;
    }
  }

  static void expectRedirect(List<String> problems, String what, Resp r, String location) {
    if (r == null) {
      problems.add(what + " -> no answer within " + WITHIN.toMillis() + " ms");
    } else if (r.status() != 303 || !location.equals(r.header("Location"))) {
      problems.add(what + " -> " + r.status() + " Location " + r.header("Location") + " (expected 303 to " + location + ")");
    }
  }
}
