package dev.cocreate.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A write is read by one command record whichever way it comes, so a limit cannot be one thing for
 * the API and another for the page: the same over-long body is refused with the same field error.
 */
@DisplayName("A post's limits through the API and through the page forms")
class PostLimitsBothPathsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("forum");
    community.space("limits", "public");
  }

  /** The same member, signed in through the login form in a cookie jar of its own. */
  static TestHttp browserOf(String username) {
    TestHttp http = server.http();
    http.getHtml("/login");
    Resp login = http.form("/login", Map.of("login", username, "password", "correct horse battery", "_csrf", http.cookie("cc_csrf")));
    assertThat(login.status()).isEqualTo(303);
    return http;
  }

  static JsonObject onlyFieldError(Resp r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(errors).hasSize(1);
    return errors.getJsonObject(0);
  }

  @Test
  @DisplayName("a new thread's over-long title is the same field error as problem+json and beside the form's title")
  void newThreadTitle() {
    TestHttp api = community.member("limit_new");
    TestHttp browser = browserOf("limit_new");
    String title = "t".repeat(201);

    JsonObject error = onlyFieldError(api.post("/api/threads", new JsonObject().put("space", "limits").put("title", title)
        .put("body", "Fine")));
    assertThat(error).isEqualTo(new JsonObject().put("field", "title").put("message", "must be at most 200 characters"));

    Resp page = browser.form("/s/limits/new", Map.of("_csrf", browser.cookie("cc_csrf"), "title", title, "body", "Fine"));
    assertThat(page.status()).isEqualTo(400);
    Document doc = Jsoup.parse(page.body());
    assertThat(doc.selectFirst("#title-error").text()).contains("must be at most 200 characters");
    assertThat(doc.selectFirst("#body-error")).isNull();
  }

  @Test
  @DisplayName("an edit's blank body is the same field error as problem+json and beside the edit form's body")
  void editBody() {
    TestHttp api = community.member("limit_edit");
    TestHttp browser = browserOf("limit_edit");
    long postId = community.thread(api, "limits", "To be edited").getJsonObject("firstPost").getLong("id");

    JsonObject error = onlyFieldError(api.patch("/api/posts/" + postId, new JsonObject().put("body", "   ")));
    assertThat(error).isEqualTo(new JsonObject().put("field", "body").put("message", "must not be blank"));

    Resp page = browser.form("/posts/" + postId + "/edit", Map.of("_csrf", browser.cookie("cc_csrf"), "body", "   "));
    assertThat(page.status()).isEqualTo(400);
    assertThat(Jsoup.parse(page.body()).selectFirst("#body-error").text()).contains("must not be blank");
  }

  @Test
  @DisplayName("an over-long body is refused by the API with the shared limit, 50,000 characters")
  void bodyLimitOverTheApi() {
    TestHttp api = community.member("limit_body");
    JsonObject error = onlyFieldError(api.post("/api/threads", new JsonObject().put("space", "limits").put("title", "Too long")
        .put("body", "x".repeat(50_001))));
    assertThat(error).isEqualTo(new JsonObject().put("field", "body").put("message", "must be at most 50000 characters"));
  }

  @Test
  @DisplayName("a long body is taken from the page form as from the API, and one over the limit is the same field error")
  void bodyLimitThroughTheForm() {
    TestHttp api = community.member("limit_form_body");
    TestHttp browser = browserOf("limit_form_body");
    // Longer than a form field's 8 KiB default in Vert.x, well within a post's limit.
    String longBody = "A long reply. ".repeat(1_500);
    Resp taken = browser.form("/s/limits/new", Map.of("_csrf", browser.cookie("cc_csrf"), "title", "Long", "body", longBody));
    assertThat(taken.status()).as(taken.toString()).isEqualTo(303);

    String tooLong = "x".repeat(50_001);
    JsonObject error = onlyFieldError(api.post("/api/threads", new JsonObject().put("space", "limits").put("title", "Too long")
        .put("body", tooLong)));
    Resp page = browser.form("/s/limits/new", Map.of("_csrf", browser.cookie("cc_csrf"), "title", "Too long", "body", tooLong));
    assertThat(page.status()).as(page.toString()).isEqualTo(400);
    assertThat(Jsoup.parse(page.body()).selectFirst("#body-error").text()).contains(error.getString("message"));
  }
}
