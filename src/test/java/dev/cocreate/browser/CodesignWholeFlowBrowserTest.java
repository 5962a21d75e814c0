package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Co-design from start to reward in Chromium, every step through the pages: an author invites a
 * co-author, who accepts; each publishes an iteration; a third member's amendment is accepted; the
 * author proposes the reward's split, the two others consent, and the firm accepts the idea on its
 * review board, which freezes the split. Only the accounts, the firm's challenge, the idea and its
 * way to the shortlist are made through the API. The split page passes axe (English).
 */
@Tag("browser")
@DisplayName("Co-design in Chromium: co-authors, three iterations, an amendment, an agreed split, the idea accepted")
class CodesignWholeFlowBrowserTest {
  @RegisterExtension static BrowserSupport browser = new BrowserSupport();
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  static Community community;
  static TestHttp firmHttp;
  static String firm;
  static String author;
  static String coauthor;
  static String amender;
  static long challenge;
  static long idea;

  @BeforeAll
  static void start() throws IOException {
    community = Community.in(server);
    firmHttp = community.freshMember("cw_firm");
    firm = community.username(firmHttp);
    TestHttp authorHttp = community.freshMember("cw_author");
    author = community.username(authorHttp);
    coauthor = community.username(community.freshMember("cw_coauthor"));
    amender = community.username(community.freshMember("cw_amender"));
    challenge = community.openChallenge(firmHttp, community.org(firmHttp), new JsonObject());
    idea = community.submitIdea(authorHttp, challenge, "A tent for long trails").getLong("id");
  }

  private static Page as(String username) {
    Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setBypassCSP(true)).newPage();
    ThreadBrowserTest.signIn(page, server.baseUrl(), username);
    return page;
  }

  private static void go(Page page, String path) {
    page.navigate(server.baseUrl() + path);
    page.waitForLoadState(LoadState.LOAD);
  }

  private static void submit(Page page, String form) {
    page.click(form + " button[type=submit]");
    page.waitForLoadState(LoadState.LOAD);
  }

  private static void iterate(Page page, String summary, String body) {
    go(page, "/i/" + idea + "/iterations");
    page.fill("#summary", summary);
    page.fill("#body", body);
    submit(page, "#new-iteration");
  }

  @Test
  @DisplayName("everyone involved takes their step on the pages, and the firm's acceptance freezes the agreed split")
  void fromCoauthorsToAcceptance() {
    // The author invites a co-author, who accepts on the idea's page.
    Page first = as(author);
    go(first, "/i/" + idea);
    first.fill("#coauthor-username", coauthor);
    submit(first, "form.invite-form");
    Page second = as(coauthor);
    go(second, "/i/" + idea);
    submit(second, "form[action='/i/" + idea + "/coauthors/accept']");
    assertThat(second.locator("#codesign .people")).containsText("co-author");

    // Each publishes an iteration: with the original, three.
    iterate(first, "Carbon poles", "Details of a *tent for long trails*.\nNow with carbon poles.");
    iterate(second, "A lighter fly sheet", "Details of a *tent for long trails*.\nNow with carbon poles and a lighter fly sheet.");
    go(first, "/i/" + idea);
    assertThat(first.locator("#codesign .iteration-line")).containsText("3");

    // A third member proposes an amendment; the author accepts it, which credits them.
    Page third = as(amender);
    go(third, "/i/" + idea + "/amendments");
    third.fill("#body", "Details of a *tent for long trails*.\nNow with carbon poles, a lighter fly sheet and taped seams.");
    third.fill("#note", "Taped seams");
    submit(third, "#propose");
    String amendmentPage = third.url().replace(server.baseUrl(), "");
    go(first, amendmentPage);
    submit(first, "form[action$='/accept']");
    assertThat(first.locator("#codesign .credits")).containsText("accepted amendment");

    // The author proposes the reward's split among the three; the page passes axe.
    go(first, "/i/" + idea + "/split");
    first.fill("#share-" + author, "50");
    first.fill("#share-" + coauthor, "30");
    first.fill("#share-" + amender, "20");
    submit(first, "#propose-split");
    assertThat(first.locator(".split-status")).containsText("1 of 3 named people consented");
    List<String> problems = AccessibilityTour.axeViolations(first, "split page");
    assertThat(problems).isEmpty();

    // The two others consent on the split page; the idea page then shows it agreed.
    for (Page named : new Page[] {second, third}) {
      go(named, "/i/" + idea + "/split");
      submit(named, "form[action='/i/" + idea + "/split/consent']");
      assertThat(named.locator(".flash")).containsText("You consented to the split.");
    }
    go(third, "/i/" + idea);
    assertThat(third.locator("#codesign .split-status")).hasText("Agreed by everyone named");

    // The firm shortlists it, then accepts it on its review board; the split is frozen.
    community.shortlist(firmHttp, idea);
    Page team = as(firm);
    go(team, "/c/" + challenge + "/review");
    team.selectOption("#status-" + idea, "accepted");
    team.fill("#note-" + idea, "Accepted: we build it next season.");
    String card = "#idea-" + idea;
    submit(team, card + " form.answer-form");
    assertThat(team.locator(card + " .badge.status")).hasClass(Pattern.compile("status-accepted"));
    go(third, "/i/" + idea + "/split");
    assertThat(third.locator(".split-status")).containsText("Frozen: the idea is accepted");
    assertThat(third.locator("form[action$='/split/consent']")).hasCount(0);
  }
}
