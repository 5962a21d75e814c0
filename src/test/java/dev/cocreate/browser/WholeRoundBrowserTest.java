package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #20's whole loop in Chromium, through the pages: a firm opens a challenge with support
 * stages, members support an idea past its stages, a judge scores it, the firm answers with a
 * rationale per criterion, records a result and delivers it, a supporter rates it, and the firm
 * opens the next round. Each person's view is checked at each step, and the new pages pass axe.
 * Only the accounts and the org are made through the API.
 */
@Tag("browser")
@DisplayName("A whole round in Chromium: stages, supports, a jury, a rationale, a delivered and rated result, the next round")
class WholeRoundBrowserTest {
  @RegisterExtension static BrowserSupport browser = new BrowserSupport();
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  static Community community;
  static String firm;
  static String org;
  static String author;
  static String judge;
  static List<String> supporters = new ArrayList<>();
  static final List<String> problems = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    community = Community.in(server);
    TestHttp owner = community.freshMember("wr_firm");
    firm = community.username(owner);
    org = community.org(owner);
    author = community.username(community.freshMember("wr_author"));
    judge = community.username(community.freshMember("wr_judge"));
    supporters.add(community.username(community.freshMember("wr_sue")));
    supporters.add(community.username(community.freshMember("wr_sam")));
  }

  private Page as(String username) {
    Page page = context();
    ThreadBrowserTest.signIn(page, server.baseUrl(), username);
    return page;
  }

  /** A browser of its own, axe allowed in past the pages' script policy. */
  private static Page context() {
    return browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setBypassCSP(true)).newPage();
  }

  private void go(Page page, String path) {
    page.navigate(server.baseUrl() + path);
    page.waitForLoadState(LoadState.LOAD);
  }

  /** The page under axe, light at 1280 px and dark at 360 px, then back to light at 1280 px. */
  private void axe(Page page, String where) {
    problems.addAll(AccessibilityTour.axeViolations(page, where));
    page.setViewportSize(360, 740);
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
    problems.addAll(AccessibilityTour.axeViolations(page, where + " dark at 360 px", AccessibilityTour.DARK_RULES));
    browser.screenshot(page, "whole-round-" + where.replaceAll("[^a-z0-9]+", "-") + "-360-dark");
    page.setViewportSize(1280, 800);
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
  }

  private static void brief(Page page, String title) {
    page.fill("#title", title);
    page.fill("#summary", "Lights that last a winter of commuting.");
    page.fill("#problem", "Our lights die in the rain.");
    page.fill("#desiredOutcomes", "- A light that lasts");
    page.fill("#criterionName0", "Safety");
    page.fill("#criterionWeight0", "3");
    page.fill("#criterionName1", "Cost");
    page.fill("#criterionWeight1", "1");
    page.fill("#ipTerms", "Authors keep their rights.");
    page.fill("#closesAt", "2031-01-01T12:00");
    page.fill("#supportThreshold", "2");
  }

  private static long challengeIdOf(Page page) {
    page.waitForURL(u -> u.matches(".*/c/\\d+$"));
    String url = page.url();
    return Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
  }

  private static void transition(Page page, String to) {
    page.click("form[action$='/transition']:has(input[name=to][value=" + to + "]) button[type=submit]");
    page.waitForLoadState(LoadState.LOAD);
  }

  @Test
  @DisplayName("each person sees their step: the stage bar, the scores on the review board, the rationale, the result's "
      + "progress and rating, the link between rounds")
  void aWholeRound() {
    // The firm writes a brief with two support stages and opens it.
    Page team = as(firm);
    go(team, "/c/new?org=" + org);
    brief(team, "Winter bike lights");
    team.fill("#stageSupporters0", "1");
    team.fill("#stageDays0", "30");
    team.fill("#stageSupporters1", "2");
    team.fill("#stageDays1", "60");
    team.click("form[action='/c/new'] button[type=submit]");
    long challenge = challengeIdOf(team);
    transition(team, "open");
    assertThat(team.locator(".badge.phase")).hasText("Open");

    // A member answers with an idea; it starts on the first stage.
    Page writer = as(author);
    go(writer, "/c/" + challenge + "/new");
    writer.fill("#title", "A sealed dynamo light");
    writer.fill("#pitch", "No switch to leak, no battery to steal.");
    writer.fill("#body", "Potted in resin, on with the wheel.");
    writer.check("#acceptTerms");
    writer.click("form.idea-form button[type=submit]");
    writer.waitForURL(u -> u.matches(".*/i/\\d+.*"));
    long idea = Long.parseLong(writer.url().replaceAll(".*/i/(\\d+).*", "$1"));
    go(writer, "/c/" + challenge);
    String card = "#idea-" + idea;
    assertThat(writer.locator(card + " .threshold")).hasAttribute("data-stage-of", "2");
    String firstStage = writer.locator(card + " .threshold").getAttribute("data-stage");
    axe(writer, "challenge with a stage bar");

    // Members support it through both stages, which puts it in review.
    for (String name : supporters) {
      Page member = as(name);
      go(member, "/c/" + challenge);
      member.click(card + " form.support-form button[type=submit]");
      member.waitForLoadState(LoadState.LOAD);
      assertThat(member.locator(card + " form.support-form button")).hasAttribute("aria-pressed", "true");
      if (name.equals(supporters.get(0))) {
        assertThat(member.locator(card + " .threshold")).not().hasAttribute("data-stage", firstStage);
        browser.screenshot(member, "whole-round-stage-reached");
      }
      member.context().close();
    }
    go(writer, "/c/" + challenge);
    assertThat(writer.locator(card + " .support-count")).hasText("2");
    assertThat(writer.locator(card + " .threshold-badge")).isVisible();

    // The firm moves the challenge to review and names the judge.
    go(team, "/c/" + challenge);
    transition(team, "review");
    go(team, "/c/" + challenge + "/jury");
    team.fill("#judges", judge);
    team.click("form[action='/c/" + challenge + "/jury'] button[type=submit]");
    team.waitForLoadState(LoadState.LOAD);
    assertThat(team.locator("#judges")).hasValue(judge);

    // The judge scores on the jury screen.
    Page juror = as(judge);
    go(juror, "/c/" + challenge + "/jury");
    axe(juror, "jury screen for the judge");
    juror.fill("#score-" + idea + "-0", "8");
    juror.fill("#score-" + idea + "-1", "4");
    juror.fill("#note-" + idea, "Bright and sealed; the resin costs more than it looks.");
    juror.click(card + " form.score-form button[type=submit]");
    juror.waitForLoadState(LoadState.LOAD);
    // (8 * 3 + 4 * 1) / 4
    assertThat(juror.locator(card + " .jury-tally")).containsText("7");
    browser.screenshot(juror, "whole-round-scored");

    // The firm reads the score on the review board and shortlists with a rationale per criterion.
    go(team, "/c/" + challenge + "/review");
    assertThat(team.locator(card + " .jury-line")).containsText("Weighted mean 7, spread 0, 1 judge");
    axe(team, "review board with scores");
    team.selectOption("#status-" + idea, "shortlisted");
    team.fill("#note-" + idea, "Shortlisted for a winter test.");
    team.fill("#rationale-" + idea + "-0", "Nothing left to leak or steal.");
    team.fill("#rationale-" + idea + "-1", "About EUR 22 a light at our volumes.");
    team.click(card + " form.answer-form button[type=submit]");
    team.waitForLoadState(LoadState.LOAD);
    assertThat(team.locator(card + " .badge.status")).hasClass(java.util.regex.Pattern.compile("status-shortlisted"));

    // The author reads why, criterion by criterion.
    go(writer, "/i/" + idea);
    assertThat(writer.locator("dl.rationale")).containsText("Nothing left to leak or steal.");
    assertThat(writer.locator("dl.rationale")).containsText("About EUR 22 a light at our volumes.");
    axe(writer, "idea with its rationale");

    // Decided: the firm records a result and delivers it.
    go(team, "/c/" + challenge);
    transition(team, "decided");
    go(team, "/c/" + challenge + "/results");
    team.fill("#result-title", "The Sealed Light");
    team.fill("#result-owner", "Lumen Works");
    team.check("input[name=ideaIds][value='" + idea + "']");
    team.fill("#milestone-title-1", "Winter field test");
    team.fill("#milestone-due-1", "2030-03-01");
    team.click("form[action='/c/" + challenge + "/results'] button[type=submit]");
    team.waitForLoadState(LoadState.LOAD);
    String resultAnchor = team.locator("[id^=result-]:has(form.update-form)").first().getAttribute("id");
    long result = Long.parseLong(resultAnchor.substring("result-".length()));
    team.fill("#update-progress-" + result, "100");
    team.selectOption("#update-status-" + result, "delivered");
    team.fill("#update-note-" + result, "On sale in every shop.");
    team.click("#result-" + result + " form.update-form button[type=submit]");
    team.waitForLoadState(LoadState.LOAD);
    assertThat(team.locator("#progress-" + result)).hasAttribute("value", "100");
    axe(team, "results for the firm");

    // A supporter rates the delivered result.
    Page fan = as(supporters.get(0));
    go(fan, "/c/" + challenge + "/results");
    assertThat(fan.locator("#progress-" + result)).hasAttribute("value", "100");
    fan.check("#result-" + result + " input[name=stars][value='5']");
    fan.fill("#comment-" + result, "Three months of rain and it still works.");
    fan.click("#result-" + result + " form.rate-form button[type=submit]");
    fan.waitForLoadState(LoadState.LOAD);
    assertThat(fan.locator("#result-" + result + " .result-rating")).hasText("Rated 5.0 out of 5 by one supporter");
    browser.screenshot(fan, "whole-round-rated");

    // A visitor sees the same, without forms.
    Page visitor = context();
    go(visitor, "/c/" + challenge + "/results");
    assertThat(visitor.locator("#result-" + result + " .result-rating")).hasText("Rated 5.0 out of 5 by one supporter");
    assertThat(visitor.locator("form.rate-form")).hasCount(0);
    axe(visitor, "results for a visitor");

    // The firm opens the next round, which names this one.
    go(team, "/c/new?org=" + org);
    brief(team, "Winter rear lights");
    team.fill("#previousRound", Long.toString(challenge));
    team.click("form[action='/c/new'] button[type=submit]");
    long next = challengeIdOf(team);
    transition(team, "open");
    assertThat(team.locator(".badge.phase")).hasText("Open");
    assertThat(team.locator(".round-previous a")).hasAttribute("href", "/c/" + challenge);
    assertThat(team.locator(".round-delivered")).containsText("The Sealed Light");
    browser.screenshot(team, "whole-round-next-round");
    go(visitor, "/c/" + challenge);
    assertThat(visitor.locator(".round-next a")).hasAttribute("href", "/c/" + next);
    axe(visitor, "finished round linking the next");

    if (!problems.isEmpty()) {
      Assertions.fail(problems.size() + " accessibility problem(s):\n\n" + String.join("\n\n", problems));
    }
  }
}
