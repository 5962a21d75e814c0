package dev.cocreate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.RawClient;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded fuzz of everything a client can send: API bodies (valid ones mutated: wrong types, huge
 * numbers, deep nesting, Unicode tricks, missing and unknown fields, broken JSON), query strings
 * and path parameters (cursor, limit, sort, order), Markdown bodies and WebSocket messages. Every
 * case must be answered, within 5 s, below 500; the server must log no error. A failure names the
 * seed and the case; rerun one seed with {@code -Dcocreate.fuzz.seed=N} (and
 * {@code -Dcocreate.fuzz.cases=N} to change how many).
 */
@DisplayName("Hostile input: a seeded fuzz of bodies, query strings, Markdown and live messages")
class HostileInputTest {
  static final long SEED = Long.getLong("cocreate.fuzz.seed", 20261122L);
  static final int CASES = Integer.getInteger("cocreate.fuzz.cases", 2000);
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static LogCapture logs;
  static TestHttp client;
  static String member;
  static String moderator;
  static String admin;
  static long threadId;
  static long ownPostId;
  static long othersPostId;
  static String treeCursor;

  @BeforeAll
  static void start() {
    logs = LogCapture.start();
    client = server.http();
    TestHttp a = server.http();
    long adminId = a.register("fz_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminId);
    admin = a.token();
    TestHttp m = server.http();
    long modId = m.register("fz_mod").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'moderator' where id = " + modId);
    moderator = m.token();
    TestHttp mem = server.http();
    mem.register("fz_member");
    member = mem.token();
    server.http().register("fz_target");
    assertThat(a.post("/api/spaces", new JsonObject().put("slug", "fuzz").put("name", "Fuzz").put("visibility", "public")).status())
        .isEqualTo(201);
    Resp t = a.post("/api/threads", new JsonObject().put("space", "fuzz").put("title", "Fuzz target").put("body", "Opening"));
    threadId = t.json().getLong("id");
    othersPostId = t.json().getJsonObject("firstPost").getLong("id");
    ownPostId = mem.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Mine")).json().getLong("id");
    for (int i = 0; i < 3; i++) {
      mem.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Reply " + i).put("parentId", ownPostId));
    }
    treeCursor = mem.get("/api/threads/" + threadId + "/posts?limit=2").json().getString("nextCursor");
    assertThat(treeCursor).isNotNull();
    assertThat(mem.post("/api/orgs", new JsonObject().put("slug", "fuzz-org").put("name", "Fuzz org")).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    logs.close();
  }

  /** One generated request. */
  record Case(int n, String kind, String method, String path, String token, byte[] body) {
    @Override
    public String toString() {
      String shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      return "#" + n + " " + kind + ": " + method + " " + (path.length() > 300 ? path.substring(0, 300) + "..." : path)
          + (body == null ? "" : " " + (shown.length() > 300 ? shown.substring(0, 300) + "... (" + body.length + " bytes)" : shown));
    }
  }

  @Test
  @DisplayName("every fuzzed request is answered within 5 s below 500, and the server logs no error")
  void fuzz() {
    Random random = new Random(SEED);
    List<String> problems = new ArrayList<>();
    int http = CASES * 9 / 10;
    int[] byStatus = new int[6];
    for (int n = 0; n < http; n++) {
      Case c = nextCase(random, n);
      Resp r;
      long start = System.nanoTime();
      try {
        r = send(c);
      } catch (RuntimeException e) {
        problems.add(c + " -> no answer within " + ANSWER_WITHIN.toSeconds() + " s: " + e);
        continue;
      }
      byStatus[r.status() / 100]++;
      if (r.status() >= 500 || r.status() < 200) {
        problems.add(c + " -> " + r);
      } else if (r.status() >= 400 && c.path().startsWith("/api/")
          && !String.valueOf(r.header("Content-Type")).startsWith("application/problem+json")) {
        problems.add(c + " -> " + r.status() + " without problem+json");
      } else if (r.body().contains("Exception") || r.body().contains("at dev.cocreate") || r.body().contains("io.vertx.")) {
        problems.add(c + " -> internals in the answer: " + r);
      }
      if (problems.size() > 20) {
        break;
      }
      if ((System.nanoTime() - start) / 1_000_000_000 > ANSWER_WITHIN.toSeconds()) {
        problems.add(c + " -> answered after " + (System.nanoTime() - start) / 1_000_000 + " ms");
      }
    }
    problems.addAll(fuzzLive(random, CASES - http));
    List<String> errors = logs.errors().stream().map(LogCapture::text).toList();
    assertThat(problems).withFailMessage(() -> "seed " + SEED + " (rerun with -Dcocreate.fuzz.seed=" + SEED + "): "
        + problems.size() + " problem(s):\n" + String.join("\n", problems)).isEmpty();
    assertThat(errors).withFailMessage(() -> "seed " + SEED + ": the server logged errors:\n" + String.join("\n", errors)).isEmpty();
    assertThat(byStatus[2]).as("some fuzzed requests were valid and succeeded (2xx)").isPositive();
    assertThat(byStatus[4]).as("most were refused (4xx)").isGreaterThan(http / 2);
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP cases

  static Case nextCase(Random r, int n) {
    int pick = r.nextInt(100);
    if (pick < 55) {
      return bodyCase(r, n);
    }
    if (pick < 80) {
      return queryCase(r, n);
    }
    if (pick < 95) {
      return markdownCase(r, n);
    }
    return pathCase(r, n);
  }

  /** A valid request body for one of the JSON routes. */
  record Template(String method, String path, String who, Supplier<JsonObject> body) {}

  static List<Template> templates() {
    return List.of(
        new Template("POST", "/api/threads", "member", () -> new JsonObject().put("space", "fuzz").put("title", "A fuzzed thread")
            .put("body", "Body").put("tags", new JsonArray().add("a").add("b"))),
        new Template("POST", "/api/threads/" + threadId + "/posts", "member",
            () -> new JsonObject().put("body", "A reply").put("parentId", ownPostId)),
        new Template("PATCH", "/api/posts/" + ownPostId, "member", () -> new JsonObject().put("body", "Edited").put("reason", "typo")),
        new Template("PUT", "/api/posts/" + othersPostId + "/vote", "member", () -> new JsonObject().put("value", 1)),
        new Template("POST", "/api/posts/" + othersPostId + "/flags", "member",
            () -> new JsonObject().put("reason", "other").put("note", "a note")),
        new Template("POST", "/api/spaces", "admin", () -> new JsonObject().put("slug", "s-fuzz").put("name", "S")
            .put("description", "d").put("visibility", "group").put("groupMembers", new JsonArray().add("fz_member"))),
        new Template("PUT", "/api/users/fz_target/role", "admin", () -> new JsonObject().put("role", "member")),
        new Template("POST", "/api/users/fz_target/suspension", "moderator",
            () -> new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "fuzz")),
        new Template("POST", "/api/orgs", "member", () -> new JsonObject().put("slug", "o-fuzz").put("name", "O").put("description", "d")),
        new Template("PUT", "/api/orgs/fuzz-org/members/fz_target", "member", () -> new JsonObject().put("role", "member")),
        new Template("POST", "/api/moderation/actions", "moderator", () -> new JsonObject().put("action", "pin")
            .put("targetType", "thread").put("targetId", threadId).put("reason", "fuzz")),
        new Template("POST", "/api/auth/login", null, () -> new JsonObject().put("login", "fz_member").put("password", "wrong password")),
        new Template("POST", "/api/auth/register", null, () -> new JsonObject().put("username", "fz_new").put("email", "n@example.test")
            .put("password", "correct horse battery").put("displayName", "New")));
  }

  static Case bodyCase(Random r, int n) {
    List<Template> all = templates();
    // Sign-in and registration hash a password (a fraction of a second each): fuzz them rarely.
    Template t = all.get(r.nextInt(10) == 0 ? all.size() - 1 - r.nextInt(2) : r.nextInt(all.size() - 2));
    JsonObject body = t.body().get();
    String kind;
    byte[] raw;
    int how = r.nextInt(10);
    if (how < 6) {
      int mutations = 1 + r.nextInt(3);
      List<String> done = new ArrayList<>();
      for (int i = 0; i < mutations; i++) {
        done.add(mutate(r, body));
      }
      kind = "body " + String.join(", ", done);
      raw = encodeWithRawNumbers(body);
    } else if (how < 8) {
      kind = "body replaced by " + describeJunk(r);
      raw = lastJunk.getBytes(StandardCharsets.UTF_8);
    } else {
      kind = "body bytes broken";
      raw = breakBytes(r, body.encode().getBytes(StandardCharsets.UTF_8));
    }
    return new Case(n, kind, t.method(), t.path(), token(t.who()), raw);
  }

  /** One change to a body; answers what it did. */
  static String mutate(Random r, JsonObject body) {
    List<String> fields = new ArrayList<>(body.fieldNames());
    int how = r.nextInt(10);
    if (fields.isEmpty() || how == 0) {
      String name = r.nextBoolean() ? "unknown" + r.nextInt(5) : junkString(r);
      body.put(name, junkValue(r));
      return "added a field";
    }
    String field = fields.get(r.nextInt(fields.size()));
    if (how == 1) {
      body.remove(field);
      return "removed " + field;
    }
    body.put(field, junkValue(r));
    return field + " = junk";
  }

  /** Raw JSON numbers that Vert.x would not produce from a Java value are written as tokens. */
  static final String RAW = "\u0000raw:";

  static byte[] encodeWithRawNumbers(JsonObject body) {
    String s = body.encode();
    // "\u0000raw:1e400" (a string) becomes the bare token 1e400.
    s = s.replaceAll("\"\\\\u0000raw:([^\"]*)\"", "$1");
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static Object junkValue(Random r) {
    return switch (r.nextInt(9)) {
      case 0, 1, 2 -> junkString(r);
      case 3, 4 -> junkNumber(r);
      case 5 -> r.nextBoolean();
      case 6 -> null;
      case 7 -> nested(r, 1 + r.nextInt(r.nextBoolean() ? 5 : 200));
      default -> r.nextBoolean() ? new JsonArray().add(junkString(r)).add(junkNumber(r)) : new JsonObject().put("a", junkString(r));
    };
  }

  static final String[] STRINGS = {
      "", " ", "\t\n", "a", "'", "''; drop table users; --", "\" or \"1\"=\"1", "%00", "\u0000", "a\u0000b", "\u202Eevil\u202C",
      "\u200B", "ad\u200Bmin", "\uFEFFbom", "\u0301\u0301\u0301", "😀", "👩‍👩‍👧", "Ω", "ǅ", "ﬁ", "ａｄｍｉｎ", "İ", "ß", "\r\nX-Injected: 1",
      "<script>alert(1)</script>", "javascript:alert(1)", "${jndi:ldap://x/y}", "{{7*7}}", "../../etc/passwd", "fuzz", "FUZZ",
      "fz_member", "fuzz-org", "public", "group", "post", "thread", "user", "hide", "move", "2099-01-01T00:00:00Z",
      "1970-01-01T00:00:00Z", "99999-12-31T23:59:59Z", "-infinity", "NaN", "true", "null", "[]", "{}", "\\", "\\u0000", "\u007F",
      "\u0085", "\u2028", "\uD83D", "\uDE00"};

  static String junkString(Random r) {
    int how = r.nextInt(10);
    if (how < 6) {
      return STRINGS[r.nextInt(STRINGS.length)];
    }
    if (how < 8) {
      return STRINGS[r.nextInt(STRINGS.length)].repeat(1 + r.nextInt(r.nextBoolean() ? 10 : 3000));
    }
    StringBuilder s = new StringBuilder();
    int len = r.nextInt(40);
    for (int i = 0; i < len; i++) {
      s.appendCodePoint(r.nextInt(4) == 0 ? r.nextInt(0x30000) : r.nextInt(0x80));
    }
    return s.toString();
  }

  static final String[] NUMBERS = {
      "0", "-0", "1", "-1", "2", "0.5", "1.0", "-1.0", "2147483647", "2147483648", "-2147483649", "9007199254740993",
      "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551617", "1e3", "1e308", "-1e308",
      "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "0.1e1", "1E+2"};

  static Object junkNumber(Random r) {
    return RAW + NUMBERS[r.nextInt(NUMBERS.length)];
  }

  static Object nested(Random r, int depth) {
    Object inner = junkString(r);
    for (int i = 0; i < depth; i++) {
      inner = r.nextBoolean() ? new JsonArray().add(inner) : new JsonObject().put("x", inner);
    }
    return inner;
  }

  static String lastJunk;

  static String describeJunk(Random r) {
    String[] bodies = {"[]", "[{}]", "\"text\"", "42", "null", "true", "{}", "{\"a\":", "[".repeat(3000) + "]".repeat(3000),
        "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "{\"body\":\"x\",\"body\":\"y\"}", "{\"space\":\"fuzz\"} trailing",
        "\uFEFF{\"body\":\"bom\"}", "{'single':'quotes'}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "/* c */ {}", ""};
    lastJunk = bodies[r.nextInt(bodies.length)];
    return lastJunk.length() > 40 ? lastJunk.substring(0, 40) + "..." : lastJunk;
  }

  static byte[] breakBytes(Random r, byte[] valid) {
    return switch (r.nextInt(4)) {
      case 0 -> Arrays.copyOf(valid, r.nextInt(valid.length));
      case 1 -> {
        byte[] b = valid.clone();
        b[r.nextInt(b.length)] = (byte) (0x80 + r.nextInt(0x80)); // invalid UTF-8 on its own
        yield b;
      }
      case 2 -> {
        byte[] b = valid.clone();
        b[r.nextInt(b.length)] = (byte) r.nextInt(32);
        yield b;
      }
      default -> {
        byte[] b = Arrays.copyOf(valid, valid.length + 4);
        b[valid.length] = (byte) 0xF0;
        b[valid.length + 1] = (byte) 0x9F;
        yield b;
      }
    };
  }

  static Case queryCase(Random r, int n) {
    String[] lists = {
        "/api/spaces/fuzz/threads", "/api/threads/" + threadId + "/posts", "/api/posts/" + ownPostId + "/revisions",
        "/api/moderation/queue", "/api/moderation/log", "/api/me/moderation-notices", "/api/me/warnings", "/api/spaces"};
    String path = lists[r.nextInt(lists.length)];
    StringBuilder q = new StringBuilder();
    int params = 1 + r.nextInt(3);
    String[] names = {"cursor", "limit", "sort", "order", "targetType", "targetId", "cursor", "limit"};
    for (int i = 0; i < params; i++) {
      q.append(q.length() == 0 ? "?" : "&").append(names[r.nextInt(names.length)]).append('=').append(queryValue(r));
    }
    String who = path.contains("moderation/") ? (r.nextBoolean() ? "moderator" : "member") : r.nextBoolean() ? "member" : null;
    return new Case(n, "query", "GET", path + q, token(who), null);
  }

  static String queryValue(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> enc(junkString(r));
      case 1 -> NUMBERS[r.nextInt(NUMBERS.length)].replace("+", "%2B");
      case 2 -> new String[] {"latest", "top", "new", "tree", "oldest", "newest", "LATEST", "post", "thread", "", "%00", "%", "%zz",
          "a%2Fb", "%C3%28", "%ED%A0%80"}[r.nextInt(16)];
      case 3 -> tamperedCursor(r);
      case 4 -> treeCursor;
      case 5 -> mangle(r, treeCursor);
      case 6 -> "x".repeat(r.nextInt(6000));
      default -> enc(Base64.getUrlEncoder().encodeToString(junkString(r).getBytes(StandardCharsets.UTF_8)));
    };
  }

  /** A cursor of the right shape for some list with extreme or broken values inside. */
  static String tamperedCursor(Random r) {
    String[] kinds = {"threads-latest", "threads-new", "threads-top", "tree", "oldest", "newest", "revisions", "queue", "log", "notices"};
    String[] values = {"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "99999999999999999999", "", "x", "1.2.3",
        "0.0", "-5.7", "1." + "1.".repeat(2000) + "1", "post", "thread", "253402300799999999", "-62135596800000001", "2147483648"};
    StringBuilder s = new StringBuilder(kinds[r.nextInt(kinds.length)]);
    int parts = r.nextInt(5);
    for (int i = 0; i < parts; i++) {
      s.append('|').append(values[r.nextInt(values.length)]);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String mangle(Random r, String s) {
    char[] c = s.toCharArray();
    if (c.length == 0) {
      return s;
    }
    c[r.nextInt(c.length)] = "AZaz09-_=+/.~".charAt(r.nextInt(13));
    String out = new String(c);
    return r.nextBoolean() ? out : out.substring(0, r.nextInt(out.length()));
  }

  static Case markdownCase(Random r, int n) {
    String[] pieces = {"# h", "**b**", "_i_", "`c`", "```\ncode\n```", "> q", "- l", "1. n", "[a](http://x)", "[a](javascript:alert(1))",
        "![i](data:image/png;base64,AAAA)", "<script>x</script>", "<img src=x onerror=alert(1)>", "<iframe src=//x>", "| a | b |\n|---|---|\n| 1 | 2 |",
        "~~s~~", "@fz_member", "@nobody", "http://autolink.example", "&amp;", "&#0;", "&#x202E;", "\\", "*", "_", "[", "]", "(", ")",
        "<", ">", "`", "\n", "\n\n", "    indented", "<!-- c -->", "<a href='x' style='y'>s</a>", "\u202E", "\u0000", "😀"};
    StringBuilder body = new StringBuilder();
    int how = r.nextInt(6);
    if (how == 0) { // deep nesting that recursive renderers choke on
      String unit = new String[] {">", "- ", "*", "[", "(", "<div>", "1. ", "`"}[r.nextInt(8)];
      body.append(unit.repeat(1 + r.nextInt(20_000 / unit.length())));
    } else {
      int count = 1 + r.nextInt(how == 1 ? 3000 : 60);
      for (int i = 0; i < count; i++) {
        body.append(pieces[r.nextInt(pieces.length)]).append(r.nextInt(3) == 0 ? "\n" : " ");
      }
    }
    String text = body.length() > 55_000 ? body.substring(0, 55_000) : body.toString();
    JsonObject json = new JsonObject().put("body", text);
    boolean edit = r.nextBoolean();
    return new Case(n, "markdown", edit ? "PATCH" : "POST", edit ? "/api/posts/" + ownPostId : "/api/threads/" + threadId + "/posts",
        member, json.encode().getBytes(StandardCharsets.UTF_8));
  }

  static Case pathCase(Random r, int n) {
    String[] ids = {"0", "-1", "1", "9223372036854775807", "9223372036854775808", "99999999999999999999999", "1e3", "0x10", "abc",
        "%20", "%00", "..", "%2e%2e", "%2F", "1;drop", "%E2%80%AE", "😀", "1.0", "+1", "01"};
    String[] shapes = {"/api/threads/%s", "/api/threads/%s/posts", "/api/posts/%s", "/api/posts/%s/revisions", "/api/users/%s",
        "/api/orgs/%s", "/api/spaces/%s", "/api/spaces/%s/threads", "/api/moderation/queue/post/%s/claim"};
    String id = ids[r.nextInt(ids.length)];
    if (id.equals("😀")) {
      id = enc(id);
    }
    String shape = shapes[r.nextInt(shapes.length)];
    String method = shape.endsWith("claim") ? "POST" : "GET";
    return new Case(n, "path", method, String.format(shape, id), token(r.nextBoolean() ? "moderator" : null), null);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String token(String who) {
    return who == null ? null : switch (who) {
      case "admin" -> admin;
      case "moderator" -> moderator;
      default -> member;
    };
  }

  static Resp send(Case c) {
    HttpRequest.Builder b;
    try {
      b = client.builder(c.path()).timeout(ANSWER_WITHIN);
    } catch (IllegalArgumentException badUri) {
      // A path the JDK will not even put on the wire; send it raw instead.
      return rawSend(c);
    }
    if (c.token() != null) {
      b.header("Authorization", "Bearer " + c.token());
    }
    if (c.body() != null) {
      b.header("Content-Type", "application/json").method(c.method(), HttpRequest.BodyPublishers.ofByteArray(c.body()));
    } else {
      b.method(c.method(), HttpRequest.BodyPublishers.noBody());
    }
    try {
      return client.send(b);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw new IllegalStateException("timed out");
      }
      throw e;
    }
  }

  static Resp rawSend(Case c) {
    try (RawClient raw = RawClient.connect(server.port())) {
      raw.write((c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      String head = raw.readHead((int) ANSWER_WITHIN.toMillis());
      if (head == null) {
        throw new IllegalStateException("no answer");
      }
      int status = Integer.parseInt(head.substring(9, 12));
      Map<String, List<String>> headers = new HashMap<>();
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
      }
      return new Resp(status, HttpHeaders.of(headers, (a, b) -> true), raw.readBody(head));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Live messages

  /**
   * Fuzzed /live messages, a handful per connection (under the per-connection message rate): each
   * must get an answer (or a deliberate close: 1008 for abuse, 1009 for size), never 1011.
   */
  static List<String> fuzzLive(Random r, int cases) {
    List<String> problems = new ArrayList<>();
    int sent = 0;
    while (sent < cases) {
      try (RawClient ws = RawClient.connect(server.port())) {
        if (!ws.upgradeToWebSocket(server.port())) {
          problems.add("live: upgrade refused");
          return problems;
        }
        for (int i = 0; i < 12 && sent < cases; i++, sent++) {
          String message = liveMessage(r);
          if (!ws.sendText(message)) {
            problems.add("live #" + sent + ": connection lost sending " + shorten(message));
            break;
          }
          // A successful auth is answered by nothing (API.md): then a ping must still get its pong.
          boolean mayBeSilent = message.contains("\"auth\"");
          RawClient.Frame answer = ws.readFrame(mayBeSilent ? 1500 : (int) ANSWER_WITHIN.toMillis());
          if (answer == null && mayBeSilent && ws.sendText("{\"op\":\"ping\"}")) {
            answer = ws.readFrame((int) ANSWER_WITHIN.toMillis());
          }
          if (answer == null) {
            problems.add("live #" + sent + ": no answer to " + shorten(message));
            break;
          }
          if (answer.opcode() == RawClient.CLOSE) {
            if (answer.closeCode() != 1008 && answer.closeCode() != 1009) {
              problems.add("live #" + sent + ": closed with " + answer.closeCode() + " after " + shorten(message));
            }
            break;
          }
          String op = new JsonObject(answer.text()).getString("op");
          if (!List.of("error", "subscribed", "unsubscribed", "pong", "authenticated", "event").contains(op)) {
            problems.add("live #" + sent + ": unexpected answer " + answer.text() + " to " + shorten(message));
          }
        }
      }
    }
    return problems;
  }

  static String liveMessage(Random r) {
    JsonObject base = switch (r.nextInt(4)) {
      case 0 -> new JsonObject().put("op", "subscribe").put("topics", new JsonArray().add("thread:" + threadId).add("space:fuzz"))
          .put("since", 0);
      case 1 -> new JsonObject().put("op", "unsubscribe").put("topics", new JsonArray().add("thread:" + threadId));
      case 2 -> new JsonObject().put("op", "auth").put("token", r.nextBoolean() ? member : "not.a.token");
      default -> new JsonObject().put("op", "ping");
    };
    int how = r.nextInt(6);
    if (how < 4) {
      for (int i = 0, m = 1 + r.nextInt(2); i < m; i++) {
        mutate(r, base);
      }
      if (r.nextInt(3) == 0 && base.getValue("topics") instanceof JsonArray) {
        base.put("topics", new JsonArray().add(new String[] {"thread:-1", "thread:99999999999999999999", "thread:abc", "space:",
            "space:" + "x".repeat(5000), "me", "user:1", "challenge:1", "", "thread:" + threadId + "\u0000", ":"}[r.nextInt(11)]));
      }
      return new String(encodeWithRawNumbers(base), StandardCharsets.UTF_8);
    }
    if (how == 4) {
      describeJunk(r);
      return lastJunk;
    }
    return new String(breakBytes(r, base.encode().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " chars)" : s;
  }
}
