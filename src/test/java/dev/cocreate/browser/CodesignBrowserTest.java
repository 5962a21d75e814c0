package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import dev.cocreate.upload.TestImages;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Co-design's pages (the idea page's block, iterations and their diffs, amendments) checked as
 * AccessibilityTour checks every page: axe-core's WCAG 2.2 AA rules, the dark palette's
 * contrast at 360 px, no sideways scrolling, in English and French, as an author and as an invitee;
 * and an idea page that follows a new iteration live.
 */
@Tag("browser")
@DisplayName("Co-design pages are accessible and fit a 360 px phone, in English and French")
class CodesignBrowserTest {
  @RegisterExtension static BrowserSupport browser = new BrowserSupport();
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  static Community community;
  static String author;
  static String invitee;
  static long idea;
  static long amendment;

  @BeforeAll
  static void start() throws IOException {
    community = Community.in(server);
    TestHttp authorHttp = community.freshMember("author");
    TestHttp inviteeHttp = community.freshMember("invitee");
    TestHttp proposer = community.freshMember("proposer");
    author = community.username(authorHttp);
    invitee = community.username(inviteeHttp);
    JsonObject created = community.ideaToCodesign(community.freshMember("firm"), authorHttp, "A tent for long trails");
    idea = created.getLong("id");
    // With an image and a PDF attached, so the tour checks their list too.
    String drawing = Community.uploaded(authorHttp, "fly sheet.png", "image/png", TestImages.png(40, 30)).getString("url");
    String plan = Community.uploaded(authorHttp, "pole plan.pdf", "application/pdf", Community.pdf("Poles")).getString("url");
    assertThat(community.iterateWith(authorHttp, idea, "Carbon poles instead of aluminium, a lighter fly sheet and taped seams",
        "Details of a *tent for long trails*.\nNow with carbon poles and a much lighter fly sheet, seams taped.", drawing, plan)
        .status()).isEqualTo(201);
    amendment = community.amend(proposer, idea, "Details of a *tent for long trails*.\nNow with carbon poles.",
        "Keep it simple").getLong("id");
    community.reply(proposer, created.getLong("threadId"), "What about a footprint that doubles as a tarp?");
    community.coauthor(authorHttp, idea, inviteeHttp, false);
  }

  @Test
  @DisplayName("no axe violations, light and dark, and no sideways scrolling")
  void accessible() {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> tours = Map.of(
        author, List.of("/i/" + idea, "/i/" + idea + "/iterations?from=1&to=2", "/i/" + idea + "/iterations/1",
            "/i/" + idea + "/amendments", "/i/" + idea + "/amendments/" + amendment),
        invitee, List.of("/i/" + idea));
    for (String lang : List.of("en", "fr")) {
      tours.forEach((who, paths) -> tour(lang, who, paths, problems));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName("a reader's idea page says a new iteration was published, without a reload and keeping a half-written reply")
  void liveIteration() {
    TestHttp readerHttp = community.freshMember("reader");
    BrowserContext readerContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    BrowserContext authorContext = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    try {
      Page reader = signIn(readerContext, community.username(readerHttp));
      reader.navigate(server.baseUrl() + "/i/" + idea);
      reader.waitForSelector("article.idea[data-live='live']");
      reader.evaluate("() => { window.notReloaded = true; }");
      // With script, a reply is written in the composer.
      reader.click(".composer-open-button");
      reader.fill("#composer-body", "Half of a reply about the poles");
      int before = Integer.parseInt(reader.textContent("#codesign .iteration-line").replaceAll("(?s)\\D*(\\d+).*", "$1"));

      // The author publishes through the page's form, with a PDF, as a browser without script would.
      Page writer = signIn(authorContext, author);
      writer.navigate(server.baseUrl() + "/i/" + idea + "/iterations");
      writer.fill("#summary", "A footprint that doubles as a tarp");
      writer.fill("#body", "Details of a *tent for long trails*.\nNow with a footprint that doubles as a tarp.");
      writer.setInputFiles("#attachment-file", new FilePayload("tarp.pdf", "application/pdf", Community.pdf("Tarp")));
      writer.click("#new-iteration button[type=submit]");
      writer.waitForURL(server.baseUrl() + "/i/" + idea);

      reader.waitForSelector("#codesign .iteration-notice:not([hidden])");
      assertThat(reader.textContent("#codesign .iteration-notice")).contains("A new iteration was published")
          .contains(Integer.toString(before + 1));
      assertThat(reader.getAttribute("#codesign .iteration-notice", "role")).isEqualTo("status");
      reader.waitForSelector("#codesign .iteration-block a:has-text('tarp.pdf')");
      assertThat(reader.textContent(".idea-body")).contains("doubles as a tarp");
      assertThat(reader.evaluate("() => window.notReloaded === true")).isEqualTo(true);
      assertThat(reader.inputValue("#composer-body")).isEqualTo("Half of a reply about the poles");
      assertThat(reader.isVisible("#composer")).isTrue();
    } finally {
      readerContext.close();
      authorContext.close();
    }
  }

  private Page signIn(BrowserContext context, String username) {
    Page page = context.newPage();
    page.navigate(server.baseUrl() + "/login");
    page.fill("#login", username);
    page.fill("#password", "correct horse battery");
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL(server.baseUrl() + "/");
    return page;
  }

  private void tour(String lang, String username, List<String> paths, List<String> problems) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setBypassCSP(true));
    context.addCookies(List.of(new Cookie(PageLocale.COOKIE, lang).setUrl(server.baseUrl())));
    Page page = context.newPage();
    page.navigate(server.baseUrl() + "/login");
    page.fill("#login", username);
    page.fill("#password", "correct horse battery");
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL(server.baseUrl() + "/");
    int k = 0;
    for (String path : paths) {
      page.navigate(server.baseUrl() + path);
      page.waitForLoadState(LoadState.LOAD);
      String at = lang + " " + username + " " + path;
      int before = problems.size();
      if (!lang.equals(page.getAttribute("html", "lang"))) {
        problems.add(at + ": the page is not in " + lang);
      }
      page.addScriptTag(new Page.AddScriptTagOptions().setContent(AccessibilityTour.axeSource()));
      problems.addAll(AccessibilityTour.axeViolations(page, at + " at 1280 px", new JsonObject().put("runOnly",
          new JsonObject().put("type", "tag").put("values", AccessibilityTour.WCAG_TAGS))));
      for (Object problem : (List<?>) page.evaluate(AccessibilityTour.STRUCTURE_CHECK)) {
        problems.add(at + ": " + problem);
      }
      String shot = "codesign-" + lang + "-" + (username.equals(author) ? "author" : "invitee") + "-" + (k++);
      if (problems.size() > before) {
        browser.screenshot(page, shot + "-1280");
      }
      before = problems.size();
      page.setViewportSize(360, 740);
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
      problems.addAll(AccessibilityTour.axeViolations(page, at + " in dark mode at 360 px",
          AccessibilityTour.DARK_RULES.copy()));
      if (problems.size() > before) {
        browser.screenshot(page, shot + "-360-dark");
      }
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
      List<?> w = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
      if (((Number) w.get(0)).intValue() > ((Number) w.get(1)).intValue()) {
        problems.add(at + ": scrolls sideways at 360 px (" + w.get(0) + " px wide); see target/screenshots/" + shot + "-360.png");
        browser.screenshot(page, shot + "-360");
      }
      page.setViewportSize(1280, 800);
    }
    context.close();
  }
}
