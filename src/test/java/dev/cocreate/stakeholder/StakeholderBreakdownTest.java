package dev.cocreate.stakeholder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Community.TokenMember;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Stakeholder types: declarations, staff confirmation and the breakdowns of supports and participation")
class StakeholderBreakdownTest {
  static final List<String> KEYS = List.of("customer", "supplier", "dealer", "staff", "partner", "none");

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;
  static TestHttp owner;
  static TestHttp teamMember;
  static String org;
  static long orgId;

  @BeforeAll
  static void setUp() {
    community = Community.in(server);
    owner = community.freshMember("bdowner");
    teamMember = community.freshMember("bdteam");
    org = community.org(owner);
    community.addMember(owner, org, teamMember);
    orgId = community.count("select id from orgs where slug = '" + org + "'");
  }

  /** A count per key from the rows, by the type that counts now (none for the undeclared and unconfirmed staff). */
  static JsonObject fromRows(String membersSql) {
    JsonObject out = new JsonObject();
    for (String key : KEYS) {
      String match = key.equals("none")
          ? "not exists (select 1 from org_stakeholders st where st.org_id = " + orgId
              + " and st.user_id = x.user_id and st.confirmed_at is not null)"
          : "exists (select 1 from org_stakeholders st where st.org_id = " + orgId
              + " and st.user_id = x.user_id and st.confirmed_at is not null and st.type = '" + key + "')";
      out.put(key, community.count("select count(*) from (" + membersSql + ") x where " + match));
    }
    return out;
  }

  @Test
  @DisplayName("an idea's and the org's breakdowns count the rows: supports by supporter, participants once each")
  void breakdownsMatchTheRows() {
    long challenge = community.openChallenge(owner, org, new JsonObject().put("supportThreshold", 100));
    TestHttp author = community.freshMember("bdauthor");
    long ideaId = community.submitIdea(author, challenge, "Deposit bottles").getLong("id");
    long threadId = community.count("select id from threads where idea_id = " + ideaId);
    String[] types = {"customer", "customer", "supplier", "dealer", "partner", "staff", "staff", null};
    for (int i = 0; i < types.length; i++) {
      TokenMember m = community.stakeholders(org, "bdsup", types[i], 1).get(0);
      if (i == 5) {
        community.confirmStaff(owner, org, m.username());
      }
      assertThat(community.as(m, "PUT", "/api/ideas/" + ideaId + "/support", new JsonObject()).status()).isEqualTo(200);
      if (i == 0 || i == 6) {
        Resp reply = community.as(m, "POST", "/api/threads/" + threadId + "/posts",
            new JsonObject().put("body", "I would use this, number " + i));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      }
    }
    Resp read = teamMember.get("/api/ideas/" + ideaId);
    assertThat(read.status()).isEqualTo(200);
    JsonObject breakdown = read.json().getJsonObject("stakeholders");
    JsonObject supports = breakdown.getJsonObject("supports");
    assertThat(supports).isEqualTo(new JsonObject().put("customer", 2L).put("supplier", 1L).put("dealer", 1L)
        .put("staff", 1L).put("partner", 1L).put("none", 2L));
    assertThat(supports).isEqualTo(fromRows("select user_id from idea_supports where idea_id = " + ideaId));
    assertThat(supports.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum())
        .isEqualTo(community.count("select support_count from ideas where id = " + ideaId));
    // The author (undeclared), the customer and the unconfirmed staff who replied: each once.
    String participantsSql = "select author_id as user_id from ideas where id = " + ideaId
        + " union select author_id from posts where thread_id = " + threadId + " and deleted_at is null and not hidden";
    JsonObject participants = breakdown.getJsonObject("participants");
    assertThat(participants).isEqualTo(fromRows(participantsSql));
    assertThat(participants.getLong("customer")).isEqualTo(1);
    assertThat(participants.getLong("none")).isEqualTo(2);

    Resp stats = teamMember.get("/api/orgs/" + org + "/stats");
    assertThat(stats.status()).isEqualTo(200);
    JsonObject orgBreakdown = stats.json().getJsonObject("stakeholders");
    String orgIdeas = "select i.id from ideas i join challenges c on c.id = i.challenge_id where c.org_id = " + orgId;
    assertThat(orgBreakdown.getJsonObject("supports"))
        .isEqualTo(fromRows("select s.user_id from idea_supports s where s.idea_id in (" + orgIdeas + ")"));
    assertThat(orgBreakdown.getJsonObject("participants")).isEqualTo(fromRows(
        "select author_id as user_id from ideas where id in (" + orgIdeas + ") union select p.author_id from posts p"
            + " join threads t on t.id = p.thread_id where t.idea_id in (" + orgIdeas + ") and p.deleted_at is null and not p.hidden"));

    // The idea page and the org's statistics show the same breakdowns, in the page's language.
    assertThat(author.getHtml("/i/" + ideaId).body()).contains("Supports and participation by stakeholder type")
        .contains("<th scope=\"row\">Supplier</th><td>1</td>");
    assertThat(teamMember.getHtml("/orgs/" + org).body()).contains("id=\"org-stakeholders-heading\"");
  }

  @Test
  @DisplayName("only an owner of the org confirms staff; a declaration is the member's own; the list is the team's")
  void onlyAnOwnerConfirmsStaff() {
    TestHttp requester = community.freshMember("bdreq");
    TestHttp outsider = community.freshMember("bdout");
    community.declareStakeholder(requester, org, "staff");
    assertThat(requester.get("/api/orgs/" + org + "/stakeholder").json().getString("status")).isEqualTo("requested");
    String confirm = "/api/orgs/" + org + "/stakeholders/" + community.username(requester) + "/confirm";
    assertThat(server.http().post(confirm, new JsonObject()).status()).isEqualTo(401);
    assertThat(requester.post(confirm, new JsonObject()).status()).as("the requester").isEqualTo(403);
    assertThat(outsider.post(confirm, new JsonObject()).status()).as("another member").isEqualTo(403);
    assertThat(teamMember.post(confirm, new JsonObject()).status()).as("a member of the org's team, not an owner").isEqualTo(403);
    assertThat(community.count("select count(*) from org_stakeholders where confirmed_at is not null and user_id = "
        + community.userId(community.username(requester)))).isZero();
    assertThat(owner.post(confirm, new JsonObject()).status()).isEqualTo(204);
    assertThat(requester.get("/api/orgs/" + org + "/stakeholder").json().getString("status")).isEqualTo("confirmed");
    assertThat(owner.post(confirm, new JsonObject()).status()).as("nothing left to confirm").isEqualTo(404);

    // Declaring another type drops the confirmation; declaring staff again waits for an owner again.
    community.declareStakeholder(requester, org, "customer");
    community.declareStakeholder(requester, org, "staff");
    assertThat(requester.get("/api/orgs/" + org + "/stakeholder").json().getString("status")).isEqualTo("requested");

    // A customer is a declaration, not a request: nobody confirms it.
    TestHttp customer = community.freshMember("bdcust");
    community.declareStakeholder(customer, org, "customer");
    assertThat(owner.post("/api/orgs/" + org + "/stakeholders/" + community.username(customer) + "/confirm",
        new JsonObject()).status()).isEqualTo(404);
    assertThat(owner.delete("/api/orgs/" + org + "/stakeholders/" + community.username(customer)).status())
        .as("an owner refuses staff only").isEqualTo(404);

    assertThat(outsider.get("/api/orgs/" + org + "/stakeholders").status()).isEqualTo(403);
    Resp list = teamMember.get("/api/orgs/" + org + "/stakeholders");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getJsonObject("user").getString("username")))
        .contains(community.username(requester), community.username(customer));

    // The pages: the team's members page lists the request; an outsider is refused; a member declares by the org page's form.
    assertThat(owner.getHtml("/orgs/" + org + "/members").body()).contains("/members/" + community.username(requester) + "/confirm");
    assertThat(outsider.getHtml("/orgs/" + org + "/members").status()).isEqualTo(403);
    TestHttp browser = community.browser(customer);
    assertThat(browser.getHtml("/orgs/" + org).body()).contains("action=\"/orgs/" + org + "/stakeholder\"");
    Resp form = Community.postForm(browser, "/orgs/" + org + "/stakeholder", Map.of("type", "partner"));
    assertThat(form.status()).as(form.toString()).isEqualTo(303);
    assertThat(customer.get("/api/orgs/" + org + "/stakeholder").json().getString("type")).isEqualTo("partner");
    Resp confirmForm = Community.postForm(community.browser(teamMember), "/orgs/" + org + "/members/"
        + community.username(requester) + "/confirm", Map.of());
    assertThat(confirmForm.status()).as("a team member who is no owner, by the page").isEqualTo(403);

    Resp bad = customer.put("/api/orgs/" + org + "/stakeholder", new JsonObject().put("type", "investor"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(customer.delete("/api/orgs/" + org + "/stakeholder").status()).isEqualTo(204);
    assertThat(customer.delete("/api/orgs/" + org + "/stakeholder").status()).isEqualTo(404);
  }
}
