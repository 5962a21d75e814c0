package dev.cocreate.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
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

  @Test
  @DisplayName("an author invites by form, the invitee accepts by the page's button, and both are shown with the credit")
  void inviteAndAcceptByForms() {
    TestHttp author = community.freshMember("author");
    TestHttp guest = community.freshMember("guest");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Hammock").getLong("id");
    TestHttp authorPage = community.browser(author);
    TestHttp guestPage = community.browser(guest);

    Resp invited = authorPage.postForm("/i/" + idea + "/coauthors", Map.of("username", community.username(guest)));
    assertThat(invited.status()).isEqualTo(303);
    assertThat(invited.header("Location")).isEqualTo("/i/" + idea + "#codesign");
    Resp again = authorPage.postForm("/i/" + idea + "/coauthors", Map.of("username", community.username(guest)));
    assertThat(again.status()).isEqualTo(303);
    assertThat(authorPage.page("/i/" + idea).select("[role=alert], .flash-error, .notice").text())
        .contains("invited or a co-author already");

    Document invitation = guestPage.page("/i/" + idea);
    assertThat(invitation.select("#codesign form[action=/i/" + idea + "/coauthors/accept] button").text())
        .isEqualTo("Accept and co-author");
    assertThat(community.notifications(guest)).extracting(n -> n.getString("kind")).contains("coauthor_invited");
    assertThat(guestPage.postForm("/i/" + idea + "/coauthors/accept", Map.of()).status()).isEqualTo(303);

    Document shown = community.freshMember("reader").page("/i/" + idea);
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
    TestHttp authorPage = community.browser(author);
    Document history = authorPage.page("/i/" + idea + "/iterations");
    assertThat(history.select("form#new-iteration")).hasSize(1);

    Resp refused = authorPage.postForm("/i/" + idea + "/iterations", Map.of("summary", "", "body", "A kite with <b>two</b> lines"));
    assertThat(refused.status()).isEqualTo(400);
    Document again = Jsoup.parse(refused.body());
    assertThat(again.select("textarea#body").text()).isEqualTo("A kite with <b>two</b> lines");
    assertThat(again.select("input#summary").attr("aria-invalid")).isEqualTo("true");

    Resp taken = authorPage.postForm("/i/" + idea + "/iterations", Map.of("summary", "Two lines", "body", "A kite with two lines"));
    assertThat(taken.status()).isEqualTo(303);
    Document ideaPage = authorPage.page("/i/" + idea);
    assertThat(ideaPage.select(".idea-body").text()).isEqualTo("A kite with two lines");
    assertThat(ideaPage.select("#codesign .iteration-line").text()).contains("Showing iteration 2").contains("Two lines");
    assertThat(community.freshMember("reader").page("/i/" + idea + "/iterations").select("form#new-iteration"))
        .as("only authors get the form").isEmpty();
  }

  @Test
  @DisplayName("a member proposes an amendment by form; an author declines it without a reason and is asked for one, then with one")
  void amendmentByForms() {
    TestHttp author = community.freshMember("author");
    TestHttp member = community.freshMember("member");
    long idea = community.ideaToCodesign(community.freshMember("firm"), author, "Sled").getLong("id");
    TestHttp memberPage = community.browser(member);
    Document form = memberPage.page("/i/" + idea + "/amendments");
    assertThat(form.select("textarea#body").text()).as("starts from the current text").isEqualTo("Details of *Sled*");

    Resp proposed = memberPage.postForm("/i/" + idea + "/amendments", Map.of("body", "Details of a *wooden Sled*", "note", "Wood"));
    assertThat(proposed.status()).isEqualTo(303);
    String where = proposed.header("Location");
    assertThat(where).startsWith("/i/" + idea + "/amendments/");
    Document amendment = community.browser(author).page(where);
    assertThat(amendment.select("pre.diff ins").text()).isEqualTo("a wooden");
    assertThat(amendment.select("form[action$=/accept]")).hasSize(1);
    assertThat(memberPage.page(where).select("form[action$=/accept]")).as("only authors answer").isEmpty();

    TestHttp authorPage = community.browser(author);
    Resp noReason = authorPage.postForm(where + "/decline", Map.of("reason", ""));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(Jsoup.parse(noReason.body()).select("textarea#reason").attr("aria-invalid")).isEqualTo("true");
    assertThat(authorPage.postForm(where + "/decline", Map.of("reason", "Metal lasts longer")).status()).isEqualTo(303);
    assertThat(memberPage.page(where).select(".decline-reason").text()).contains("Metal lasts longer");
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
    TestHttp authorPage = community.browser(author);
    assertThat(authorPage.page("/i/" + idea).select("#incorporated-post option").attr("value")).isEqualTo(Long.toString(post));
    assertThat(authorPage.postForm("/i/" + idea + "/incorporated", Map.of("postId", Long.toString(post))).status()).isEqualTo(303);
    Document after = authorPage.page("/i/" + idea);
    assertThat(after.select("#incorporated-post")).isEmpty();
    assertThat(after.select("#codesign .credits").text()).contains("incorporated reply");
  }
}
