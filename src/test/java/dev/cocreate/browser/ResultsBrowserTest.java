package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestHttp;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("Results and the next round, in a real browser")
class ResultsBrowserTest {
  @RegisterExtension static BrowserSupport browser = new BrowserSupport();
  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  static Community community;
  static String firm;
  static String supporter;
  static long previous;
  static long next;
  static long idea;
  static long result;

  @BeforeAll
  static void start() throws IOException {
    community = Community.in(server);
    TestHttp owner = community.freshMember("rb_firm");
    firm = community.username(owner);
    String org = community.org(owner);
    TestHttp amy = community.freshMember("rb_amy");
    TestHttp fan = community.freshMember("rb_fan");
    supporter = community.username(fan);
    previous = community.openChallenge(owner, org, new JsonObject().put("title", "Refill stations for stoves"));
    idea = community.submitIdea(amy, previous, "Gas canister refills in shops").getLong("id");
    fan.put("/api/ideas/" + idea + "/support", null);
    community.moveChallenge(owner, previous, "review");
    community.moveChallenge(owner, previous, "decided");
    result = community.recordResult(owner, previous, "Refill pilot in twelve shops", List.of(idea)).getLong("id");
    community.updateResult(owner, result, 100, "delivered", "Every shop refills canisters now.");
    next = community.draftChallenge(owner, org, new JsonObject().put("title", "Refills, round two").put("previousRound", previous))
        .getLong("id");
  }

  static void signIn(Page page, String username) {
    ThreadBrowserTest.signIn(page, server.baseUrl(), username);
  }

  @Test
  @DisplayName("a supporter rates the delivered result with the keyboard, and the firm opens the next round, which shows what the first delivered")
  void rateThenOpenTheNextRound() {
    String base = server.baseUrl();
    Page fan = browser.newContext().newPage();
    signIn(fan, supporter);
    fan.navigate(base + "/c/" + previous + "/results");
    assertThat(fan.locator("#progress-" + result)).hasAttribute("value", "100");
    fan.locator("#result-" + result + " input[name=stars][value='4']").focus();
    fan.keyboard().press("Space");
    fan.locator("#comment-" + result).focus();
    fan.keyboard().type("Works, a bit slow at first");
    fan.keyboard().press("Tab");
    fan.keyboard().press("Enter");
    fan.waitForURL(u -> u.contains("/c/" + previous + "/results"));
    assertThat(fan.locator("#result-" + result + " .result-rating")).hasText("Rated 4.0 out of 5 by one supporter");
    browser.screenshot(fan, "results-rated");

    Page team = browser.newContext().newPage();
    signIn(team, firm);
    team.navigate(base + "/c/" + next);
    team.fill("#round-reason", "");
    team.click("form.round-opening button[type=submit]");
    assertThat(team.locator(".badge.phase")).hasText("Open");
    assertThat(team.locator(".round-delivered")).containsText("Refill pilot in twelve shops");
    assertThat(team.locator(".round-previous a")).hasAttribute("href", "/c/" + previous);
    browser.screenshot(team, "results-next-round");
  }

  @Test
  @DisplayName("results, idea and challenge pages with rounds: no axe violations at 360 px, light and dark, English and French")
  void accessibleOnAPhone() {
    List<String> problems = new ArrayList<>();
    for (String lang : List.of("en", "fr")) {
      // The firm's forms in English, a supporter's rating form in French: each page once per language.
      for (String who : List.of(lang.equals("en") ? firm : supporter)) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740).setBypassCSP(true));
        context.addCookies(List.of(new Cookie(PageLocale.COOKIE, lang).setUrl(server.baseUrl())));
        Page page = context.newPage();
        signIn(page, who);
        for (String path : List.of("/c/" + previous + "/results", "/i/" + idea, "/c/" + next, "/c/" + previous)) {
          page.navigate(server.baseUrl() + path);
          page.waitForLoadState(LoadState.LOAD);
          problems.addAll(AccessibilityTour.onAPhone(browser, page, lang + " " + who + " " + path, "results-" + lang + "-" + path.replaceAll("[^a-z0-9]", "_")));
        }
        context.close();
      }
    }
    if (!problems.isEmpty()) {
      Assertions.fail(problems.size() + " problem(s):\n\n" + String.join("\n\n", problems));
    }
  }
}
