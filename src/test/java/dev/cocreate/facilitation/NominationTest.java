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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The self-empowerment path: nominated by a member, seconded by another, confirmed by the org's owner")
class NominationTest {
  static final TestClock clock = TestClock.startingNow();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject(), clock);
  static Community community;

  static TestHttp owner;
  static String org;

  @BeforeAll
  static void start() {
    community = Community.in(server).withAdmin(Community.unique("nm_admin"));
    // The periodic trust recompute has just run, as far as this node knows: it would otherwise take
    // the members this class sets at trust level 3 back to what their (empty) activity earns.
    community.exec("insert into job_runs (name, last_run_at, last_node) values ('trust-recompute', now(), 'test') "
        + "on conflict (name) do update set last_run_at = now()");
    owner = browserMember("nm_owner", 0);
    org = community.org(owner);
  }

  /** A member at the trust level who acts through the API only. */
  static TestHttp member(String prefix, int trustLevel) {
    return community.quickMember(prefix, trustLevel);
  }

  /** A member at the trust level who may also sign in to the pages. */
  static TestHttp browserMember(String prefix, int trustLevel) {
    return community.steadyMember(Community.unique(prefix), trustLevel);
  }

  static Resp nominate(TestHttp who, String space, TestHttp nominee) {
    return who.post("/api/spaces/" + space + "/nominations", new JsonObject().put("nominee", community.username(nominee)));
  }

  static JsonObject termEnd(Duration from) {
    return new JsonObject().put("termEndsAt", clock.instant().plus(from).toString());
  }

  @Test
  @DisplayName("each step by the right member in turn, each logged in the space's scope; the nominee then facilitates it")
  void thePath() {
    TestHttp nominee = member("nm_nominee", 3);
    TestHttp nominator = member("nm_nominator", 1);
    TestHttp seconder = member("nm_seconder", 1);
    TestHttp latecomer = member("nm_late", 1);
    String space = community.orgSpace(owner, org, nominee, nominator, seconder, latecomer);
    long thread = community.thread(nominator, space, "Our first topic").getLong("id");

    Resp nominated = nominate(nominator, space, nominee);
    assertThat(nominated.status()).as(nominated.toString()).isEqualTo(201);
    long id = nominated.json().getLong("id");
    assertThat(nominated.json().getString("state")).isEqualTo("open");
    String path = "/api/spaces/" + space + "/nominations/" + id;

    assertThat(owner.post(path + "/confirm", termEnd(Duration.ofDays(90))).status()).as("not seconded yet").isEqualTo(409);
    assertThat(nominator.post(path + "/second", null).status()).as("the nominator seconds").isEqualTo(403);
    assertThat(nominee.post(path + "/second", null).status()).as("the nominee seconds").isEqualTo(403);
    Resp seconded = seconder.post(path + "/second", null);
    assertThat(seconded.status()).as(seconded.toString()).isEqualTo(200);
    assertThat(seconded.json().getString("state")).isEqualTo("seconded");
    assertThat(latecomer.post(path + "/second", null).status()).as("already seconded").isEqualTo(409);
    assertThat(seconder.post(path + "/confirm", termEnd(Duration.ofDays(90))).status()).as("a member confirms").isEqualTo(403);
    assertThat(community.act(nominee, action("lock", "thread", thread, "x")).status()).as("not yet").isEqualTo(403);

    Resp confirmed = owner.post(path + "/confirm", termEnd(Duration.ofDays(90)));
    assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
    assertThat(confirmed.json().getLong("nominationId")).isEqualTo(id);
    assertThat(confirmed.json().getBoolean("current")).isTrue();
    assertThat(owner.post(path + "/confirm", termEnd(Duration.ofDays(90))).status()).as("confirmed once").isEqualTo(409);
    JsonArray facilitators = latecomer.get("/api/spaces/" + space + "/facilitators").items();
    assertThat(facilitators.getJsonObject(0).getJsonObject("user").getString("username")).isEqualTo(community.username(nominee));
    assertThat(community.act(nominee, action("lock", "thread", thread, "facilitating")).status()).isEqualTo(200);

    JsonArray log = community.spaceLog(owner, space);
    String[][] expected = {
        {"lock", community.username(nominee)},
        {"facilitator_named", community.username(owner)},
        {"facilitator_seconded", community.username(seconder)},
        {"facilitator_nominated", community.username(nominator)}};
    for (int i = 0; i < expected.length; i++) {
      JsonObject e = log.getJsonObject(i);
      assertThat(e.getString("action")).isEqualTo(expected[i][0]);
      assertThat(e.getJsonObject("actor").getString("username")).isEqualTo(expected[i][1]);
      assertThat(e.getString("space")).as("scope of " + expected[i][0]).isEqualTo(space);
    }
    for (int i = 1; i < expected.length; i++) {
      assertThat(log.getJsonObject(i).getLong("targetId")).isEqualTo(community.userId(community.username(nominee)));
      assertThat(log.getJsonObject(i).getJsonObject("details").getLong("nominationId")).isEqualTo(id);
    }
  }

  @Test
  @DisplayName("refused: below trust level 3, not in the space, oneself, twice, from outside, in a space no org runs, a past term end")
  void refusals() {
    TestHttp trusted = member("nm_trusted", 3);
    TestHttp novice = member("nm_novice", 2);
    TestHttp voter = member("nm_voter", 1);
    TestHttp elsewhere = member("nm_elsewhere", 3);
    TestHttp outsider = member("nm_outsider", 3);
    String space = community.orgSpace(owner, org, trusted, novice, voter);
    long before = community.count("select count(*) from facilitator_nominations");

    assertThat(nominate(voter, space, novice).status()).as("trust level 2").isEqualTo(409);
    assertThat(nominate(voter, space, elsewhere).status()).as("not in the space").isEqualTo(409);
    assertThat(nominate(trusted, space, trusted).status()).as("oneself").isEqualTo(403);
    assertThat(nominate(outsider, space, trusted).status()).as("from outside the group").isEqualTo(404);
    assertThat(nominate(owner, space, trusted).status()).as("the owner, not listed in it").isEqualTo(403);
    assertThat(community.count("select count(*) from facilitator_nominations")).isEqualTo(before);

    assertThat(nominate(voter, space, trusted).status()).isEqualTo(201);
    assertThat(nominate(novice, space, trusted).status()).as("already on its way").isEqualTo(409);

    String site = Community.unique("nm-site").replace('_', '-');
    community.space(site, "group", community.username(trusted), community.username(voter));
    assertThat(nominate(voter, site, trusted).status()).as("a space no org runs").isEqualTo(403);

    long id = community.count("select max(id) from facilitator_nominations");
    assertThat(novice.post("/api/spaces/" + space + "/nominations/" + id + "/second", null).status()).isEqualTo(200);
    Resp past = owner.post("/api/spaces/" + space + "/nominations/" + id + "/confirm", termEnd(Duration.ofMinutes(-1)));
    assertThat(past.status()).as("a term that ended already").isEqualTo(400);
    assertThat(owner.delete("/api/spaces/" + space + "/members/" + community.username(trusted)).status()).isEqualTo(204);
    assertThat(owner.post("/api/spaces/" + space + "/nominations/" + id + "/confirm", termEnd(Duration.ofDays(30))).status())
        .as("the nominee left the space meanwhile").isEqualTo(409);
    assertThat(owner.put("/api/spaces/" + space + "/facilitators/" + community.username(trusted), new JsonObject()).status())
        .as("a term end is required").isEqualTo(400);
  }

  @Test
  @DisplayName("a term served to its end earns facilitation reputation once, however many sweeps run at once; a removed one earns none")
  void servedTermEarnsOnce() {
    TestHttp served = member("nm_served", 3);
    TestHttp removed = member("nm_removed", 3);
    String space = community.orgSpace(owner, org, served, removed);
    community.nameFacilitator(owner, space, served, clock.instant().plus(Duration.ofHours(1)));
    community.nameFacilitator(owner, space, removed, clock.instant().plus(Duration.ofHours(1)));
    assertThat(owner.delete("/api/spaces/" + space + "/facilitators/" + community.username(removed)).status()).isEqualTo(204);
    assertThat(community.creditServedTerms(1)).as("no term has ended yet").isZero();

    clock.advance(Duration.ofHours(2));
    // The periodic job sweeps too, on the same clock: together with it, four sweeps at once credit the one term once.
    assertThat(community.creditServedTerms(4)).isLessThanOrEqualTo(1);
    assertThat(community.creditServedTerms(2)).isZero();
    assertThat(community.count("select count(*) from reputation_ledger where kind = 'facilitation' and user_id = "
        + community.userId(community.username(served)))).isEqualTo(1);
    JsonObject rep = community.reputation(community.username(served));
    assertThat(rep.getInteger("reputation")).isEqualTo(20);
    assertThat(rep.getJsonObject("reputationBreakdown").getInteger("facilitation")).isEqualTo(20);
    assertThat(community.reputationOf(community.username(removed))).isZero();
    assertThat(served.get("/api/spaces/" + space + "/facilitators").items()).as("a served term is over").isEmpty();
    assertThat(community.recomputeReputation()).as("totals the recompute corrected").isZero();
    assertThat(community.reputationOf(community.username(served))).isEqualTo(20);
  }

  static String page(TestHttp browser, String path, String language) {
    Resp r = browser.send(browser.builder(path).header("Accept", "text/html").header("Accept-Language", language).GET());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body();
  }

  @Test
  @DisplayName("the space's facilitator tools, without script, in English and French: nominate, second, confirm, then manage members")
  void toolsPage() {
    TestHttp nominee = browserMember("nm_pnominee", 3);
    TestHttp nominator = browserMember("nm_pnominator", 1);
    TestHttp seconder = browserMember("nm_pseconder", 1);
    String space = community.orgSpace(owner, org, nominee, nominator, seconder);
    String tools = "/s/" + space + "/facilitation";
    TestHttp nominatorPage = community.browser(nominator);
    assertThat(page(nominatorPage, "/s/" + space, "en")).contains("href=\"" + tools + "\"");
    assertThat(page(nominatorPage, tools, "en")).contains("Facilitator tools").contains("<label").doesNotContain("Moderation log of this space");
    assertThat(Community.postForm(nominatorPage, tools + "/nominations", java.util.Map.of("nominee", community.username(nominee)))
        .status()).isEqualTo(303);
    assertThat(page(nominatorPage, tools, "en")).contains("Nomination made.");
    long id = community.count("select max(id) from facilitator_nominations");
    TestHttp seconderPage = community.browser(seconder);
    assertThat(page(seconderPage, tools, "fr")).contains("Outils d'animation").contains("Appuyer");
    assertThat(Community.postForm(seconderPage, tools + "/nominations/" + id + "/second", java.util.Map.of()).status()).isEqualTo(303);

    TestHttp ownerPage = community.browser(owner);
    String before = page(ownerPage, tools, "fr");
    assertThat(before).contains("Confirmer").contains("Journal de modération de cet espace");
    Resp refused = Community.postForm(ownerPage, tools + "/nominations/" + id + "/confirm", java.util.Map.of("termEndsAt", "yesterday"));
    assertThat(refused.status()).as("refused, back to the tools with the reason").isEqualTo(303);
    assertThat(Community.postForm(ownerPage, tools + "/nominations/" + id + "/confirm",
        java.util.Map.of("termEndsAt", "2099-06-30T12:00")).status()).isEqualTo(303);
    assertThat(community.count("select count(*) from facilitator_terms t join users u on u.id = t.user_id where u.username = '"
        + community.username(nominee) + "' and t.removed_at is null")).isEqualTo(1);

    TestHttp facilitatorPage = community.browser(nominee);
    String asFacilitator = page(facilitatorPage, tools, "en");
    assertThat(asFacilitator).contains("Add a member (username)").contains("Facilitator nominated").contains("Nomination seconded");
    TestHttp joiner = member("nm_pjoiner", 0);
    assertThat(Community.postForm(facilitatorPage, tools + "/members", java.util.Map.of("username", community.username(joiner)))
        .status()).isEqualTo(303);
    assertThat(page(facilitatorPage, tools, "en")).contains("@" + community.username(joiner)).contains("Member added");
    assertThat(page(facilitatorPage, "/mod", "en")).as("the queue opens to a facilitator").isNotEmpty();
  }
}
