package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may do what to an idea's co-design, as a table: the idea's author and accepted co-authors may;
 * an invitation not accepted, another member, a moderator may not (403); a visitor must sign in (401).
 */
@DisplayName("Co-design permissions: who may publish, answer amendments, mark incorporated, invite and propose a split")
class CodesignPermissionsTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static long idea;
  static long thread;
  static final Map<String, TestHttp> who = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    community = Community.in(server);
    TestHttp author = community.freshMember("author");
    JsonObject created = community.ideaToCodesign(community.freshMember("firm"), author, "Table");
    idea = created.getLong("id");
    thread = created.getLong("threadId");
    TestHttp coauthor = community.freshMember("coauthor");
    TestHttp invited = community.freshMember("invited");
    community.coauthor(author, idea, coauthor, true);
    community.coauthor(author, idea, invited, false);
    who.put("author", author);
    who.put("accepted co-author", coauthor);
    who.put("invited, not accepted", invited);
    who.put("other member", community.freshMember("other"));
    who.put("moderator", community.withRole(Community.unique("mod"), "moderator"));
    who.put("anonymous", server.http());
  }

  /** The statuses each caller gets for one action, in the order of {@link #who}. */
  static Map<String, Integer> row(BiFunction<String, TestHttp, Resp> action) {
    Map<String, Integer> out = new LinkedHashMap<>();
    who.forEach((name, http) -> {
      Resp r = action.apply(name, http);
      out.put(name, r.status());
    });
    return out;
  }

  static Map<String, Integer> expected(int author, int coauthor, int invited, int other, int mod, int anon) {
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put("author", author);
    out.put("accepted co-author", coauthor);
    out.put("invited, not accepted", invited);
    out.put("other member", other);
    out.put("moderator", mod);
    out.put("anonymous", anon);
    return out;
  }

  @Test
  @DisplayName("publish an iteration: authors and accepted co-authors only")
  void publishIteration() {
    assertThat(row((name, http) -> http.post("/api/ideas/" + idea + "/iterations",
        new JsonObject().put("summary", "By " + name).put("body", "Details by " + name))))
        .isEqualTo(expected(201, 201, 403, 403, 403, 401));
  }

  @Test
  @DisplayName("answer an amendment: authors and accepted co-authors only")
  void answerAmendment() {
    TestHttp proposer = community.freshMember("proposer");
    assertThat(row((name, http) -> {
      long amendment = community.amend(proposer, idea, "Details amended for " + name, "").getLong("id");
      return http.post("/api/amendments/" + amendment + "/decline", new JsonObject().put("reason", "Not now"));
    })).isEqualTo(expected(200, 200, 403, 403, 403, 401));
  }

  @Test
  @DisplayName("mark a reply incorporated: authors and accepted co-authors only")
  void markIncorporated() {
    TestHttp replier = community.freshMember("replier");
    assertThat(row((name, http) -> {
      long post = community.reply(replier, thread, "A useful thought for " + name).getLong("id");
      return http.post("/api/posts/" + post + "/incorporated", new JsonObject());
    })).isEqualTo(expected(201, 201, 403, 403, 403, 401));
  }

  @Test
  @DisplayName("invite a co-author: authors and accepted co-authors only")
  void invite() {
    assertThat(row((name, http) -> http.post("/api/ideas/" + idea + "/coauthors",
        new JsonObject().put("username", community.username(community.freshMember("guest"))))))
        .isEqualTo(expected(201, 201, 403, 403, 403, 401));
  }

  @Test
  @DisplayName("propose the reward's split: authors and accepted co-authors only")
  void proposeSplit() {
    String authorName = community.username(who.get("author"));
    assertThat(row((name, http) -> http.put("/api/ideas/" + idea + "/split",
        new JsonObject().put("shares", new JsonObject().put(authorName, 100)))))
        .isEqualTo(expected(200, 200, 403, 403, 403, 401));
  }

  @Test
  @DisplayName("propose an amendment: any signed-in member who reads the idea")
  void propose() {
    assertThat(row((name, http) -> http.post("/api/ideas/" + idea + "/amendments",
        new JsonObject().put("body", "Proposed by " + name))))
        .isEqualTo(expected(201, 201, 201, 201, 201, 401));
  }

  @Test
  @DisplayName("answer an invitation: only the invitee, once")
  void answerInvitation() {
    TestHttp author = who.get("author");
    TestHttp guest = community.freshMember("guest");
    community.coauthor(author, idea, guest, false);
    assertThat(who.get("other member").post("/api/ideas/" + idea + "/coauthors/accept", new JsonObject()).status())
        .isEqualTo(409);
    assertThat(guest.post("/api/ideas/" + idea + "/coauthors/decline", new JsonObject()).status()).isEqualTo(200);
    assertThat(guest.post("/api/ideas/" + idea + "/coauthors/accept", new JsonObject()).status()).isEqualTo(409);
    assertThat(guest.post("/api/ideas/" + idea + "/iterations", new JsonObject().put("summary", "S").put("body", "B"))
        .status()).as("a declined invitee is no author").isEqualTo(403);
  }
}
