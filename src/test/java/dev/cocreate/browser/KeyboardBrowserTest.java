package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Keyboard;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.cocreate.DemoCommunity;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member who cannot use a mouse: every step is Tab, Shift+Tab, Enter or typing, from the top of
 * a freshly loaded page. No clicks, and no script moves the focus for the test.
 */
@Tag("browser")
@DisplayName("A member does everything with the keyboard alone")
class KeyboardBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  static TestServer server;
  static long threadId;
  static long nestedPostId;
  static long votedPostId;
  static long otherVotedPostId;
  static long challengeId;

  @BeforeAll
  static void start() {
    server = DemoSite.get();
    TestHttp http = server.http();
    Resp login = http.post("/api/auth/login", new JsonObject().put("login", "dave").put("password", DemoCommunity.PASSWORD));
    http.token(login.json().getString("token"));
    for (Object o : http.get("/api/spaces/general/threads").items()) {
      if (((JsonObject) o).getString("title").startsWith("Welcome")) {
        threadId = ((JsonObject) o).getLong("id");
      }
    }
    for (Object o : http.get("/api/threads/" + threadId + "/posts?limit=100").items()) {
      JsonObject p = (JsonObject) o;
      // Bob's question sits two levels down; Carol's answer three.
      if (p.getString("body", "").startsWith("Rain camping")) {
        votedPostId = p.getLong("id");
      }
      if (p.getString("body", "").startsWith("Zips, every time")) {
        otherVotedPostId = p.getLong("id");
      }
      if (p.getString("body", "").startsWith("Same here")) {
        nestedPostId = p.getLong("id");
      }
    }
    assertThat(nestedPostId).isPositive();
    challengeId = http.get("/api/challenges?status=open&org=acme").items().getJsonObject(0).getLong("id");
    // Dave may not support his own idea, and the demo leaves him one other to support: each of the two
    // tours below needs one, so a newcomer adds another.
    TestHttp newcomer = server.http();
    newcomer.register("kb_newcomer");
    assertThat(newcomer.post("/api/challenges/" + challengeId + "/ideas", new JsonObject().put("title", "Zip pulls you can grip")
        .put("pitch", "Longer zip pulls for gloved hands.").put("body", "Cord loops on every zip.").put("acceptTerms", true))
        .status()).isEqualTo(201);
  }

  @Test
  @DisplayName("sign in, reply to a nested post, vote and support an idea with Tab and Enter")
  void replyVoteSupport() {
    replyVoteSupport(browser.page(), votedPostId, "Typed without a mouse: silicone oil works on frozen zips.", true);
  }

  @Test
  @DisplayName("the same with JavaScript off: every action is a form that posts and comes back")
  void replyVoteSupportWithoutJavaScript() {
    Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setJavaScriptEnabled(false))
        .newPage();
    replyVoteSupport(page, otherVotedPostId, "Typed before any script loaded: a candle stub works too.", false);
  }

  private void replyVoteSupport(Page page, long voteOn, String reply, boolean scripts) {
    String base = server.baseUrl();
    Keyboard keys = page.keyboard();

    page.navigate(base + "/login");
    tabTo(page, "#login");
    keys.type("dave");
    tabTo(page, "#password");
    keys.type(DemoCommunity.PASSWORD);
    keys.press("Enter");
    page.waitForURL(base + "/");

    // Reply to a post three levels down: open its reply box, write, send.
    page.navigate(base + "/t/" + threadId);
    String post = "#p" + nestedPostId + " > article";
    tabTo(page, post + " details.reply-box > summary");
    keys.press("Enter");
    if (scripts) {
      // The composer opens with the caret in its box (webroot/js/composer.js).
      assertThat(page.locator("#composer-body")).isFocused();
      keys.type(reply);
      tabTo(page, "#composer .composer-submit");
    } else {
      tabTo(page, post + " textarea");
      keys.type(reply);
      tabTo(page, post + " form.reply-form button[type=submit]");
    }
    keys.press("Enter");
    assertThat(page.locator("#p" + nestedPostId + " > details.branch > ol.replies > li.post")
        .filter(new Locator.FilterOptions().setHasText(reply))).hasCount(1);

    // Vote a post up.
    page.navigate(base + "/t/" + threadId);
    String up = "#p" + voteOn + " > article .vote.up";
    String before = page.locator("#p" + voteOn + " > article .score").textContent().trim();
    tabTo(page, up);
    keys.press("Enter");
    assertThat(page.locator(up)).hasAttribute("aria-pressed", "true");
    assertThat(page.locator("#p" + voteOn + " > article .score")).hasText(String.valueOf(Integer.parseInt(before) + 1));

    // Support an idea from the challenge's leaderboard.
    page.navigate(base + "/c/" + challengeId);
    // The first idea dave has not supported yet, as the page shows it.
    String card = "#" + page.locator(".idea-card:has(form.support-form button[aria-pressed=false])").first().getAttribute("id");
    int supports = Integer.parseInt(page.locator(card + " .support-count").textContent().trim());
    tabTo(page, card + " form.support-form button");
    keys.press("Enter");
    assertThat(page.locator(card + " .support-count")).hasText(String.valueOf(supports + 1));
    assertThat(page.locator(card + " form.support-form button")).containsText("Supported");
    // The live indicator only shows once the page's script runs: proof of which mode this was.
    if (scripts) {
      assertThat(page.locator(".live-state")).isVisible();
    } else {
      assertThat(page.locator(".live-state")).isHidden();
    }
    browser.screenshot(page, scripts ? "keyboard-supported" : "keyboard-no-js-supported");
  }

  /**
   * Presses Tab until the element matching the selector has the focus, and checks that the focus
   * shows (a visible outline), as a sighted keyboard user needs it to.
   */
  static void tabTo(Page page, String selector) {
    for (int i = 0; i < 400; i++) {
      page.keyboard().press("Tab");
      if ((Boolean) page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)", selector)) {
        Object outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle");
        assertThat(outline).as("the focus ring on " + selector).isNotEqualTo("none");
        return;
      }
    }
    Assertions.fail("Tab never reached " + selector + "; focus ended on "
        + page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)"));
  }
}
