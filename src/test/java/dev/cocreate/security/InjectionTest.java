package dev.cocreate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.LogCapture;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL metacharacters, Unicode tricks, very long values and NUL bytes through accounts, threads,
 * posts and list parameters: each is stored and returned exactly, or refused with a clean 400.
 * Nothing is ever truncated, re-encoded or wrapped on the way.
 */
@DisplayName("Injection: hostile text is stored intact or refused cleanly")
class InjectionTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static TestHttp member;
  static TestHttp admin;
  static LogCapture logs;
  static final AtomicInteger seq = new AtomicInteger();

  /** Text that must survive a round trip byte for byte. */
  static final List<String> TRICKY = List.of(
      "Robert'); DROP TABLE users;--",
      "' OR '1'='1",
      "\" OR \"\"=\"",
      "1; SELECT pg_sleep(10)",
      "$1 $2 $$ $tag$ E'\\x00'",
      "\\'; -- \\\\",
      "%' AND 1=1 --",
      "/* comment */ UNION SELECT password_hash FROM users",
      "'||(SELECT current_user)||'",
      "l\u00e9on \u00e7a \u00fc\u00df \u65e5\u672c\u8a9e \ud83d\ude00\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67",
      "right-to-left \u202egnp.exe\u202c and \u2067isolate\u2069",
      "zero\u200bwidth\u200cjoin\u200dmark\ufeff",
      "combining e\u0301\u0301\u0301 and \u1100\u1161 jamo",
      "<script>alert(1)</script> & &amp; &#0; {{7*7}} ${jndi:ldap://x}",
      "line\u2028separator\u2029paragraph\r\nCRLF\ttab");

  @BeforeAll
  static void start() {
    logs = LogCapture.start();
    admin = server.http();
    long adminId = admin.register("inj_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminId);
    member = server.http();
    member.register("inj_member");
    assertThat(admin.post("/api/spaces", new JsonObject().put("slug", "inj").put("name", "Injection").put("visibility", "public"))
        .status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    try {
      assertThat(logs.errors().stream().map(LogCapture::text).toList()).as("errors logged").isEmpty();
    } finally {
      logs.close();
    }
  }

  static Stream<String> tricky() {
    return TRICKY.stream();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tricky")
  @DisplayName("a thread title, a post body and an edit come back exactly as sent, the page escapes them, and no table is touched")
  void roundTripThroughThreadsAndPosts(String text) {
    long users = count("select count(*) from users");
    Resp created = member.post("/api/threads", new JsonObject().put("space", "inj").put("title", "T " + text).put("body", text));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long threadId = created.json().getLong("id");
    assertThat(created.json().getString("title")).isEqualTo("T " + text.strip());
    assertThat(member.get("/api/threads/" + threadId).json().getString("title")).isEqualTo("T " + text.strip());

    Resp reply = member.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "re: " + text));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    long postId = reply.json().getLong("id");
    assertThat(member.get("/api/posts/" + postId).json().getString("body")).isEqualTo(("re: " + text).strip());

    Resp edited = member.patch("/api/posts/" + postId, new JsonObject().put("body", text + " (edited)").put("reason", text));
    assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    JsonObject revision = member.get("/api/posts/" + postId + "/revisions").items().getJsonObject(0);
    assertThat(revision.getString("body")).isEqualTo(("re: " + text).strip());
    assertThat(revision.getString("reason")).isEqualTo(text.strip());

    String page = member.getHtml("/t/" + threadId).body();
    assertThat(Jsoup.parse(page).select("script:not([src])")).as("inline scripts on the page").isEmpty();
    assertThat(page).doesNotContain("<script>alert(1)</script>");
    assertThat(count("select count(*) from users")).isEqualTo(users);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tricky")
  @DisplayName("an org's name and description and a space's name come back exactly as sent")
  void roundTripThroughOrgsAndSpaces(String text) {
    String slug = "inj-" + seq.incrementAndGet();
    Resp org = member.post("/api/orgs", new JsonObject().put("slug", slug).put("name", text).put("description", text));
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    JsonObject read = member.get("/api/orgs/" + slug).json();
    assertThat(read.getString("name")).isEqualTo(text.strip());
    assertThat(read.getString("description")).isEqualTo(text.strip());
    Resp space = admin.post("/api/spaces", new JsonObject().put("slug", slug).put("name", text).put("description", text)
        .put("visibility", "public"));
    assertThat(space.status()).as(space.toString()).isEqualTo(201);
    assertThat(member.get("/api/spaces/" + slug).json().getString("name")).isEqualTo(text.strip());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "ad\u200bmin", "admin\u200d", "\u202eadmin", "adm\u0456n", "\uff41\uff44\uff4d\uff49\uff4e", "Admin", "ad min",
      "adm'n", "a;--", "\u0430dmin", "admi\u0301n", "ab", "abcdefghijklmnopqrstuvwxyz0123456"})
  @DisplayName("usernames outside [a-z0-9_-]{3,32}, look-alikes and invisible characters included, are refused")
  void lookAlikeUsernames(String username) {
    Resp r = server.http().post("/api/auth/register", new JsonObject().put("username", username)
        .put("email", "u" + seq.incrementAndGet() + "@example.test").put("password", "correct horse battery"));
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(fieldErrors(r)).contains("username");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "evil\u202eelif", "\u2066isolated\u2069", "zero\u200bwidth", "joiner\u200d", "bom\ufeff", "soft\u00adhyphen", "bell\u0007",
      "line\nbreak", "tab\there", "del\u007f", "c1\u0085", "sep\u2028arated", "private\ue000use", "\u200e"})
  @DisplayName("display names with control, bidi, zero-width or other invisible characters are refused")
  void invisibleCharactersInDisplayNames(String displayName) {
    Resp r = register("dn" + seq.incrementAndGet(), displayName);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(fieldErrors(r)).contains("displayName");
  }

  @Test
  @DisplayName("display names are stored NFKC-normalized: full-width and ligature forms become their plain letters")
  void displayNamesAreNormalized() {
    Resp r = register("dnnorm", "\uff21\uff4c\uff49\uff43\uff45 \ufb01sh \u2460");
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().getJsonObject("user").getString("displayName")).isEqualTo("Alice fish 1");
    Resp accents = register("dnaccent", "Le\u0301a \u00c5ngstr\u00f6m \u65e5\u672c \ud83d\ude00");
    assertThat(accents.status()).as(accents.toString()).isEqualTo(201);
    assertThat(accents.json().getJsonObject("user").getString("displayName")).isEqualTo("L\u00e9a \u00c5ngstr\u00f6m \u65e5\u672c \ud83d\ude00");
  }

  @Test
  @DisplayName("an e-mail with invisible characters is refused")
  void invisibleCharactersInEmail() {
    Resp r = server.http().post("/api/auth/register", new JsonObject().put("username", "mailer").put("email", "a\u202e@example.test")
        .put("password", "correct horse battery"));
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(fieldErrors(r)).contains("email");
  }

  @Test
  @DisplayName("values at their limit are kept whole; one character more is 400 on that field")
  void lengthLimits() {
    String title200 = "t".repeat(199) + "\ud83d\ude00"; // 200 code points, 201 chars
    String body50k = "b".repeat(49_999) + "\u00e9";
    Resp ok = member.post("/api/threads", new JsonObject().put("space", "inj").put("title", title200).put("body", body50k));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().getString("title")).isEqualTo(title200);
    long threadId = ok.json().getLong("id");
    assertThat(member.get("/api/posts/" + ok.json().getJsonObject("firstPost").getLong("id")).json().getString("body")).isEqualTo(body50k);

    assertField(member.post("/api/threads", new JsonObject().put("space", "inj").put("title", title200 + "x").put("body", "b")), "title");
    assertField(member.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", body50k + "x")), "body");
    assertField(register("longname", "n".repeat(65)), "displayName");
    assertThat(register("maxname", "n".repeat(64)).status()).isEqualTo(201);
    assertField(member.post("/api/orgs", new JsonObject().put("slug", "o" + "x".repeat(40)).put("name", "n")), "slug");
    assertField(member.get("/api/threads/" + threadId + "/posts?cursor=" + "A".repeat(8000)), "cursor");
  }

  static Stream<JsonObject> withNul() {
    return Stream.of(
        new JsonObject().put("op", "POST /api/threads").put("body", new JsonObject().put("space", "inj").put("title", "a\u0000b").put("body", "x")),
        new JsonObject().put("op", "POST /api/threads").put("body", new JsonObject().put("space", "inj").put("title", "ab").put("body", "x\u0000")),
        new JsonObject().put("op", "POST /api/threads").put("body", new JsonObject().put("space", "in\u0000j").put("title", "abc").put("body", "x")),
        new JsonObject().put("op", "POST /api/threads").put("body", new JsonObject().put("space", "inj").put("title", "abc").put("body", "x")
            .put("tags", new JsonArray().add("a\u0000"))),
        new JsonObject().put("op", "POST /api/orgs").put("body", new JsonObject().put("slug", "nul").put("name", "a\u0000")),
        new JsonObject().put("op", "POST /api/spaces").put("body", new JsonObject().put("slug", "nul").put("name", "n").put("visibility", "group")
            .put("groupMembers", new JsonArray().add("inj_member\u0000"))),
        new JsonObject().put("op", "POST /api/auth/register").put("body", new JsonObject().put("username", "nul").put("email", "n\u0000@x.test")
            .put("password", "correct horse battery")),
        new JsonObject().put("op", "POST /api/auth/register").put("body", new JsonObject().put("username", "nul").put("email", "n@x.test")
            .put("password", "correct horse\u0000battery")),
        new JsonObject().put("op", "POST /api/auth/login").put("body", new JsonObject().put("login", "inj_member").put("password", "x\u0000")),
        new JsonObject().put("op", "GET /api/spaces/in%00j").put("body", null),
        new JsonObject().put("op", "GET /api/orgs/in%00j").put("body", null),
        new JsonObject().put("op", "GET /api/users/inj%00member").put("body", null),
        new JsonObject().put("op", "GET /api/spaces/inj/threads?sort=latest%00").put("body", null),
        new JsonObject().put("op", "GET /api/spaces/inj/threads?cursor=%00").put("body", null),
        new JsonObject().put("op", "GET /api/spaces/inj/threads?limit=1%00").put("body", null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("withNul")
  @DisplayName("a NUL character anywhere (body, path, query) is refused with 400 (a missing thing with 404), never stored")
  void nulBytes(JsonObject c) {
    String[] op = c.getString("op").split(" ", 2);
    long posts = count("select count(*) from posts");
    Resp r = op[0].equals("GET") ? admin.get(op[1]) : admin.send(op[1], op[0], c.getJsonObject("body"));
    assertThat(r.status()).as(r.toString()).isIn(op[0].equals("GET") ? List.of(400, 404) : List.of(400));
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(count("select count(*) from posts")).isEqualTo(posts);
    assertThat(count("select count(*) from users where position(chr(1) in username) > 0 or email like '%@x.test'")).isZero();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"18446744073709551617", "9223372036854775808", "-9223372036854775809", "1e19", "1.5", "1e400",
      "123456789012345678901234567890"})
  @DisplayName("a number beyond 64 bits or not whole is refused, never wrapped into a valid id or vote")
  void hugeNumbers(String number) {
    Resp t = member.post("/api/threads", new JsonObject().put("space", "inj").put("title", "Numbers " + number).put("body", "x"));
    long threadId = t.json().getLong("id");
    long firstPost = t.json().getJsonObject("firstPost").getLong("id");
    Resp vote = admin.send("/api/posts/" + firstPost + "/vote", "PUT", "{\"value\": " + number + "}");
    assertField(vote, "value");
    Resp reply = member.send("/api/threads/" + threadId + "/posts", "POST", "{\"body\": \"x\", \"parentId\": " + number + "}");
    assertField(reply, "parentId");
    assertThat(count("select count(*) from post_votes where post_id = " + firstPost)).isZero();
  }

  @Test
  @DisplayName("SQL in list parameters and path segments is refused or matches nothing")
  void sqlInParameters() {
    for (String value : List.of("latest' OR '1'='1", "1; DROP TABLE threads", "latest--", "(select 1)")) {
      String q = URLEncoder.encode(value, StandardCharsets.UTF_8);
      assertField(member.get("/api/spaces/inj/threads?sort=" + q), "sort");
      assertField(member.get("/api/threads/1/posts?order=" + q), "order");
      assertField(member.get("/api/spaces/inj/threads?limit=" + q), "limit");
      assertField(member.get("/api/spaces/inj/threads?cursor=" + q), "cursor");
      assertThat(member.get("/api/spaces/" + q + "/threads").status()).isEqualTo(404);
      assertThat(member.get("/api/users/" + q).status()).isEqualTo(404);
      assertThat(member.get("/api/orgs/" + q).status()).isEqualTo(404);
    }
    assertThat(count("select count(*) from threads")).isPositive();
  }

  // ---------------------------------------------------------------------------------------------

  static Resp register(String username, String displayName) {
    return server.http().post("/api/auth/register", new JsonObject().put("username", username)
        .put("email", username + "@example.test").put("password", "correct horse battery").put("displayName", displayName));
  }

  static void assertField(Resp r, String field) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(fieldErrors(r)).as(r.toString()).contains(field);
  }

  static List<String> fieldErrors(Resp r) {
    JsonArray errors = r.json().getJsonArray("errors");
    return errors == null ? List.of() : errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  static long count(String sql) {
    return TestDatabase.queryLong(server.dbUrl(), sql);
  }
}
