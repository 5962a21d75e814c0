package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.Caller;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Challenges and ideas API")
class ChallengeApiTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  static List<String> fields(Resp r) {
    List<String> out = new ArrayList<>();
    JsonArray errors = r.json().getJsonArray("errors");
    if (errors != null) {
      errors.forEach(e -> out.add(((JsonObject) e).getString("field")));
    }
    return out;
  }

  @Test
  @DisplayName("an org member creates a draft with the default threshold and sanitized HTML")
  void createDraft() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    Resp r = owner.post("/api/challenges", Community.brief(org));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject c = r.json();
    assertThat(c.getString("phase")).isEqualTo("draft");
    assertThat(c.getInteger("supportThreshold")).isEqualTo(10000);
    assertThat(c.getJsonObject("org").getString("slug")).isEqualTo(org);
    assertThat(c.getJsonArray("criteria")).hasSize(2);
    assertThat(c.getJsonObject("html").getString("problem")).contains("<strong>Trailhead 2</strong>").doesNotContain("<script");
    assertThat(c.getJsonObject("stats")).isEqualTo(new JsonObject().put("ideas", 0).put("participants", 0).put("supports", 0));
    assertThat(c.getBoolean("canManage")).isTrue();
    assertThat(c.getString("closesAt")).endsWith("Z");
  }

  @Test
  @DisplayName("creating: anonymous 401, outsiders 403, unknown org and every invalid field 400")
  void createErrors() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp outsider = community.freshMember("outsider");
    assertThat(server.http().post("/api/challenges", Community.brief(org)).status()).isEqualTo(401);
    assertThat(outsider.post("/api/challenges", Community.brief(org)).status()).isEqualTo(403);
    Resp unknownOrg = owner.post("/api/challenges", Community.brief("no-such-org"));
    assertThat(unknownOrg.status()).isEqualTo(400);
    assertThat(fields(unknownOrg)).containsExactly("org");

    Resp bad = owner.post("/api/challenges", new JsonObject().put("org", org).put("title", " ")
        .put("closesAt", "2001-01-01T00:00:00Z").put("supportThreshold", 0).put("criteria", new JsonArray()));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(fields(bad)).contains("title", "summary", "problem", "desiredOutcomes", "ipTerms", "criteria", "closesAt",
        "supportThreshold");
    assertThat(fields(owner.post("/api/challenges", Community.brief(org).put("supportThreshold", 1_000_001))))
        .containsExactly("supportThreshold");
    assertThat(fields(owner.post("/api/challenges", Community.brief(org).put("criteria",
        new JsonArray().add(new JsonObject().put("name", "Cost").put("weight", 0))))))
        .containsExactly("criteria[0].weight");
    assertThat(fields(owner.post("/api/challenges", Community.brief(org).put("criteria",
        new JsonArray().add(new JsonObject().put("name", "Cost").put("weight", -1))))))
        .containsExactly("criteria[0].weight");
    assertThat(fields(owner.post("/api/challenges", Community.brief(org).put("closesAt", "next tuesday"))))
        .containsExactly("closesAt");
    assertThat(fields(owner.post("/api/challenges", Community.brief(org).put("space", "no-such-space"))))
        .containsExactly("space");
  }

  @Test
  @DisplayName("drafts are 404 to outsiders everywhere; the team sees and manages them")
  void draftsInvisible() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp teammate = community.freshMember("team");
    community.addMember(owner, org, teammate);
    TestHttp outsider = community.freshMember("outsider");
    long id = community.draftChallenge(owner, org, new JsonObject().put("title", "Secret draft")).getLong("id");

    assertThat(server.http().get("/api/challenges/" + id).status()).isEqualTo(404);
    assertThat(outsider.get("/api/challenges/" + id).status()).isEqualTo(404);
    assertThat(outsider.patch("/api/challenges/" + id, new JsonObject().put("title", "x")).status()).isEqualTo(404);
    assertThat(outsider.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")).status())
        .isEqualTo(404);
    assertThat(outsider.post("/api/challenges/" + id + "/ideas", Community.idea("Nope")).status()).isEqualTo(404);
    assertThat(outsider.get("/api/challenges/" + id + "/ideas").status()).isEqualTo(404);
    assertThat(outsider.get("/api/challenges/" + id + "/export.csv").status()).isEqualTo(404);
    assertThat(titles(outsider.get("/api/challenges?org=" + org))).doesNotContain("Secret draft");
    assertThat(titles(server.http().get("/api/challenges?status=draft"))).isEmpty();
    assertThat(orgChallengeTitles(outsider, org)).doesNotContain("Secret draft");

    // The live topic follows the same rule, for the live hub to ask.
    assertThat(topicReadable(outsider, "challenge:" + id)).isFalse();
    assertThat(topicReadable(teammate, "challenge:" + id)).isTrue();
    assertThat(topicReadable(teammate, "thread:" + id)).isFalse();

    assertThat(teammate.get("/api/challenges/" + id).json().getBoolean("canManage")).isTrue();
    assertThat(titles(teammate.get("/api/challenges?org=" + org))).contains("Secret draft");
    assertThat(orgChallengeTitles(teammate, org)).contains("Secret draft");
    assertThat(teammate.patch("/api/challenges/" + id, new JsonObject().put("title", "Team edit")).status()).isEqualTo(200);
    // A draft's edits are not revisions: nothing was public yet.
    assertThat(teammate.get("/api/challenges/" + id + "/revisions").json().getJsonArray("items")).isEmpty();
  }

  static boolean topicReadable(TestHttp who, String topic) {
    Caller caller = new Caller(
        server.server().app().accounts().byUsername(community.username(who)).toCompletionStage().toCompletableFuture().join(),
        null, false);
    return server.server().app().challenges().challenges().canReadTopic(caller, topic)
        .toCompletionStage().toCompletableFuture().join();
  }

  static List<String> titles(Resp r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.items().forEach(o -> out.add(((JsonObject) o).getString("title")));
    return out;
  }

  static List<String> orgChallengeTitles(TestHttp http, String org) {
    Resp r = http.get("/api/orgs/" + org);
    assertThat(r.status()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().getJsonArray("challenges").forEach(o -> out.add(((JsonObject) o).getString("title")));
    return out;
  }

  @Test
  @DisplayName("an open challenge is public but only its team manages it: 401 anonymous, 403 outsiders")
  void openChallengePermissions() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp outsider = community.freshMember("outsider");
    long id = community.openChallenge(owner, org, new JsonObject());

    Resp seen = server.http().get("/api/challenges/" + id);
    assertThat(seen.status()).isEqualTo(200);
    assertThat(seen.json().getBoolean("canManage")).isFalse();
    assertThat(titles(server.http().get("/api/challenges?status=open&org=" + org))).hasSize(1);
    assertThat(orgChallengeTitles(server.http(), org)).hasSize(1);

    assertThat(server.http().patch("/api/challenges/" + id, new JsonObject().put("title", "x")).status()).isEqualTo(401);
    assertThat(server.http().post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "review")).status())
        .isEqualTo(401);
    assertThat(outsider.patch("/api/challenges/" + id, new JsonObject().put("title", "x")).status()).isEqualTo(403);
    assertThat(outsider.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "review")).status())
        .isEqualTo(403);
    assertThat(outsider.get("/api/challenges/" + id + "/export.csv").status()).isEqualTo(403);
    assertThat(server.http().get("/api/challenges/" + id + "/export.csv").status()).isEqualTo(401);
    assertThat(owner.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "sideways")).status())
        .isEqualTo(400);
    assertThat(server.http().get("/api/challenges/999999").status()).isEqualTo(404);
    assertThat(server.http().get("/api/challenges/abc").status()).isEqualTo(404);
    assertThat(server.http().get("/api/challenges?status=bogus").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("once open, every edit is kept as a revision and announced; the threshold is frozen; closed is final")
  void revisions() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long id = community.openChallenge(owner, org, new JsonObject().put("title", "First title"));

    Resp edit = owner.patch("/api/challenges/" + id, new JsonObject().put("title", "Second title").put("reward", "More"));
    assertThat(edit.status()).as(edit.toString()).isEqualTo(200);
    assertThat(edit.json().getString("title")).isEqualTo("Second title");
    assertThat(edit.json().getInteger("revision")).isEqualTo(2);
    owner.patch("/api/challenges/" + id, new JsonObject().put("summary", "A third version"));

    JsonArray revisions = server.http().get("/api/challenges/" + id + "/revisions").json().getJsonArray("items");
    assertThat(revisions).hasSize(2);
    JsonObject oldest = revisions.getJsonObject(1);
    assertThat(oldest.getInteger("revision")).isEqualTo(1);
    assertThat(oldest.getJsonObject("brief").getString("title")).isEqualTo("First title");
    assertThat(oldest.getJsonArray("changed")).containsExactly("title", "reward");
    assertThat(community.count("select count(*) from events where topic = 'challenge:" + id + "' and type = 'challenge.updated'"))
        .isEqualTo(2);

    assertThat(owner.patch("/api/challenges/" + id, new JsonObject().put("supportThreshold", 5)).status()).isEqualTo(409);
    assertThat(owner.patch("/api/challenges/" + id, new JsonObject().put("closesAt", "2001-01-01T00:00:00Z")).status())
        .isEqualTo(400);
    assertThat(owner.patch("/api/challenges/" + id, new JsonObject()).status()).isEqualTo(400);
    community.moveChallenge(owner, id, "closed");
    assertThat(owner.patch("/api/challenges/" + id, new JsonObject().put("title", "Too late")).status()).isEqualTo(409);
  }

  @Test
  @DisplayName("ideas: only while open, terms accepted, signed in; the idea has the contract's shape")
  void submitIdeas() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp author = community.freshMember("author");
    long draft = community.draftChallenge(owner, org, new JsonObject()).getLong("id");
    assertThat(owner.post("/api/challenges/" + draft + "/ideas", Community.idea("Too early")).status()).isEqualTo(409);

    long id = community.openChallenge(owner, org, new JsonObject().put("supportThreshold", 3));
    assertThat(server.http().post("/api/challenges/" + id + "/ideas", Community.idea("Anon")).status()).isEqualTo(401);
    Resp noTerms = author.post("/api/challenges/" + id + "/ideas", Community.idea("No terms").put("acceptTerms", false));
    assertThat(noTerms.status()).isEqualTo(400);
    assertThat(fields(noTerms)).containsExactly("acceptTerms");
    JsonObject missing = Community.idea("Missing terms");
    missing.remove("acceptTerms");
    assertThat(fields(author.post("/api/challenges/" + id + "/ideas", missing))).containsExactly("acceptTerms");
    assertThat(fields(author.post("/api/challenges/" + id + "/ideas", new JsonObject().put("acceptTerms", true))))
        .containsExactlyInAnyOrder("title", "pitch", "body");

    Resp created = author.post("/api/challenges/" + id + "/ideas",
        Community.idea("Carbon poles").put("body", "Use **carbon** <img src=x onerror=alert(1)>"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject idea = created.json();
    assertThat(idea.fieldNames()).contains("id", "challengeId", "threadId", "title", "pitch", "author", "status",
        "supportCount", "supportThreshold", "supported", "createdAt", "responses", "body", "html", "mergedInto");
    assertThat(idea.getLong("challengeId")).isEqualTo(id);
    assertThat(idea.getString("status")).isEqualTo("submitted");
    assertThat(idea.getInteger("supportCount")).isZero();
    assertThat(idea.getInteger("supportThreshold")).isEqualTo(3);
    assertThat(idea.getBoolean("supported")).isFalse();
    assertThat(idea.getJsonArray("responses")).isEmpty();
    assertThat(idea.getJsonObject("author").getString("username")).isEqualTo(community.username(author));
    assertThat(idea.getString("html")).contains("<strong>carbon</strong>").doesNotContain("onerror=");

    Resp anonView = server.http().get("/api/ideas/" + idea.getLong("id"));
    assertThat(anonView.status()).isEqualTo(200);
    assertThat(anonView.json().containsKey("supported")).isFalse();
    assertThat(server.http().get("/api/ideas/999999").status()).isEqualTo(404);
    assertThat(community.count("select count(*) from events where topic = 'challenge:" + id + "' and type = 'idea.created'"))
        .isEqualTo(1);
    JsonObject stats = server.http().get("/api/challenges/" + id).json().getJsonObject("stats");
    assertThat(stats.getLong("ideas")).isEqualTo(1);
    assertThat(stats.getLong("participants")).isEqualTo(1);

    community.moveChallenge(owner, id, "review");
    assertThat(author.post("/api/challenges/" + id + "/ideas", Community.idea("Too late")).status()).isEqualTo(409);
  }

  @Test
  @DisplayName("every idea is a thread: in the challenge's space, or in 'ideas'; the space must be public")
  void ideaThreads() {
    TestHttp admin = community.freshMember("admin");
    community.exec("update users set role = 'admin' where username = '" + community.username(admin) + "'");
    String pub = Community.unique("pub").replace('_', '-');
    String priv = Community.unique("priv").replace('_', '-');
    assertThat(admin.post("/api/spaces", new JsonObject().put("slug", pub).put("name", "Pub").put("visibility", "public"))
        .status()).isEqualTo(201);
    assertThat(admin.post("/api/spaces", new JsonObject().put("slug", priv).put("name", "Priv").put("visibility", "members"))
        .status()).isEqualTo(201);
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    assertThat(fields(owner.post("/api/challenges", Community.brief(org).put("space", priv)))).containsExactly("space");
    long inSpace = community.openChallenge(owner, org, new JsonObject().put("space", pub));
    long noSpace = community.openChallenge(owner, org, new JsonObject());
    TestHttp author = community.freshMember("author");

    JsonObject a = community.submitIdea(author, inSpace, "Threaded idea");
    JsonObject b = community.submitIdea(author, noSpace, "Default space idea");
    for (JsonObject idea : List.of(a, b)) {
      assertThat(idea.getLong("threadId")).as(idea.encode()).isNotNull();
      Resp thread = server.http().get("/api/threads/" + idea.getLong("threadId"));
      assertThat(thread.status()).as(thread.toString()).isEqualTo(200);
      assertThat(thread.json().getLong("ideaId")).isEqualTo(idea.getLong("id"));
      assertThat(thread.json().getString("title")).isEqualTo(idea.getString("title"));
      assertThat(thread.json().getJsonArray("tags")).contains("idea");
      // The idea is discussed like any thread.
      assertThat(community.freshMember("talker").post("/api/threads/" + idea.getLong("threadId") + "/posts",
          new JsonObject().put("body", "I like it")).status()).isEqualTo(201);
    }
    assertThat(server.http().get("/api/threads/" + a.getLong("threadId")).json().getString("space")).isEqualTo(pub);
    assertThat(server.http().get("/api/threads/" + b.getLong("threadId")).json().getString("space")).isEqualTo("ideas");
    assertThat(community.count("select count(*) from threads where idea_id = " + a.getLong("id"))).isEqualTo(1);
  }

  /** A support's answer that reached no threshold. */
  static JsonObject state(int count, int threshold, boolean supported) {
    return new JsonObject().put("supportCount", count).put("supportThreshold", threshold).put("supported", supported)
        .put("reachedThreshold", false);
  }

  @Test
  @DisplayName("support: one per member, idempotent, withdrawable while open only; never one's own idea")
  void support() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp author = community.freshMember("author");
    TestHttp fan = community.freshMember("fan");
    TestHttp other = community.freshMember("other");
    long id = community.openChallenge(owner, org, new JsonObject());
    long idea = community.submitIdea(author, id, "Support me").getLong("id");
    String path = "/api/ideas/" + idea + "/support";
    int threshold = server.http().get("/api/ideas/" + idea).json().getInteger("supportThreshold");

    assertThat(server.http().put(path, null).status()).isEqualTo(401);
    assertThat(fan.put(path, null).json()).isEqualTo(state(1, threshold, true));
    assertThat(fan.put(path, null).json()).isEqualTo(state(1, threshold, true));
    Resp own = author.put(path, null);
    assertThat(own.status()).isEqualTo(409);
    assertThat(own.json().getString("detail")).isEqualTo("You cannot support your own idea.");
    assertThat(other.put(path, null).json().getInteger("supportCount")).isEqualTo(2);
    assertThat(fan.get("/api/ideas/" + idea).json().getBoolean("supported")).isTrue();
    assertThat(fan.delete(path).json()).isEqualTo(state(1, threshold, false));
    assertThat(fan.delete(path).json()).isEqualTo(state(1, threshold, false));
    assertThat(fan.put(path, null).json().getInteger("supportCount")).isEqualTo(2);
    assertThat(server.http().delete(path).status()).isEqualTo(401);
    assertThat(fan.put("/api/ideas/999999/support", null).status()).isEqualTo(404);
    assertThat(community.count("select count(*) from events where topic = 'challenge:" + id + "' and type = 'idea.supported'"))
        .isEqualTo(4);
    assertThat(community.strings("select data::text from events where topic = 'challenge:" + id + "' and type = 'idea.supported' "
        + "order by id desc limit 1").stream().map(JsonObject::new).toList())
        .containsExactly(new JsonObject().put("ideaId", idea).put("supportCount", 2));

    Resp mine = server.http().get("/api/users/" + community.username(fan) + "/supports");
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.items()).hasSize(1);
    assertThat(mine.items().getJsonObject(0).getLong("id")).isEqualTo(idea);
    assertThat(mine.items().getJsonObject(0).getString("supportedAt")).endsWith("Z");
    assertThat(server.http().get("/api/users/nobody_here/supports").status()).isEqualTo(404);

    community.moveChallenge(owner, id, "review");
    assertThat(fan.delete(path).status()).isEqualTo(409);
    assertThat(community.freshMember("late").put(path, null).status()).isEqualTo(409);
    assertThat(server.http().get("/api/ideas/" + idea).json().getInteger("supportCount")).isEqualTo(2);
  }

  @Test
  @DisplayName("official responses: the org's team only, a note required, transitions enforced, history public")
  void officialResponses() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp author = community.freshMember("author");
    TestHttp outsider = community.freshMember("outsider");
    long id = community.openChallenge(owner, org, new JsonObject());
    long idea = community.submitIdea(author, id, "Answer me").getLong("id");
    String path = "/api/ideas/" + idea + "/status";

    assertThat(server.http().post(path, new JsonObject().put("status", "in_review").put("note", "x")).status()).isEqualTo(401);
    assertThat(author.post(path, new JsonObject().put("status", "in_review").put("note", "mine!")).status()).isEqualTo(403);
    assertThat(outsider.post(path, new JsonObject().put("status", "in_review").put("note", "x")).status()).isEqualTo(403);
    assertThat(fields(owner.post(path, new JsonObject().put("status", "in_review")))).containsExactly("note");
    assertThat(fields(owner.post(path, new JsonObject().put("status", "in_review").put("note", "  ")))).containsExactly("note");
    assertThat(fields(owner.post(path, new JsonObject().put("status", "merged").put("note", "x")))).containsExactly("status");
    assertThat(fields(owner.post(path, new JsonObject().put("status", "submitted").put("note", "x")))).containsExactly("status");
    assertThat(owner.post(path, new JsonObject().put("status", "shortlisted").put("note", "skip")).status()).isEqualTo(409);
    assertThat(owner.post(path, new JsonObject().put("status", "declined").put("note", "not yet in review")).status())
        .isEqualTo(409);

    Resp r = owner.post(path, new JsonObject().put("status", "in_review").put("note", "We are looking at it."));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    r = owner.post(path, new JsonObject().put("status", "shortlisted").put("note", "On the shortlist."));
    assertThat(r.json().getString("status")).isEqualTo("shortlisted");
    r = owner.post(path, new JsonObject().put("status", "declined").put("note", "Too costly to tool."));
    assertThat(r.json().getString("status")).isEqualTo("declined");
    assertThat(owner.post(path, new JsonObject().put("status", "accepted").put("note", "changed our mind")).status())
        .isEqualTo(409);

    JsonArray responses = server.http().get("/api/ideas/" + idea).json().getJsonArray("responses");
    assertThat(responses).hasSize(3);
    JsonObject first = responses.getJsonObject(0);
    assertThat(first.getString("status")).isEqualTo("in_review");
    assertThat(first.getString("note")).isEqualTo("We are looking at it.");
    assertThat(first.getJsonObject("by").getString("username")).isEqualTo(community.username(owner));
    assertThat(first.getString("at")).endsWith("Z");
    assertThat(community.count("select count(*) from events where topic = 'challenge:" + id + "' and type = 'idea.status'"))
        .isEqualTo(3);
  }

  @Test
  @DisplayName("idea lists sort by support, recency and trend, and their cursors walk every idea once")
  void listsAndCursors() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long id = community.openChallenge(owner, org, new JsonObject());
    List<Long> ids = new ArrayList<>();
    List<TestHttp> fans = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fans.add(community.freshMember("fan"));
    }
    for (int i = 0; i < 7; i++) {
      ids.add(community.submitIdea(owner, id, "Idea number " + i).getLong("id"));
    }
    // idea 3 gets 4 supports, idea 5 gets 2, idea 1 gets 1
    for (int f = 0; f < 4; f++) {
      fans.get(f).put("/api/ideas/" + ids.get(3) + "/support", null);
    }
    fans.get(0).put("/api/ideas/" + ids.get(5) + "/support", null);
    fans.get(1).put("/api/ideas/" + ids.get(5) + "/support", null);
    fans.get(2).put("/api/ideas/" + ids.get(1) + "/support", null);

    for (String sort : new String[] {"support", "recent", "trending"}) {
      List<Long> seen = walk("/api/challenges/" + id + "/ideas?sort=" + sort + "&limit=2");
      assertThat(seen).as(sort).hasSize(7);
      assertThat(new HashSet<>(seen)).as(sort).hasSize(7);
      if (!sort.equals("recent")) {
        assertThat(seen.subList(0, 3)).as(sort).containsExactly(ids.get(3), ids.get(5), ids.get(1));
      } else {
        assertThat(seen.get(0)).isEqualTo(ids.get(6));
      }
    }
    // A cursor stays valid while new ideas arrive: nothing repeats, nothing is skipped.
    Resp first = server.http().get("/api/challenges/" + id + "/ideas?sort=recent&limit=3");
    community.submitIdea(owner, id, "Arrived meanwhile");
    Resp second = server.http().get("/api/challenges/" + id + "/ideas?sort=recent&limit=3&cursor="
        + first.json().getString("nextCursor"));
    assertThat(second.items().getJsonObject(0).getLong("id")).isEqualTo(ids.get(3));

    assertThat(server.http().get("/api/challenges/" + id + "/ideas?sort=best").status()).isEqualTo(400);
    assertThat(server.http().get("/api/challenges/" + id + "/ideas?cursor=garbage").status()).isEqualTo(400);
    assertThat(server.http().get("/api/challenges/" + id + "/ideas?limit=0").status()).isEqualTo(400);
    assertThat(server.http().get("/api/challenges/" + id + "/ideas?status=declined").items()).isEmpty();
  }

  private List<Long> walk(String path) {
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 20; page++) {
      Resp r = server.http().get(path + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.items().forEach(o -> seen.add(((JsonObject) o).getLong("id")));
      cursor = r.json().getString("nextCursor");
      if (cursor == null) {
        return seen;
      }
    }
    throw new AssertionError("the cursor never ended");
  }

  @Test
  @DisplayName("similar ideas: signed in only, ranked by title and pitch resemblance")
  void similar() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long id = community.openChallenge(owner, org, new JsonObject());
    long poles = community.submitIdea(owner, id, "Carbon fibre tent poles").getLong("id");
    community.submitIdea(owner, id, "Solar lantern in the roof");
    String path = "/api/challenges/" + id + "/similar?text=";
    assertThat(server.http().get(path + "carbon+poles").status()).isEqualTo(401);
    assertThat(owner.get(path + "ab").status()).isEqualTo(400);
    Resp r = owner.get(path + "carbon+fiber+poles");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.items()).isNotEmpty();
    assertThat(r.items().getJsonObject(0).getLong("id")).isEqualTo(poles);
    assertThat(owner.get(path + "completely+unrelated+zebra").items()).isEmpty();
  }

  @Test
  @DisplayName("firm statistics: for the org's team, with per-day counts, funnel and top contributors")
  void orgStats() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    TestHttp author = community.freshMember("author");
    TestHttp fan = community.freshMember("fan");
    long id = community.openChallenge(owner, org, new JsonObject());
    long idea = community.submitIdea(author, id, "Counted").getLong("id");
    community.submitIdea(fan, id, "Also counted");
    fan.put("/api/ideas/" + idea + "/support", null);

    assertThat(server.http().get("/api/orgs/" + org + "/stats").status()).isEqualTo(401);
    assertThat(fan.get("/api/orgs/" + org + "/stats").status()).isEqualTo(403);
    assertThat(owner.get("/api/orgs/no-such-org/stats").status()).isEqualTo(404);
    assertThat(owner.get("/api/orgs/" + org + "/stats?days=0").status()).isEqualTo(400);
    Resp r = owner.get("/api/orgs/" + org + "/stats?days=7");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject s = r.json();
    assertThat(s.getLong("ideas")).isEqualTo(2);
    assertThat(s.getLong("supports")).isEqualTo(1);
    assertThat(s.getLong("participants")).isEqualTo(2);
    assertThat(s.getJsonArray("perDay")).hasSize(7);
    JsonObject today = s.getJsonArray("perDay").getJsonObject(6);
    assertThat(today.getLong("ideas")).isEqualTo(2);
    assertThat(today.getLong("supports")).isEqualTo(1);
    assertThat(s.getJsonObject("funnel").getLong("submitted")).isEqualTo(2);
    assertThat(s.getJsonArray("topContributors").getJsonObject(0).getJsonObject("user").getString("username"))
        .isEqualTo(community.username(author));
    assertThat(s.getJsonArray("perChallenge")).hasSize(1);
  }

  @Test
  @DisplayName("every change lands on the challenge's live topic in order")
  void liveEvents() {
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    long id = community.openChallenge(owner, org, new JsonObject().put("supportThreshold", 1));
    long idea = community.submitIdea(owner, id, "Live").getLong("id");
    community.freshMember("live_fan").put("/api/ideas/" + idea + "/support", null);
    owner.post("/api/ideas/" + idea + "/status", new JsonObject().put("status", "shortlisted").put("note", "Yes"));
    owner.patch("/api/challenges/" + id, new JsonObject().put("title", "Live edit"));
    List<String> ordered = community.strings("select type from events where topic = 'challenge:" + id + "' order by id");
    assertThat(ordered).containsExactly("challenge.transition", "idea.created", "idea.supported",
        "idea.threshold_reached", "idea.status", "challenge.updated");
  }
}
