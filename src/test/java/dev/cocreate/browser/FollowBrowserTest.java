package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("Following a thread and reading what is new in it")
class FollowBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  static final LocatorAssertions.HasTextOptions LIVE = new LocatorAssertions.HasTextOptions().setTimeout(10_000);

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static String axe;
  static TestHttp bruno;
  static long threadId;

  @BeforeAll
  static void start() throws IOException {
    try (InputStream in = FollowBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    TestHttp admin = server.http();
    long id = admin.register("fb_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    admin.post("/api/spaces", new JsonObject().put("slug", "garden").put("name", "Garden").put("description", "")
        .put("visibility", "public"));
    bruno = server.http();
    bruno.register("bruno");
    server.http().register("ada");
    threadId = bruno.post("/api/threads", new JsonObject().put("space", "garden").put("title", "Seed swap")
        .put("body", "Bring your seeds on Saturday.")).json().getLong("id");
  }

  @Test
  @DisplayName("Ada follows a thread; Bruno's reply lights up her count and her list live; the notification lands on it and "
      + "marks it read; the list then shows nothing unread")
  void followReplyOpenRead() {
    String base = server.baseUrl();
    Page ada = browser.page();
    ThreadBrowserTest.signIn(ada, base, "ada");

    // Follow from the thread's page, in place (JS): the status says what was saved.
    ada.navigate(base + "/t/" + threadId);
    Locator control = ada.locator(".thread-follow form.watch-form");
    PlaywrightAssertions.assertThat(control.locator("select")).hasValue("tracking");
    control.locator("select").selectOption("watching");
    control.locator("button[type=submit]").click();
    PlaywrightAssertions.assertThat(control.locator(".watch-status")).hasText("Saved: Watching: every new post", LIVE);
    assertThat(ada.url()).isEqualTo(base + "/t/" + threadId);
    assertThat(bruno.get("/api/threads/" + threadId + "/watch").status()).isEqualTo(200);

    // The space's list: Ada read the thread, nothing is unread.
    ada.navigate(base + "/s/garden");
    Locator badges = ada.locator(".unread-badges[data-unread-thread='" + threadId + "']");
    PlaywrightAssertions.assertThat(badges).hasAttribute("data-unread", "0");
    PlaywrightAssertions.assertThat(badges.locator(".unread-count")).isHidden();
    Locator count = ada.locator("a.notifications-link");
    PlaywrightAssertions.assertThat(count).hasText("Notifications (0)");
    ada.evaluate("window.__sameDocument = true");

    // Bruno replies through the API: Ada's count and her list's unread count change live.
    long first = bruno.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Tomatoes and beans here."))
        .json().getLong("id");
    PlaywrightAssertions.assertThat(count).hasText("Notifications (1)", LIVE);
    PlaywrightAssertions.assertThat(badges.locator(".unread-count")).hasText("1 unread", LIVE);
    PlaywrightAssertions.assertThat(badges.locator(".unread-count")).isVisible();
    bruno.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "And some squash."));
    PlaywrightAssertions.assertThat(badges.locator(".unread-count")).hasText("2 unread", LIVE);
    PlaywrightAssertions.assertThat(count).hasText("Notifications (1)");
    assertThat(ada.evaluate("window.__sameDocument === true")).isEqualTo(true);
    browser.screenshot(ada, "follow-list-unread-live");

    // The notification ("2 new posts") lands on the first of them and is read after the click.
    ada.navigate(base + "/notifications");
    Locator item = ada.locator(".notification-list li.notification").first();
    PlaywrightAssertions.assertThat(item).hasClass(Pattern.compile("\\bunread\\b"));
    item.locator("a").click();
    ada.waitForURL("**/t/" + threadId + "/p/**");
    assertThat(ada.url()).endsWith("#p" + first);
    PlaywrightAssertions.assertThat(ada.locator("#p" + first)).isVisible();
    PlaywrightAssertions.assertThat(ada.locator("a.notifications-link")).hasText("Notifications (0)");
    ada.navigate(base + "/notifications");
    PlaywrightAssertions.assertThat(ada.locator(".notification-list li.notification.unread")).hasCount(0);

    // On the thread page, a post that arrives live is read once it scrolls into view.
    ada.navigate(base + "/t/" + threadId);
    long third = bruno.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Pumpkins too.")).json()
        .getLong("id");
    PlaywrightAssertions.assertThat(ada.locator("#p" + third)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(10_000));
    ada.locator("#p" + third).scrollIntoViewIfNeeded();
    Eventually.until("the page reports the live post as read", () -> TestDatabase.queryLong(server.dbUrl(),
        "select coalesce(max(r.last_post_id), 0) from thread_reads r join users u on u.id = r.user_id where u.username = 'ada'"
            + " and r.thread_id = " + threadId) == third);

    // Back on the list: nothing unread.
    ada.navigate(base + "/s/garden");
    PlaywrightAssertions.assertThat(badges).hasAttribute("data-unread", "0", new LocatorAssertions.HasAttributeOptions().setTimeout(10_000));
    PlaywrightAssertions.assertThat(badges.locator(".unread-count")).isHidden();
  }

  @Test
  @DisplayName("the follow control works without JavaScript; the divider marks the first unread post; no axe violations")
  void withoutScriptsAndAccessible() {
    String base = server.baseUrl();
    var context = browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false)
        .setViewportSize(1280, 800).setBypassCSP(true));
    Page page = context.newPage();
    server.http().register("cleo");
    ThreadBrowserTest.signIn(page, base, "cleo");
    page.navigate(base + "/t/" + threadId);
    Locator control = page.locator(".thread-follow form.watch-form");
    control.locator("select").selectOption("muted");
    control.locator("button[type=submit]").click();
    page.waitForURL(base + "/t/" + threadId);
    PlaywrightAssertions.assertThat(page.locator(".thread-follow form.watch-form select")).hasValue("muted");
    page.navigate(base + "/me/following");
    PlaywrightAssertions.assertThat(page.locator(".following-item a").first()).hasText("Seed swap");
    PlaywrightAssertions.assertThat(page.locator(".following-item select")).hasValue("muted");
    context.close();

    // A reader with a position sees the divider before the first post after it.
    // Bypassing the page's CSP only lets the test inject axe-core.
    Page dora = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800)
        .setBypassCSP(true)).newPage();
    TestHttp doraApi = server.http();
    doraApi.register("dora");
    long last = TestDatabase.queryLong(server.dbUrl(), "select max(id) from posts where thread_id = " + threadId);
    doraApi.post("/api/threads/" + threadId + "/read", new JsonObject().put("postId", last));
    long fresh = bruno.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Who brings pots?")).json()
        .getLong("id");
    ThreadBrowserTest.signIn(dora, base, "dora");
    dora.navigate(base + "/s/garden");
    PlaywrightAssertions.assertThat(dora.locator(".unread-badges[data-unread-thread='" + threadId + "'] .unread-count"))
        .hasText("1 unread");
    List<String> problems = new ArrayList<>(violations(dora, "space list"));
    dora.navigate(base + "/t/" + threadId);
    Locator divider = dora.locator("li.unread-divider");
    PlaywrightAssertions.assertThat(divider).hasText("New since your last visit");
    assertThat((Boolean) dora.evaluate("() => document.querySelector('li.unread-divider').nextElementSibling.id === 'p" + fresh
        + "'")).isTrue();
    PlaywrightAssertions.assertThat(dora.locator(".unread-jump a")).hasAttribute("href", "#p" + fresh);
    problems.addAll(violations(dora, "thread page"));
    browser.screenshot(dora, "follow-thread-divider");
    dora.navigate(base + "/me/following");
    problems.addAll(violations(dora, "following page"));
    dora.navigate(base + "/notifications");
    problems.addAll(violations(dora, "notifications page"));
    // In French, at 360 px: the longer words still fit.
    dora.context().addCookies(List.of(new Cookie("cc_locale", "fr").setUrl(base)));
    dora.setViewportSize(360, 740);
    dora.navigate(base + "/t/" + threadId);
    problems.addAll(violations(dora, "thread page in French at 360 px"));
    Object widths = dora.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
    List<?> w = (List<?>) widths;
    assertThat(((Number) w.get(0)).intValue()).as("no sideways scroll at 360 px").isLessThanOrEqualTo(((Number) w.get(1)).intValue());
    browser.screenshot(dora, "follow-thread-fr-360");
    assertThat(problems).isEmpty();
  }

  /** axe-core's WCAG findings in light, then the dark palette's contrast. */
  static List<String> violations(Page page, String where) {
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
    List<String> out = new ArrayList<>(AccessibilityTour.axeViolations(page, where, new JsonObject()
        .put("runOnly", new JsonObject().put("type", "tag").put("values", AccessibilityTour.WCAG_TAGS))));
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
    out.addAll(AccessibilityTour.axeViolations(page, where + " in dark mode", AccessibilityTour.DARK_RULES.copy()));
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    return out;
  }
}
