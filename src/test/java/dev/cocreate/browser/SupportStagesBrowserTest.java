package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestClock;
import dev.cocreate.support.TestHttp;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("Support stages and budgets in a real browser: accessible, and moving live")
class SupportStagesBrowserTest {
  @RegisterExtension static BrowserSupport browser = new BrowserSupport();
  static final TestClock clock = TestClock.startingNow();
  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject(), clock);
  static Community community;
  static String axeSource;
  static String author;
  static long challenge;
  static long nearStage;
  static long expired;

  @BeforeAll
  static void setUp() throws IOException {
    try (InputStream in = SupportStagesBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    community = Community.in(server);
    TestHttp owner = community.freshMember("owner");
    String org = community.org(owner);
    challenge = community.stagedChallenge(owner, org, Community.twoStages(), 5, clock.instant());
    TestHttp writer = community.freshMember("author");
    author = community.username(writer);
    nearStage = community.submitIdea(writer, challenge, "Refill stations at trailheads").getLong("id");
    community.supportersViaSql(nearStage, "fans", 99);
    expired = community.submitIdea(writer, challenge, "Stove rental by the day").getLong("id");
    community.exec("update ideas set stage_deadline = now() - interval '400 days' where id = " + expired);
    community.awaitCount("select count(*) from ideas where id = " + expired + " and status = 'expired'", 1);
  }

  @Test
  @DisplayName("The open idea page moves its stage bar to the next stage when the 100th supporter arrives")
  void theStageBarMovesLive() {
    Page watcher = browser.newContext().newPage();
    watcher.navigate(server.baseUrl() + "/i/" + nearStage);
    assertThat(watcher.locator(".idea-support .threshold-text")).hasText("99 / 100 supporters, stage 1 of 2");
    assertThat(watcher.locator(".idea[data-live=live]")).hasCount(1);

    TestHttp hundredth = community.freshMember("hundredth");
    org.assertj.core.api.Assertions.assertThat(hundredth.put("/api/ideas/" + nearStage + "/support", null).status())
        .isEqualTo(200);
    assertThat(watcher.locator(".idea-support .threshold-text")).hasText("100 / 200 supporters, stage 2 of 2");
    assertThat(watcher.locator(".idea-support progress")).hasAttribute("max", "200");
    assertThat(watcher.locator(".idea-support .closes-in")).hasText("425 days left");
    browser.screenshot(watcher, "stages-live");
  }

  @Test
  @DisplayName("The challenge page and an expired idea's page with its resubmit button: no axe violations, light and dark, 360 px")
  void accessible() {
    List<String> problems = new ArrayList<>();
    for (String lang : List.of("en", "fr")) {
      BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740).setBypassCSP(true));
      context.addCookies(List.of(new Cookie(PageLocale.COOKIE, lang).setUrl(server.baseUrl())));
      Page page = context.newPage();
      ThreadBrowserTest.signIn(page, server.baseUrl(), author);
      for (String path : List.of("/c/" + challenge, "/i/" + expired, "/i/" + nearStage)) {
        page.navigate(server.baseUrl() + path);
        page.waitForLoadState(LoadState.LOAD);
        problems.addAll(AccessibilityTour.onAPhone(browser, page, lang + " " + path, "stages-" + lang + "-" + path.replaceAll("[^a-z0-9]", "_")));
      }
      context.close();
    }
    if (!problems.isEmpty()) {
      Assertions.fail(problems.size() + " problem(s):\n\n" + String.join("\n\n", problems));
    }
  }
}
