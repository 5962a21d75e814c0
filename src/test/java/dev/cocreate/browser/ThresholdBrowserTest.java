package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("An idea reaching its support threshold, in real browsers")
class ThresholdBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();

  static String axeSource;
  static long challengeId;
  static long ideaId;

  @BeforeAll
  static void start() throws IOException {
    try (InputStream in = ThresholdBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    TestHttp owner = server.http();
    owner.register("thea");
    Resp org = owner.post("/api/orgs", new JsonObject().put("slug", "packco").put("name", "PackCo"));
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    // A long brief, as firms write them: on a phone its later sections must not push the ideas far down.
    String longText = "- " + "A requirement the firm spells out at length, with its reasons and its limits. ".repeat(4);
    String outcomes = String.join("\n", Collections.nCopies(12, longText));
    Resp draft = owner.post("/api/challenges", new JsonObject().put("org", "packco").put("title", "Packaging without plastic")
        .put("summary", "Ship our gear with no single-use plastic.").put("problem", "Every parcel holds three plastic bags.")
        .put("desiredOutcomes", outcomes).put("constraints", outcomes)
        .put("criteria", new JsonArray().add(new JsonObject().put("name", "Plastic saved").put("weight", 3))
            .add(new JsonObject().put("name", "Cost").put("weight", 1)))
        .put("reward", "EUR 2,000").put("ipTerms", outcomes).put("supportThreshold", 2)
        .put("closesAt", OffsetDateTime.now(ZoneOffset.UTC).plusDays(9).plusHours(2).withNano(0).toString()));
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    challengeId = draft.json().getLong("id");
    assertThat(owner.post("/api/challenges/" + challengeId + "/transition", new JsonObject().put("to", "open")).status())
        .isEqualTo(200);
    TestHttp author = server.http();
    author.register("arlo");
    Resp idea = author.post("/api/challenges/" + challengeId + "/ideas", new JsonObject().put("title", "Paper tape and boxes")
        .put("pitch", "Kraft paper tape and boxes.").put("body", "No bags at all.").put("acceptTerms", true));
    assertThat(idea.status()).as(idea.toString()).isEqualTo(201);
    ideaId = idea.json().getLong("id");
    TestHttp first = server.http();
    first.register("fern");
    assertThat(first.put("/api/ideas/" + ideaId + "/support", new JsonObject()).status()).isEqualTo(200);
    server.http().register("tipp");
  }


  static void signIn(Page page, String username) {
    ThreadBrowserTest.signIn(page, server.baseUrl(), username);
  }

  @Test
  @DisplayName("the supporter who reaches it is told so, and open idea and challenge pages show the moment live")
  void theMomentLive() {
    String base = server.baseUrl();
    Page watcher = browser.newContext().newPage();
    watcher.navigate(base + "/i/" + ideaId);
    assertThat(watcher.locator(".idea-support .threshold-text")).hasText("1 / 2 supporters");
    // Before the idea gets there, the "threshold reached" badge is not shown.
    assertThat(watcher.locator(".idea-support .threshold-badge")).isHidden();
    assertThat(watcher.locator(".idea[data-live=live]")).hasCount(1);
    Page board = browser.newContext().newPage();
    board.navigate(base + "/c/" + challengeId);
    assertThat(board.locator(".live-state[data-state=live]")).hasCount(1);

    Page tipper = browser.newContext().newPage();
    signIn(tipper, "tipp");
    tipper.navigate(base + "/i/" + ideaId);
    tipper.click(".idea-support form.support-form button");
    assertThat(tipper.locator(".flash, [role=status]").filter(new Locator.FilterOptions()
        .setHasText("Your support carried"))).hasCount(1);
    assertThat(tipper.locator(".idea-support .threshold-badge")).isVisible();
    browser.screenshot(tipper, "threshold-tipper");

    assertThat(watcher.locator(".threshold-moment")).isVisible();
    assertThat(watcher.locator(".threshold-moment")).hasText(
        "This idea just reached its support threshold: the firm will now review it.");
    assertThat(watcher.locator(".idea-support .threshold-text")).hasText("2 / 2 supporters");
    assertThat(watcher.locator(".idea-support progress")).hasAttribute("value", "2");
    assertThat(watcher.locator(".idea-support .threshold-badge")).isVisible();
    assertThat(watcher.locator(".idea-context .badge.status")).hasText("In review");
    browser.screenshot(watcher, "threshold-watcher");

    assertThat(board.locator("#idea-" + ideaId + " .threshold-badge")).isVisible();
    assertThat(board.locator("#idea-" + ideaId + " .threshold-text")).hasText("2 / 2 supporters");
    assertThat(board.locator("#idea-" + ideaId + " .badge.status")).hasText("In review");
    assertThat(board.locator(".live-state")).containsText("An idea just reached its support threshold: Paper tape and boxes");
    browser.screenshot(board, "threshold-board");
  }

  @Test
  @DisplayName("idea and challenge pages: no axe violations at 360 px, light and dark, English and French; ideas near the top on a phone")
  void accessibleOnAPhone() {
    List<String> problems = new ArrayList<>();
    for (String lang : List.of("en", "fr")) {
      BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740).setBypassCSP(true));
      context.addCookies(List.of(new Cookie(PageLocale.COOKIE, lang).setUrl(server.baseUrl())));
      Page page = context.newPage();
      signIn(page, "fern");
      for (String path : List.of("/i/" + ideaId, "/c/" + challengeId, "/c/" + challengeId + "?sort=recent")) {
        page.navigate(server.baseUrl() + path);
        page.waitForLoadState(LoadState.LOAD);
        problems.addAll(AccessibilityTour.onAPhone(browser, page, lang + " " + path, "threshold-" + lang + "-" + path.replaceAll("[^a-z0-9]", "_")));
        if (path.startsWith("/c/")) {
          double top = ((Number) page.evaluate(
              "() => document.getElementById('ideas-heading').getBoundingClientRect().top + window.scrollY")).doubleValue();
          assertThat(top).as(lang + " " + path + ": where the ideas start on a phone").isLessThan(1600);
          // Without the fold the same brief would push them far below: the test is about the fold.
          page.evaluate("() => document.querySelectorAll('details.brief-more').forEach(d => { d.open = true; })");
          double unfolded = ((Number) page.evaluate(
              "() => document.getElementById('ideas-heading').getBoundingClientRect().top + window.scrollY")).doubleValue();
          assertThat(unfolded).as("the brief unfolded").isGreaterThan(1600);
        }
      }
      context.close();
    }
    if (!problems.isEmpty()) {
      Assertions.fail(problems.size() + " problem(s):\n\n" + String.join("\n\n", problems));
    }
  }
}
