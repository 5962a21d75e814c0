package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.Community;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jury's screen in Chromium: a judge scores an idea and steps aside from another with the
 * keyboard alone, and the screen and the review board pass axe in English and French, light and
 * dark, without sideways scrolling at 360 px.
 */
@Tag("browser")
@DisplayName("A judge scores with the keyboard alone, on accessible pages in both languages")
class JuryBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  static final String PASSWORD = "correct horse battery";
  static TestServer server;
  static long challengeId;
  static long scoredIdea;
  static long conflictIdea;

  @BeforeAll
  static void start() throws IOException {
    try (InputStream in = JuryBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      AccessibilityTour.axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    server = DemoSite.get();
    AccessibilityTour.server = server;
    TestHttp firm = server.http();
    firm.register("jb_firm");
    assertThat(firm.post("/api/orgs", new JsonObject().put("slug", "jb-firm").put("name", "Juried firm")).status()).isEqualTo(201);
    Resp created = firm.post("/api/challenges", Community.brief("jb-firm"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    challengeId = created.json().getLong("id");
    firm.post("/api/challenges/" + challengeId + "/transition", new JsonObject().put("to", "open"));
    TestHttp author = server.http();
    author.register("jb_author");
    scoredIdea = author.post("/api/challenges/" + challengeId + "/ideas", Community.idea("Ripstop patches")).json().getLong("id");
    conflictIdea = author.post("/api/challenges/" + challengeId + "/ideas", Community.idea("My cousin's poles")).json().getLong("id");
    firm.post("/api/challenges/" + challengeId + "/transition", new JsonObject().put("to", "review"));
    server.http().register("jb_judge");
    Resp named = firm.put("/api/challenges/" + challengeId + "/jury", new JsonObject().put("judges", new JsonArray().add("jb_judge")));
    assertThat(named.status()).as(named.toString()).isEqualTo(200);
  }

  @Test
  @DisplayName("sign in, score an idea (a field per criterion and a note) and declare a conflict on another, with Tab, typing and Enter")
  void scoreWithTheKeyboard() {
    Page page = browser.page();
    Keyboard keys = page.keyboard();
    String base = server.baseUrl();
    page.navigate(base + "/login");
    KeyboardBrowserTest.tabTo(page, "#login");
    keys.type("jb_judge");
    KeyboardBrowserTest.tabTo(page, "#password");
    keys.type(PASSWORD);
    keys.press("Enter");
    page.waitForURL(base + "/");

    page.navigate(base + "/c/" + challengeId + "/jury");
    KeyboardBrowserTest.tabTo(page, "#score-" + scoredIdea + "-0");
    keys.type("8");
    KeyboardBrowserTest.tabTo(page, "#score-" + scoredIdea + "-1");
    keys.type("4");
    KeyboardBrowserTest.tabTo(page, "#note-" + scoredIdea);
    keys.type("Light, but the patches need testing in rain.");
    KeyboardBrowserTest.tabTo(page, "#idea-" + scoredIdea + " form.score-form button[type=submit]");
    keys.press("Enter");
    assertThat(page.locator("#idea-" + scoredIdea + " .jury-tally")).containsText("6.67");
    page.waitForLoadState(LoadState.LOAD);
    assertThat(page.locator("#score-" + scoredIdea + "-0")).hasValue("8");

    KeyboardBrowserTest.tabTo(page, "#idea-" + conflictIdea + " form.conflict-form button");
    keys.press("Enter");
    // The server asks before a judge steps aside for good.
    page.waitForURL(url -> url.endsWith("/i/" + conflictIdea + "/conflict"));
    page.waitForLoadState(LoadState.LOAD);
    KeyboardBrowserTest.tabTo(page, "form.confirm-form button[type=submit]");
    keys.press("Enter");
    page.waitForURL(url -> url.endsWith("/c/" + challengeId + "/jury"));
    assertThat(page.locator("#idea-" + conflictIdea)).hasCount(0);
    browser.screenshot(page, "jury-scored");

    TestHttp judge = server.http();
    judge.token(judge.post("/api/auth/login", new JsonObject().put("login", "jb_judge").put("password", PASSWORD)).json()
        .getString("token"));
    assertThat(judge.put("/api/ideas/" + conflictIdea + "/score", new JsonObject()
        .put("scores", new JsonObject().put("Weight saved", 1).put("Cost", 1)).put("note", "n")).status()).isEqualTo(403);
  }

  @Test
  @DisplayName("the jury's screen and the review board: no axe violations in English and French, light and dark, no sideways scrolling")
  void accessibleInBothLanguages() {
    List<String> problems = new ArrayList<>();
    for (String lang : List.of("en", "fr")) {
      check(lang, "jb_judge", "/c/" + challengeId + "/jury", problems);
      check(lang, "jb_firm", "/c/" + challengeId + "/jury", problems);
      check(lang, "jb_firm", "/c/" + challengeId + "/review", problems);
    }
    assertThat(problems).isEmpty();
  }

  private void check(String lang, String username, String path, List<String> problems) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setBypassCSP(true));
    context.addCookies(List.of(new Cookie(PageLocale.COOKIE, lang).setUrl(server.baseUrl())));
    Page page = context.newPage();
    AccessibilityTour.signIn(page, username, PASSWORD);
    page.navigate(server.baseUrl() + path);
    page.waitForLoadState(LoadState.LOAD);
    String at = lang + " " + username + " " + path;
    if (!lang.equals(page.getAttribute("html", "lang"))) {
      problems.add(at + ": the page is not in " + lang);
    }
    problems.addAll(AccessibilityTour.axeViolations(page, at + " at 1280 px"));
    for (Object problem : (List<?>) page.evaluate(AccessibilityTour.STRUCTURE_CHECK)) {
      problems.add(at + ": " + problem);
    }
    page.setViewportSize(360, 740);
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
    problems.addAll(AccessibilityTour.axeViolations(page, at + " in dark mode at 360 px", AccessibilityTour.DARK_RULES));
    String shot = "jury-" + lang + "-" + username + path.replace('/', '-');
    browser.screenshot(page, shot + "-360-dark");
    List<?> w = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
    if (((Number) w.get(0)).intValue() > ((Number) w.get(1)).intValue()) {
      problems.add(at + ": scrolls sideways at 360 px (" + w.get(0) + " px wide)");
    }
    context.close();
  }
}
