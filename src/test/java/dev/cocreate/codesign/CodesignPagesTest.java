package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Co-design through the pages alone, as a browser without JavaScript uses them, in English and French. */
@DisplayName("Co-design pages: the idea's block, iterations, amendments and invitations without JavaScript")
class CodesignPagesTest {
  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static Community community;

  @BeforeAll
  static void start() {
    community = Community.in(server);
  }

  /** The member signed in through the login form: session cookie and CSRF token. */
  static TestHttp browser(TestHttp member) {
    TestHttp http = server.http();
    http.getHtml("/login");
    Resp login = http.form("/login", Map.of("login", community.username(member), "password", "correct horse battery",
        "_csrf", http.cookie("cc_csrf")));
    assertThat(login.status()).as(login.toString()).isEqualTo(303);
    return http;
  }

  static Resp post(TestHttp browser, String path, Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("_csrf", browser.cookie("cc_csrf"));
    return browser.form(path, all);
  }

  static Document page(TestHttp http, String path) {
    Resp r = http.getHtml(path);
    assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
    return Jsoup.parse(r.body(), server.baseUrl());
  }

  @Test
  @DisplayName("an author invites by form, the invitee accepts by the page's button, and both are shown with the credit")
  void inviteAndAcceptByForms() {
    TestHttp author = community.freshMember("author");
    TestHttp guest = community.freshMember("guest");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Hammock").getLong("id");
    TestHttp authorPage = browser(author);
    TestHttp guestPage = browser(guest);

    Resp invited = post(authorPage, "/i/" + idea + "/coauthors", Map.of("username", community.username(guest)));
    assertThat(invited.status()).isEqualTo(303);
    assertThat(invited.header("Location")).isEqualTo("/i/" + idea + "#codesign");
    Resp again = post(authorPage, "/i/" + idea + "/coauthors", Map.of("username", community.username(guest)));
    assertThat(again.status()).isEqualTo(303);
    assertThat(page(authorPage, "/i/" + idea).select("[role=alert], .flash-error, .notice").text())
        .contains("invited or a co-author already");

    Document invitation = page(guestPage, "/i/" + idea);
    assertThat(invitation.select("#codesign form[action=/i/" + idea + "/coauthors/accept] button").text())
        .isEqualTo("Accept and co-author");
    assertThat(community.notifications(guest)).extracting(n -> n.getString("kind")).contains("coauthor_invited");
    assertThat(post(guestPage, "/i/" + idea + "/coauthors/accept", Map.of()).status()).isEqualTo(303);

    Document shown = page(community.freshMember("reader"), "/i/" + idea);
    assertThat(shown.select("#codesign .people").text()).contains(community.username(guest).toUpperCase())
        .contains("co-author");
    assertThat(shown.select("#codesign .credits").text()).contains("co-authorship");
    assertThat(shown.select("#codesign a[href=/i/" + idea + "/credits.csv]")).hasSize(1);
    assertThat(shown.select("#codesign form")).as("a reader gets no author's form").isEmpty();
  }

  @Test
  @DisplayName("a refused iteration comes back with the author's text and the field's error; a taken one is the idea's text")
  void publishByForm() {
    TestHttp author = community.freshMember("author");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Kite").getLong("id");
    TestHttp authorPage = browser(author);
    Document history = page(authorPage, "/i/" + idea + "/iterations");
    assertThat(history.select("form#new-iteration")).hasSize(1);

    Resp refused = post(authorPage, "/i/" + idea + "/iterations", Map.of("summary", "", "body", "A kite with <b>two</b> lines"));
    assertThat(refused.status()).isEqualTo(400);
    Document again = Jsoup.parse(refused.body());
    assertThat(again.select("textarea#body").text()).isEqualTo("A kite with <b>two</b> lines");
    assertThat(again.select("input#summary").attr("aria-invalid")).isEqualTo("true");

    Resp taken = post(authorPage, "/i/" + idea + "/iterations", Map.of("summary", "Two lines", "body", "A kite with two lines"));
    assertThat(taken.status()).isEqualTo(303);
    Document ideaPage = page(authorPage, "/i/" + idea);
    assertThat(ideaPage.select(".idea-body").text()).isEqualTo("A kite with two lines");
    assertThat(ideaPage.select("#codesign .iteration-line").text()).contains("Showing iteration 2").contains("Two lines");
    assertThat(page(community.freshMember("reader"), "/i/" + idea + "/iterations").select("form#new-iteration"))
        .as("only authors get the form").isEmpty();
  }

  @Test
  @DisplayName("a member proposes an amendment by form; an author declines it without a reason and is asked for one, then with one")
  void amendmentByForms() {
    TestHttp author = community.freshMember("author");
    TestHttp member = community.freshMember("member");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Sled").getLong("id");
    TestHttp memberPage = browser(member);
    Document form = page(memberPage, "/i/" + idea + "/amendments");
    assertThat(form.select("textarea#body").text()).as("starts from the current text").isEqualTo("Details of *Sled*");

    Resp proposed = post(memberPage, "/i/" + idea + "/amendments", Map.of("body", "Details of a *wooden Sled*", "note", "Wood"));
    assertThat(proposed.status()).isEqualTo(303);
    String where = proposed.header("Location");
    assertThat(where).startsWith("/i/" + idea + "/amendments/");
    Document amendment = page(browser(author), where);
    assertThat(amendment.select("pre.diff ins").text()).isEqualTo("a wooden");
    assertThat(amendment.select("form[action$=/accept]")).hasSize(1);
    assertThat(page(memberPage, where).select("form[action$=/accept]")).as("only authors answer").isEmpty();

    TestHttp authorPage = browser(author);
    Resp noReason = post(authorPage, where + "/decline", Map.of("reason", ""));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(Jsoup.parse(noReason.body()).select("textarea#reason").attr("aria-invalid")).isEqualTo("true");
    assertThat(post(authorPage, where + "/decline", Map.of("reason", "Metal lasts longer")).status()).isEqualTo(303);
    assertThat(page(memberPage, where).select(".decline-reason").text()).contains("Metal lasts longer");
  }

  @Test
  @DisplayName("the block and the iterations page are complete in French")
  void french() {
    TestHttp author = community.freshMember("author");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Parasol").getLong("id");
    community.iterate(author, idea, "Plus grand", "Details of a *big Parasol*");
    TestHttp fr = server.http();
    Resp r = fr.send(fr.builder("/i/" + idea).header("Accept-Language", "fr").header("Accept", "text/html"));
    Document d = Jsoup.parse(r.body());
    assertThat(d.select("#codesign-heading").text()).isEqualTo("Co-conception");
    assertThat(d.select("#codesign .iteration-line").text()).contains("Itération 2 affichée").contains("Toutes les itérations");
    Resp its = fr.send(fr.builder("/i/" + idea + "/iterations?from=1&to=2").header("Accept-Language", "fr")
        .header("Accept", "text/html"));
    assertThat(Jsoup.parse(its.body()).select("#diff-heading").text()).isEqualTo("De l’itération 1 à l’itération 2");
  }

  @Test
  @DisplayName("an author marks a discussion reply incorporated from the block's list; it leaves the list and joins the credits")
  void incorporateByForm() {
    TestHttp author = community.freshMember("author");
    TestHttp replier = community.freshMember("replier");
    JsonObject created = community.ideaToCodesign(community.freshMember("firm"), author, "Bench");
    long idea = created.getLong("id");
    long post = community.reply(replier, created.getLong("threadId"), "Add a backrest").getLong("id");
    TestHttp authorPage = browser(author);
    assertThat(page(authorPage, "/i/" + idea).select("#incorporated-post option").attr("value")).isEqualTo(Long.toString(post));
    assertThat(post(authorPage, "/i/" + idea + "/incorporated", Map.of("postId", Long.toString(post))).status()).isEqualTo(303);
    Document after = page(authorPage, "/i/" + idea);
    assertThat(after.select("#incorporated-post")).isEmpty();
    assertThat(after.select("#codesign .credits").text()).contains("incorporated reply");
  }
}
