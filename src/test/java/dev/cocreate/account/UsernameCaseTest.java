package dev.cocreate.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A username keeps the case its member typed and is unique whatever the case")
class UsernameCaseTest {
  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();

  private static Resp register(String username, String email) {
    return server.http().post("/api/auth/register", new JsonObject().put("username", username).put("email", email)
        .put("password", "correct horse battery"));
  }

  @Test
  @DisplayName("Alice registers as Alice; alice is then 409; ALICE signs in; /u/alice and /u/ALICE lead to /u/Alice")
  void caseKeptUniqueWhateverCase() {
    Resp alice = register("Alice", "alice@example.test");
    assertThat(alice.status()).as(alice.toString()).isEqualTo(201);
    assertThat(alice.json().getJsonObject("user").getString("username")).isEqualTo("Alice");

    Resp lower = register("alice", "other-alice@example.test");
    assertThat(lower.status()).as(lower.toString()).isEqualTo(409);
    assertThat(lower.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("username");

    Resp login = server.http().post("/api/auth/login", new JsonObject().put("login", "ALICE").put("password", "correct horse battery"));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    assertThat(login.json().getJsonObject("user").getString("username")).isEqualTo("Alice");

    assertThat(server.http().get("/api/users/aLiCe").json().getString("username")).isEqualTo("Alice");

    TestHttp browser = server.http();
    for (String asked : new String[] {"alice", "ALICE"}) {
      Resp r = browser.send(browser.builder("/u/" + asked).header("Accept", "text/html").GET());
      assertThat(r.status()).as(asked).isEqualTo(301);
      assertThat(r.header("Location")).isEqualTo("/u/Alice");
    }
    Resp page = browser.send(browser.builder("/u/Alice").header("Accept", "text/html").GET());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("@Alice");
  }

  @Test
  @DisplayName("look-alike and invisible characters stay out of usernames, and deleted- is refused in any case")
  void noLookAlikes() {
    assertThat(register("Аlice2", "cyrillic@example.test").status()).as("Cyrillic A").isEqualTo(400);
    assertThat(register("bob\u200Bby", "zw@example.test").status()).as("zero-width space").isEqualTo(400);
    assertThat(register("Deleted-7", "del@example.test").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a username differing only in case from one on the page is refused there too, with the form kept")
  void registerPageRefusesOtherCase() {
    assertThat(register("Carol_C", "carol@example.test").status()).isEqualTo(201);
    TestHttp browser = server.http();
    browser.getHtml("/register");
    Resp r = browser.form("/register", Map.of("username", "carol_c", "email", "carol2@example.test",
        "password", "correct horse battery", "displayName", "Carol", "_csrf", browser.cookie("cc_csrf")));
    assertThat(r.status()).as(r.toString()).isEqualTo(409);
    assertThat(r.body()).contains("value=\"carol_c\"");
  }

}
