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
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("A live debate in two browsers")
class LiveThreadBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static long threadId;
  static long nestedParentId;

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    long id = admin.register("live_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    admin.post("/api/spaces", new JsonObject().put("slug", "live").put("name", "Live").put("description", "").put("visibility", "public"));
    TestHttp olga = server.http();
    olga.register("olga");
    server.http().register("piet");
    JsonObject thread = olga.post("/api/threads", new JsonObject().put("space", "live").put("title", "Live debate")
        .put("body", "Opening")).json();
    threadId = thread.getLong("id");
    long first = thread.getJsonObject("firstPost").getLong("id");
    long a = olga.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Branch A").put("parentId", first)).json().getLong("id");
    nestedParentId = olga.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Deeper in A").put("parentId", a))
        .json().getLong("id");
    olga.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Branch B").put("parentId", first));
  }

  @Test
  @DisplayName("one member replies to a nested post; the other sees it in the right place within a second, without reload")
  void replyAppearsLiveInTheOtherBrowser() {
    String base = server.baseUrl();
    Page olga = browser.page();
    ThreadBrowserTest.signIn(olga, base, "olga");
    Page piet = browser.newPage();
    ThreadBrowserTest.signIn(piet, base, "piet");

    olga.navigate(base + "/t/" + threadId);
    piet.navigate(base + "/t/" + threadId);
    PlaywrightAssertions.assertThat(piet.locator(".live-state")).hasText("Live");
    PlaywrightAssertions.assertThat(olga.locator(".live-state")).hasText("Live");
    // Piet's page must not reload: a marker on the window would be lost if it did.
    piet.evaluate("window.__sameDocument = true");

    Locator target = olga.locator("#p" + nestedParentId);
    target.locator(":scope > article details.reply-box > summary").click();
    // With scripts, a post's Reply opens the composer (webroot/js/composer.js).
    olga.locator("#composer-body").fill("A reply that travels live");
    long sent = System.nanoTime();
    olga.locator("#composer .composer-submit").click();

    Locator arrived = piet.locator("#p" + nestedParentId + " > details.branch > ol.replies > li.post");
    PlaywrightAssertions.assertThat(arrived).containsText("A reply that travels live",
        new LocatorAssertions.ContainsTextOptions().setTimeout(1000));
    long millis = (System.nanoTime() - sent) / 1_000_000;
    assertThat(millis).as("ms from click to the other browser").isLessThan(1000);
    assertThat(piet.evaluate("window.__sameDocument === true")).isEqualTo(true);
    PlaywrightAssertions.assertThat(arrived).hasClass(Pattern.compile("just-arrived"));
    browser.screenshot(piet, "live-other-browser");
  }
}
