package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("The notification count in the header")
class NotificationBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static long threadId;

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    long id = admin.register("nb_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    admin.post("/api/spaces", new JsonObject().put("slug", "commons").put("name", "Commons").put("description", "")
        .put("visibility", "public"));
    TestHttp rosa = server.http();
    rosa.register("rosa");
    server.http().register("sven");
    threadId = rosa.post("/api/threads", new JsonObject().put("space", "commons").put("title", "Community garden")
        .put("body", "Who wants a plot?")).json().getLong("id");
  }

  @Test
  @DisplayName("a mention in a reply lights up the mentioned member's count live, without reload")
  void mentionLightsUpTheCount() {
    String base = server.baseUrl();
    Page sven = browser.page();
    ThreadBrowserTest.signIn(sven, base, "sven");
    sven.navigate(base + "/s/commons");
    Locator count = sven.locator("a.notifications-link");
    PlaywrightAssertions.assertThat(count).hasText("Notifications (0)");
    PlaywrightAssertions.assertThat(count).hasAttribute("aria-label", "Notifications, 0 unread");
    sven.evaluate("window.__sameDocument = true");

    Page rosa = browser.newPage();
    ThreadBrowserTest.signIn(rosa, base, "rosa");
    rosa.navigate(base + "/t/" + threadId);
    Locator first = rosa.locator(".post-tree > li.post").first();
    first.locator(":scope > article details.reply-box > summary").click();
    first.locator(":scope > article textarea").fill("Sven, @sven, you wanted the sunny plot?");
    first.locator(":scope > article form.reply-form button[type=submit]").click();

    PlaywrightAssertions.assertThat(count).hasText("Notifications (1)", new LocatorAssertions.HasTextOptions().setTimeout(5000));
    PlaywrightAssertions.assertThat(count).hasAttribute("aria-label", "Notifications, 1 unread");
    // Screen readers do not read a changed label: the polite status region says it instead.
    PlaywrightAssertions.assertThat(sven.locator("header .notifications-status[role=status][aria-live=polite]"))
        .hasText("New notification: 1 unread");
    assertThat(sven.evaluate("window.__sameDocument === true")).isEqualTo(true);
    browser.screenshot(sven, "notification-count-live");

    // The notifications page lists it; marking all read sets the header back to 0.
    sven.navigate(base + "/notifications");
    PlaywrightAssertions.assertThat(sven.locator(".notification-list li").first()).containsText("ROSA mentioned you in Community garden");
    sven.locator("form[action='/notifications/read'] button[type=submit]").click();
    PlaywrightAssertions.assertThat(sven.locator("a.notifications-link")).hasText("Notifications (0)");
  }
}
