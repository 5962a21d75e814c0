package dev.cocreate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Accounts API")
class AccountApiTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  static JsonObject reg(String username, String email, String password) {
    return new JsonObject().put("username", username).put("email", email).put("password", password);
  }

  @Test
  @DisplayName("register returns a token and the public user; the token works for /api/me")
  void registerAndMe() {
    TestHttp http = server.http();
    Resp r = http.post("/api/auth/register", reg("reg_ok", "reg_ok@example.test", "long enough password").put("displayName", "Reg OK"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject user = r.json().getJsonObject("user");
    assertThat(user.getString("username")).isEqualTo("reg_ok");
    assertThat(user.getString("displayName")).isEqualTo("Reg OK");
    assertThat(user.getString("role")).isEqualTo("member");
    assertThat(user.containsKey("email")).isFalse();
    assertThat(user.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    http.token(r.json().getString("token"));
    Resp me = http.get("/api/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("username")).isEqualTo("reg_ok");
    assertThat(me.json().getJsonArray("orgs")).isEmpty();
  }

  @Test
  @DisplayName("duplicate username or e-mail in any case is 409")
  void duplicates() {
    TestHttp http = server.http();
    assertThat(http.post("/api/auth/register", reg("dupe", "dupe@example.test", "long enough password")).status()).isEqualTo(201);
    Resp sameName = http.post("/api/auth/register", reg("DUPE", "other@example.test", "long enough password"));
    // Uppercase usernames are invalid syntax, so check the lowercase clash through another case of the e-mail too.
    assertThat(sameName.status()).isIn(400, 409);
    Resp sameNameLower = http.post("/api/auth/register", reg("dupe", "other2@example.test", "long enough password"));
    assertThat(sameNameLower.status()).isEqualTo(409);
    assertThat(sameNameLower.header("Content-Type")).startsWith("application/problem+json");
    Resp sameEmail = http.post("/api/auth/register", reg("dupe2", "DUPE@Example.TEST", "long enough password"));
    assertThat(sameEmail.status()).isEqualTo(409);
    assertThat(sameEmail.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("email");
  }

  @Test
  @DisplayName("weak or invalid registration is 400 with an error per field")
  void weakPassword() {
    TestHttp http = server.http();
    Resp r = http.post("/api/auth/register", reg("x", "not-an-email", "short"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(o -> ((JsonObject) o).getString("field")))
        .contains("username", "email", "password");
    Resp same = http.post("/api/auth/register", reg("samename1", "samename1@example.test", "samename1"));
    assertThat(same.status()).isEqualTo(400);
    Resp sameAsUser = http.post("/api/auth/register", reg("samename12", "s12@example.test", "SameName12"));
    assertThat(sameAsUser.status()).isEqualTo(400);
    assertThat(sameAsUser.body()).contains("must not be the username");
  }

  @Test
  @DisplayName("login by username or e-mail; wrong password and unknown user get the same 401")
  void login() {
    TestHttp http = server.http();
    http.post("/api/auth/register", reg("loginuser", "Login.User@example.test", "long enough password"));
    Resp byName = http.post("/api/auth/login", new JsonObject().put("login", "loginuser").put("password", "long enough password"));
    assertThat(byName.status()).isEqualTo(200);
    assertThat(byName.json().getString("token")).isNotBlank();
    Resp byEmail = http.post("/api/auth/login", new JsonObject().put("login", "login.user@EXAMPLE.test").put("password", "long enough password"));
    assertThat(byEmail.status()).isEqualTo(200);
    Resp wrong = http.post("/api/auth/login", new JsonObject().put("login", "loginuser").put("password", "wrong password!!"));
    Resp unknown = http.post("/api/auth/login", new JsonObject().put("login", "nobody_here").put("password", "wrong password!!"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json().getString("detail")).isEqualTo(unknown.json().getString("detail"));
  }

  @Test
  @DisplayName("logout revokes the token")
  void logout() {
    TestHttp http = server.http();
    http.register("logout_user");
    assertThat(http.get("/api/me").status()).isEqualTo(200);
    assertThat(http.post("/api/auth/logout", null).status()).isEqualTo(204);
    assertThat(http.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("tampered, expired, alg:none and wrong-key tokens get 401")
  void badTokens() {
    TestHttp http = server.http();
    http.register("token_user");
    String token = http.token();
    String[] parts = token.split("\\.");
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));

    String tampered = parts[0] + "." + enc.encodeToString(payload.copy().put("sub", "1").encode().getBytes()) + "." + parts[2];
    String none = enc.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "." + parts[1] + ".";
    String expired = sign(payload.copy().put("exp", 1_000_000L).put("iat", 999_000L), "test-secret-test-secret-test-secret-0123456789");
    String wrongKey = sign(payload, "another-secret-another-secret-another-secret");
    for (String bad : new String[] {tampered, none, expired, wrongKey, "garbage", token + "x"}) {
      Resp r = server.http().token(bad).get("/api/me");
      assertThat(r.status()).as(bad).isEqualTo(401);
      assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }
    assertThat(server.http().token(token).get("/api/me").status()).isEqualTo(200);
  }

  static String sign(JsonObject payload, String secret) {
    try {
      Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
      String head = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
      String body = enc.encodeToString(payload.encode().getBytes());
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(), "HmacSHA256"));
      return head + "." + body + "." + enc.encodeToString(mac.doFinal((head + "." + body).getBytes()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("roles: only an admin changes roles; a moderator suspends; a suspended member's token stops working at once")
  void rolesAndSuspension() {
    TestHttp admin = server.http();
    JsonObject adminUser = admin.register("the_admin");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminUser.getLong("id"));
    TestHttp mod = server.http();
    mod.register("the_mod");
    TestHttp member = server.http();
    member.register("the_member");

    assertThat(member.put("/api/users/the_mod/role", new JsonObject().put("role", "moderator")).status()).isEqualTo(403);
    assertThat(admin.put("/api/users/the_mod/role", new JsonObject().put("role", "boss")).status()).isEqualTo(400);
    assertThat(admin.put("/api/users/nobody_at_all/role", new JsonObject().put("role", "moderator")).status()).isEqualTo(404);
    Resp promoted = admin.put("/api/users/the_mod/role", new JsonObject().put("role", "moderator"));
    assertThat(promoted.status()).isEqualTo(200);
    assertThat(promoted.json().getString("role")).isEqualTo("moderator");

    JsonObject suspension = new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "spamming");
    assertThat(member.post("/api/users/the_mod/suspension", suspension).status()).isEqualTo(403);
    assertThat(mod.post("/api/users/the_member/suspension", new JsonObject().put("until", "yesterday").put("reason", "x")).status()).isEqualTo(400);
    Resp s = mod.post("/api/users/the_member/suspension", suspension);
    assertThat(s.status()).as(s.toString()).isEqualTo(200);
    assertThat(s.json().getString("suspendedUntil")).startsWith("2099-01-01");
    assertThat(member.get("/api/me").status()).isEqualTo(401);
    Resp login = server.http().post("/api/auth/login", new JsonObject().put("login", "the_member").put("password", "correct horse battery"));
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.json().getString("detail")).contains("suspended");

    assertThat(mod.delete("/api/users/the_member/suspension").status()).isEqualTo(200);
    Resp again = server.http().post("/api/auth/login", new JsonObject().put("login", "the_member").put("password", "correct horse battery"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(server.http().get("/api/users/the_member").json().containsKey("suspendedUntil")).isFalse();
  }

  @Test
  @DisplayName("orgs: the creator owns it; owners manage the team; an org keeps at least one owner")
  void orgs() {
    TestHttp owner = server.http();
    owner.register("org_owner");
    TestHttp other = server.http();
    other.register("org_other");
    Resp created = owner.post("/api/orgs", new JsonObject().put("slug", "acme-co").put("name", "Acme Co").put("description", "We make things"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getJsonArray("members").getJsonObject(0).getString("role")).isEqualTo("owner");
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "ACME-CO".toLowerCase()).put("name", "x")).status()).isEqualTo(409);
    assertThat(owner.post("/api/orgs", new JsonObject().put("slug", "Bad Slug!").put("name", "x")).status()).isEqualTo(400);
    assertThat(server.http().post("/api/orgs", new JsonObject().put("slug", "anon").put("name", "x")).status()).isEqualTo(401);

    assertThat(other.put("/api/orgs/acme-co/members/org_other", new JsonObject().put("role", "owner")).status()).isEqualTo(403);
    Resp added = owner.put("/api/orgs/acme-co/members/org_other", new JsonObject().put("role", "member"));
    assertThat(added.status()).isEqualTo(200);
    assertThat(added.json().getJsonArray("members")).hasSize(2);
    assertThat(other.get("/api/me").json().getJsonArray("orgs").getJsonObject(0).getString("role")).isEqualTo("member");
    assertThat(owner.delete("/api/orgs/acme-co/members/org_owner").status()).isEqualTo(409);
    assertThat(owner.put("/api/orgs/acme-co/members/org_owner", new JsonObject().put("role", "member")).status()).isEqualTo(409);
    assertThat(owner.delete("/api/orgs/acme-co/members/org_other").status()).isEqualTo(204);
    assertThat(server.http().get("/api/orgs/acme-co").json().getJsonArray("members")).hasSize(1);
    assertThat(server.http().get("/api/orgs/no-such-org").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("cookie sessions need the CSRF token on unsafe requests; bearer clients do not")
  void csrf() {
    TestHttp browser = server.http();
    browser.register("csrf_user");
    browser.token(null);
    Resp page = browser.getHtml("/login");
    assertThat(page.status()).isEqualTo(200);
    String csrf = browser.cookie("cc_csrf");
    assertThat(csrf).isNotBlank();
    assertThat(page.body()).contains(csrf);
    Resp noToken = browser.form("/login", Map.of("login", "csrf_user", "password", "correct horse battery"));
    assertThat(noToken.status()).isEqualTo(403);
    Resp login = browser.form("/login", Map.of("login", "csrf_user", "password", "correct horse battery", "_csrf", csrf));
    assertThat(login.status()).isEqualTo(303);
    assertThat(browser.cookie("cc_session")).isNotBlank();
    assertThat(browser.get("/api/me").status()).isEqualTo(200);
    Resp withoutCsrf = browser.post("/api/orgs", new JsonObject().put("slug", "csrf-org").put("name", "x"));
    assertThat(withoutCsrf.status()).isEqualTo(403);
    // Signing in replaces the visitor's token with the session's: the one from before is worthless now.
    String visitorToken = csrf;
    csrf = browser.cookie("cc_csrf");
    assertThat(csrf).isNotBlank().isNotEqualTo(visitorToken);
    assertThat(browser.send(browser.builder("/api/orgs").header("Content-Type", "application/json").header("X-CSRF-Token", visitorToken)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("slug", "csrf-org").put("name", "x").encode())))
        .status()).isEqualTo(403);
    Resp withCsrf = browser.send(browser.builder("/api/orgs").header("Content-Type", "application/json").header("X-CSRF-Token", csrf)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("slug", "csrf-org").put("name", "x").encode())));
    assertThat(withCsrf.status()).isEqualTo(201);
    Resp logout = browser.form("/logout", Map.of("_csrf", csrf));
    assertThat(logout.status()).isEqualTo(303);
    assertThat(browser.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("the cookie is HttpOnly and SameSite=Lax")
  void cookieFlags() {
    TestHttp browser = server.http();
    browser.register("cookie_user");
    browser.token(null);
    browser.getHtml("/login");
    Resp login = browser.form("/login", Map.of("login", "cookie_user", "password", "correct horse battery", "_csrf", browser.cookie("cc_csrf")));
    String setCookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("cc_session=")).findFirst().orElseThrow();
    assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
  }
}
