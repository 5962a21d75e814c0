package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A vote, a merge, a support, a phase change and a settings change are each read by one command
 * record, whichever door they come by: the same bad value is the same field error as problem+json
 * and on the page.
 */
@DisplayName("Votes, merges, support, phase changes and settings are read once for the API and the page")
class WritesReadOnceTest {
  static final String PASSWORD = "correct horse battery";
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static int seq;

  static String fresh(String prefix) {
    return prefix + "_" + (++seq);
  }

  /** A new member: its API client (bearer token) and its browser (signed in through the form). */
  record Member(String username, TestHttp api, TestHttp browser) {
    Resp form(String path, Map<String, String> fields) {
      Map<String, String> all = new HashMap<>(fields);
      all.put("_csrf", browser.cookie("cc_csrf"));
      return browser.form(path, all);
    }
  }

  static Member member(String prefix) {
    String name = fresh(prefix);
    TestHttp api = server.http();
    api.register(name);
    TestHttp browser = server.http();
    browser.getHtml("/login");
    Resp login = browser.form("/login", Map.of("login", name, "password", PASSWORD, "_csrf", browser.cookie("cc_csrf")));
    assertThat(login.status()).isEqualTo(303);
    return new Member(name, api, browser);
  }

  static JsonObject onlyFieldError(Resp r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonArray errors = r.json().getJsonArray("errors");
    assertThat(errors).hasSize(1);
    return errors.getJsonObject(0);
  }

  static String errorPageText(Resp r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("text/html");
    return Jsoup.parse(r.body()).select("main").text();
  }

  /** An open challenge of a new org owned by {@code owner}, with two ideas; answers [challenge, idea, idea]. */
  static long[] openChallengeWithIdeas(Member owner) {
    String org = fresh("firm").replace('_', '-');
    assertThat(owner.api().post("/api/orgs", new JsonObject().put("slug", org).put("name", "Firm")).status()).isEqualTo(201);
    Resp draft = owner.api().post("/api/challenges", new JsonObject().put("org", org).put("title", "Lighter tents")
        .put("summary", "Cut the weight of our tent.").put("problem", "It weighs 2.4 kg.").put("desiredOutcomes", "Under 1.6 kg")
        .put("constraints", "Recycled fabrics.").put("criteria", new JsonArray().add(new JsonObject().put("name", "Weight").put("weight", 1)))
        .put("reward", "EUR 5,000").put("ipTerms", "You keep authorship.")
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString()));
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    long challenge = draft.json().getLong("id");
    assertThat(owner.api().post("/api/challenges/" + challenge + "/transition", new JsonObject().put("to", "open")).status())
        .isEqualTo(200);
    long[] ids = {challenge, 0, 0};
    for (int i = 1; i <= 2; i++) {
      Resp idea = member("author").api().post("/api/challenges/" + challenge + "/ideas", new JsonObject()
          .put("title", "Idea " + i).put("pitch", "Pitch " + i).put("body", "Body " + i).put("acceptTerms", true));
      assertThat(idea.status()).as(idea.toString()).isEqualTo(201);
      ids[i] = idea.json().getLong("id");
    }
    return ids;
  }

  @Test
  @DisplayName("a vote of 2 is the same error on value from the API and from the vote button's form")
  void voteValue() {
    Member author = member("poster");
    String space = "votes";
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where username = '" + author.username() + "'");
    author.api().post("/api/spaces", new JsonObject().put("slug", space).put("name", "Votes").put("visibility", "public"));
    Resp thread = author.api().post("/api/threads", new JsonObject().put("space", space).put("title", "Vote on me").put("body", "Hi"));
    assertThat(thread.status()).as(thread.toString()).isEqualTo(201);
    long postId = thread.json().getJsonObject("firstPost").getLong("id");
    Member voter = member("voter");

    JsonObject error = onlyFieldError(voter.api().put("/api/posts/" + postId + "/vote", new JsonObject().put("value", 2)));
    assertThat(error).isEqualTo(new JsonObject().put("field", "value").put("message", "must be between -1 and 1"));
    assertThat(errorPageText(voter.form("/posts/" + postId + "/vote", Map.of("value", "2")))).contains("must be between -1 and 1");
    assertThat(errorPageText(voter.form("/posts/" + postId + "/vote", Map.of("value", "up")))).contains("must be a whole number");
    assertThat(voter.form("/posts/" + postId + "/vote", Map.of("value", "1")).status()).isEqualTo(303);
  }

  @Test
  @DisplayName("a merge with no idea to survive is the same error on into from the API and beside the board's merge form")
  void mergeInto() {
    Member owner = member("owner");
    long[] ids = openChallengeWithIdeas(owner);
    long idea = ids[1];

    JsonObject error = onlyFieldError(owner.api().post("/api/ideas/" + idea + "/merge", new JsonObject().put("note", "dupe")));
    assertThat(error).isEqualTo(new JsonObject().put("field", "into").put("message", "is required"));
    Resp page = owner.form("/i/" + idea + "/merge", Map.of("into", "", "mergeNote", "dupe"));
    assertThat(page.status()).isEqualTo(400);
    Document doc = Jsoup.parse(page.body());
    assertThat(doc.select("details.merge-box[open]").text()).contains("is required");

    Resp merged = owner.form("/i/" + idea + "/merge", Map.of("into", String.valueOf(ids[2]), "mergeNote", "Same idea", "confirm", "1"));
    assertThat(merged.status()).as(merged.body()).isEqualTo(303);
    assertThat(owner.api().get("/api/ideas/" + idea).json().getString("status")).isEqualTo("merged");
  }

  @Test
  @DisplayName("the support button's action is support or withdraw; anything else is 400 on action")
  void supportAction() {
    Member owner = member("owner");
    long idea = openChallengeWithIdeas(owner)[1];
    Member fan = member("fan");

    assertThat(errorPageText(fan.form("/i/" + idea + "/support", Map.of("action", "double")))).contains("must be one of support, withdraw");
    assertThat(fan.form("/i/" + idea + "/support", Map.of("action", "support")).status()).isEqualTo(303);
    assertThat(fan.api().get("/api/ideas/" + idea).json().getInteger("supportCount")).isEqualTo(1);
    assertThat(fan.form("/i/" + idea + "/support", Map.of("action", "withdraw")).status()).isEqualTo(303);
    assertThat(fan.api().get("/api/ideas/" + idea).json().getInteger("supportCount")).isZero();
    assertThat(fan.api().put("/api/ideas/" + idea + "/support", null).json().getBoolean("supported")).isTrue();
  }

  @Test
  @DisplayName("a phase that does not exist is the same error on to from the API and from the challenge page's buttons")
  void transitionTo() {
    Member owner = member("owner");
    long challenge = openChallengeWithIdeas(owner)[0];

    JsonObject error = onlyFieldError(owner.api().post("/api/challenges/" + challenge + "/transition", new JsonObject().put("to", "done")));
    assertThat(error).isEqualTo(new JsonObject().put("field", "to").put("message", "must be one of closed, decided, draft, open, review"));
    assertThat(errorPageText(owner.form("/c/" + challenge + "/transition", Map.of("to", "done"))))
        .contains("must be one of closed, decided, draft, open, review");
    assertThat(owner.form("/c/" + challenge + "/transition", Map.of("to", "review")).status()).isEqualTo(303);
    assertThat(owner.api().get("/api/challenges/" + challenge).json().getString("phase")).isEqualTo("review");
  }

  @Test
  @DisplayName("a site name over 80 characters is the same error from the API and the form, with the form's other errors at once")
  void settingsSiteName() {
    Member admin = member("admin");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where username = '" + admin.username() + "'");
    String name = "n".repeat(81);

    JsonObject error = onlyFieldError(admin.api().put("/api/admin/settings", new JsonObject().put("siteName", name)));
    assertThat(error).isEqualTo(new JsonObject().put("field", "siteName").put("message", "must be 1 to 80 characters"));

    Map<String, String> form = new HashMap<>(Map.of("siteName", name, "description", "About us", "defaultSupportThreshold", "many",
        "registration", "open", "rateLimits", ""));
    for (int level = 1; level <= 3; level++) {
      for (String t : new String[] {"daysVisited", "postsRead", "replies", "votesGiven", "votesReceived", "maxFlagsUpheld"}) {
        form.put("tl" + level + "_" + t, "1");
      }
    }
    Resp page = admin.form("/admin/settings", form);
    assertThat(page.status()).isEqualTo(400);
    Document doc = Jsoup.parse(page.body());
    assertThat(doc.selectFirst("#siteName-error").text()).contains("must be 1 to 80 characters");
    assertThat(doc.selectFirst("#threshold-error").text()).contains("must be whole numbers");
    assertThat(admin.api().get("/api/site").json().getString("siteName")).as("nothing saved").isEqualTo("Cocreate");
  }

  /** A public space and a thread in it by {@code author}, made admin for the space; answers the first post's id. */
  static long postOf(Member author, String space) {
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where username = '" + author.username() + "'");
    author.api().post("/api/spaces", new JsonObject().put("slug", space).put("name", space).put("visibility", "public"));
    Resp thread = author.api().post("/api/threads", new JsonObject().put("space", space).put("title", "Edit me").put("body", "Hi"));
    assertThat(thread.status()).as(thread.toString()).isEqualTo(201);
    return thread.json().getJsonObject("firstPost").getLong("id");
  }

  @Test
  @DisplayName("an edit's reason may be 500 characters by the API and by the edit form, and 501 is the same error by both")
  void editReasonIsOneLimit() {
    Member author = member("editor");
    long postId = postOf(author, "edits");
    String reason500 = "r".repeat(500);

    assertThat(author.api().patch("/api/posts/" + postId, new JsonObject().put("body", "Once").put("reason", reason500)).status())
        .isEqualTo(200);
    Document form = Jsoup.parse(author.browser().getHtml("/posts/" + postId + "/edit").body());
    assertThat(form.selectFirst("#reason").attr("maxlength")).as("the field says the same limit").isEqualTo("500");
    assertThat(author.form("/posts/" + postId + "/edit", Map.of("body", "Twice", "reason", reason500)).status())
        .as("the form takes what the API takes").isEqualTo(303);

    JsonObject error = onlyFieldError(author.api().patch("/api/posts/" + postId,
        new JsonObject().put("body", "Thrice").put("reason", reason500 + "r")));
    assertThat(error).isEqualTo(new JsonObject().put("field", "reason").put("message", "must be at most 500 characters"));
    Resp page = author.form("/posts/" + postId + "/edit", Map.of("body", "Thrice", "reason", reason500 + "r"));
    assertThat(page.status()).isEqualTo(400);
    assertThat(Jsoup.parse(page.body()).selectFirst("#reason-error").text()).contains("must be at most 500 characters");
  }

  @Test
  @DisplayName("an idea without the IP terms accepted gets the same words from the API and beside the form's checkbox")
  void ideaTermsOneMessage() {
    Member owner = member("owner");
    long challenge = openChallengeWithIdeas(owner)[0];
    Member author = member("thinker");

    JsonObject error = onlyFieldError(author.api().post("/api/challenges/" + challenge + "/ideas", new JsonObject()
        .put("title", "No terms").put("pitch", "P").put("body", "B").put("acceptTerms", false)));
    assertThat(error.getString("field")).isEqualTo("acceptTerms");
    Resp page = author.form("/c/" + challenge + "/new", Map.of("title", "No terms", "pitch", "P", "body", "B"));
    assertThat(page.status()).isEqualTo(400);
    Document doc = Jsoup.parse(page.body());
    String described = doc.selectFirst("#acceptTerms").attr("aria-describedby");
    assertThat(doc.getElementById(described).text()).contains(error.getString("message"));
  }
}
