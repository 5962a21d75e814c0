package dev.cocreate.facilitation;

import static dev.cocreate.support.Community.action;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Facilitators moderate their own spaces and nowhere else, while their term runs")
class FacilitatorPermissionsTest {
  static final TestClock clock = TestClock.startingNow();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject(), clock);
  static Community community;

  /** The firm's owner, its facilitator of space A (and C), and a member writing in every space. */
  static TestHttp owner;
  static TestHttp fac;
  static TestHttp author;
  static String org;
  static String a;
  static String b;
  static String c;
  static String site;
  /** Members made without a password, handed out one by one to the tests that need someone new. */
  static java.util.Iterator<TestHttp> extras;

  @BeforeAll
  static void start() {
    community = Community.in(server).withStaff("fp");
    List<TestHttp> people = community.quickMembers("fp", 16);
    owner = people.get(0);
    fac = people.get(1);
    author = people.get(2);
    extras = people.subList(3, people.size()).iterator();
    org = community.org(owner);
    a = community.orgSpace(owner, org, fac, author);
    b = community.orgSpace(owner, org, fac, author);
    c = community.orgSpace(owner, org, author);
    site = Community.unique("fp-site").replace('_', '-');
    community.space(site, "public");
    community.nameFacilitator(owner, a, fac, clock.instant().plus(Duration.ofDays(30)));
    community.nameFacilitator(owner, c, fac, clock.instant().plus(Duration.ofDays(30)));
  }

  /** A thread by the author in the space, with a reply: {thread id, reply id}. */
  static long[] threadIn(String space) {
    JsonObject t = community.thread(author, space, "Topic in " + space);
    long reply = community.reply(author, t.getLong("id"), "A reply").getLong("id");
    return new long[] {t.getLong("id"), reply};
  }

  static int act(String action, String type, long id) {
    return community.act(fac, action(action, type, id, "facilitating")).status();
  }

  static int move(long thread, String to) {
    return community.act(fac, action("move", "thread", thread, "belongs elsewhere").put("toSpace", to)).status();
  }

  @Test
  @DisplayName("the table: in A every action and the members; in B (a member there), site-wide and on accounts 403")
  void theTable() {
    long[] inA = threadIn(a);
    long[] inB = threadIn(b);
    long[] onSite = threadIn(site);
    long stranger = community.userId(community.username(extras.next()));

    // Space A, theirs.
    assertThat(act("hide", "post", inA[1])).as("hide in A").isEqualTo(200);
    assertThat(act("unhide", "post", inA[1])).as("unhide in A").isEqualTo(200);
    assertThat(act("lock", "thread", inA[0])).as("lock in A").isEqualTo(200);
    assertThat(act("unlock", "thread", inA[0])).as("unlock in A").isEqualTo(200);
    assertThat(act("pin", "thread", inA[0])).as("pin in A").isEqualTo(200);
    assertThat(act("unpin", "thread", inA[0])).as("unpin in A").isEqualTo(200);
    TestHttp flagger = extras.next();
    community.addToSpace(owner, a, flagger);
    assertThat(community.flag(flagger, inA[1], "spam").status()).isEqualTo(201);
    assertThat(fac.post("/api/moderation/queue/post/" + inA[1] + "/claim", null).status()).as("claim in A").isEqualTo(200);
    assertThat(act("dismiss_flags", "post", inA[1])).as("answer the flags in A").isEqualTo(200);
    TestHttp newcomer = extras.next();
    String newName = community.username(newcomer);
    assertThat(fac.put("/api/spaces/" + a + "/members/" + newName, null).status()).as("add a member to A").isEqualTo(200);
    assertThat(fac.delete("/api/spaces/" + a + "/members/" + newName).status()).as("remove a member of A").isEqualTo(204);

    // Space B: they are a member there, not its facilitator.
    assertThat(act("hide", "post", inB[1])).as("hide in B").isEqualTo(403);
    assertThat(act("lock", "thread", inB[0])).as("lock in B").isEqualTo(403);
    assertThat(act("pin", "thread", inB[0])).as("pin in B").isEqualTo(403);
    assertThat(community.flag(flagger, inB[1], "spam").status()).as("flagger is not in B").isEqualTo(404);
    assertThat(community.flag(author, inA[1], "spam").status()).as("own post").isEqualTo(403);
    assertThat(fac.post("/api/moderation/queue/post/" + inB[1] + "/claim", null).status()).as("claim in B").isEqualTo(403);
    assertThat(act("dismiss_flags", "post", inB[1])).as("answer flags in B").isEqualTo(403);
    assertThat(fac.put("/api/spaces/" + b + "/members/" + newName, null).status()).as("add a member to B").isEqualTo(403);
    assertThat(fac.delete("/api/spaces/" + b + "/members/" + community.username(author)).status()).as("remove from B")
        .isEqualTo(403);
    assertThat(move(inA[0], b)).as("move from A into B").isEqualTo(403);
    assertThat(move(inB[0], a)).as("move from B into A").isEqualTo(403);

    // Site-wide: a space the site runs, members' accounts, the whole log.
    assertThat(act("hide", "post", onSite[1])).as("hide site-wide").isEqualTo(403);
    assertThat(act("lock", "thread", onSite[0])).as("lock site-wide").isEqualTo(403);
    assertThat(act("pin", "thread", onSite[0])).as("pin site-wide").isEqualTo(403);
    assertThat(move(inA[0], site)).as("move from A to a site space").isEqualTo(403);
    assertThat(act("warn", "user", stranger)).as("warn a member").isEqualTo(403);
    assertThat(fac.get("/api/moderation/log").status()).as("the site's log").isEqualTo(403);
    assertThat(fac.post("/api/users/" + community.username(author) + "/suspension",
        new JsonObject().put("until", "2099-01-01T00:00:00Z").put("reason", "no")).status()).as("suspend").isEqualTo(403);
    assertThat(fac.put("/api/spaces/" + site + "/members/" + newName, null).status()).as("members of a site space")
        .isEqualTo(403);

    // Between their own spaces A and C, moving is theirs.
    assertThat(move(inA[0], c)).as("move from A into C, both theirs").isEqualTo(200);
    assertThat(community.count("select space_id from threads where id = " + inA[0]))
        .isEqualTo(community.count("select id from spaces where slug = '" + c + "'"));

    // The moderators keep every right there.
    assertThat(community.act(community.mod(), action("lock", "thread", inB[0], "mod")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("every facilitator action is logged with its space; the space's log is read by its owner and facilitators only")
  void actionsAreLoggedWithTheirScope() {
    long[] inA = threadIn(a);
    assertThat(act("lock", "thread", inA[0])).isEqualTo(200);
    assertThat(act("hide", "post", inA[1])).isEqualTo(200);
    TestHttp joiner = extras.next();
    assertThat(fac.put("/api/spaces/" + a + "/members/" + community.username(joiner), null).status()).isEqualTo(200);

    JsonArray log = community.spaceLog(fac, a);
    List<String> actions = IntStream.range(0, 3).mapToObj(i -> log.getJsonObject(i).getString("action")).toList();
    assertThat(actions).containsExactly("member_added", "hide", "lock");
    for (int i = 0; i < 3; i++) {
      assertThat(log.getJsonObject(i).getString("space")).isEqualTo(a);
      assertThat(log.getJsonObject(i).getJsonObject("actor").getString("username")).isEqualTo(community.username(fac));
    }
    assertThat(community.spaceLog(owner, a)).as("the owner reads it too").hasSameSizeAs(log);
    assertThat(community.spaceLog(community.mod(), a)).hasSameSizeAs(log);
    assertThat(fac.get("/api/spaces/" + b + "/log").status()).as("not their space").isEqualTo(403);
    assertThat(author.get("/api/spaces/" + a + "/log").status()).as("a member of the space").isEqualTo(403);
    assertThat(community.count("select count(*) from moderation_log where space_id is null and action in ('lock', 'hide') "
        + "and target_id in (" + inA[0] + ", " + inA[1] + ")")).as("no entry without its scope").isZero();
  }

  @Test
  @DisplayName("the queue shows a facilitator their spaces' flags only; moderators see every one")
  void queueIsFiltered() {
    long[] inA = threadIn(a);
    long[] inB = threadIn(b);
    long[] onSite = threadIn(site);
    TestHttp flagger = extras.next();
    community.addToSpace(owner, a, flagger);
    community.addToSpace(owner, b, flagger);
    for (long post : new long[] {inA[1], inB[1], onSite[1]}) {
      assertThat(community.flag(flagger, post, "spam").status()).isEqualTo(201);
    }
    long authorId = community.userId(community.username(author));
    assertThat(community.act(community.mod(), action("warn", "user", authorId, "be kind")).status()).isEqualTo(200);
    List<Long> facQueue = queue(fac);
    assertThat(facQueue).contains(inA[1]).doesNotContain(inB[1], onSite[1]);
    assertThat(queue(community.mod())).contains(inA[1], inB[1], onSite[1]);
    assertThat(historyOf(fac, inA[1])).as("the site's warnings are not a facilitator's to read").doesNotContain("warn");
    assertThat(historyOf(community.mod(), inA[1])).contains("warn");
    assertThat(extras.next().get("/api/moderation/queue").status()).isEqualTo(403);
  }

  /** The actions in the queue item's author history of the post, as {@code who} sees it. */
  static List<String> historyOf(TestHttp who, long postId) {
    Resp r = who.get("/api/moderation/queue?limit=100");
    for (int i = 0; i < r.items().size(); i++) {
      JsonObject item = r.items().getJsonObject(i);
      if (item.getLong("targetId") == postId) {
        JsonArray actions = item.getJsonObject("author").getJsonArray("previousActions");
        return IntStream.range(0, actions.size()).mapToObj(j -> actions.getJsonObject(j).getString("action")).toList();
      }
    }
    throw new AssertionError("post " + postId + " is not in the queue");
  }

  static List<Long> queue(TestHttp who) {
    Resp r = who.get("/api/moderation/queue?limit=100");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return IntStream.range(0, r.items().size()).mapToObj(i -> r.items().getJsonObject(i).getLong("targetId")).toList();
  }

  @Test
  @DisplayName("a facilitator removed mid-session, or whose term ended, is refused at once")
  void removedOrExpiredIsRefused() {
    long[] inA = threadIn(a);
    TestHttp second = extras.next();
    community.addToSpace(owner, a, second);
    community.nameFacilitator(owner, a, second, clock.instant().plus(Duration.ofDays(2)));
    assertThat(community.act(second, action("lock", "thread", inA[0], "x")).status()).isEqualTo(200);
    assertThat(owner.delete("/api/spaces/" + a + "/facilitators/" + community.username(second)).status()).isEqualTo(204);
    assertThat(community.act(second, action("unlock", "thread", inA[0], "x")).status()).as("removed").isEqualTo(403);
    assertThat(second.get("/api/moderation/queue").status()).isEqualTo(403);

    TestHttp third = extras.next();
    community.addToSpace(owner, a, third);
    community.nameFacilitator(owner, a, third, clock.instant().plus(Duration.ofHours(1)));
    assertThat(community.act(third, action("unlock", "thread", inA[0], "x")).status()).isEqualTo(200);
    clock.advance(Duration.ofHours(2));
    assertThat(community.act(third, action("lock", "thread", inA[0], "x")).status()).as("term ended").isEqualTo(403);
    assertThat(third.get("/api/moderation/queue").status()).as("term ended").isEqualTo(403);
    assertThat(third.put("/api/spaces/" + a + "/members/" + community.username(extras.next()), null).status())
        .as("term ended").isEqualTo(403);
    assertThat(community.act(fac, action("lock", "thread", inA[0], "x")).status()).as("a term still running").isEqualTo(200);
  }
}
