package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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
@DisplayName("Threads in a real browser")
class ThreadBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    long id = admin.register("browser_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    admin.post("/api/spaces", new JsonObject().put("slug", "agora").put("name", "Agora").put("description", "Open debate")
        .put("visibility", "public"));
    server.http().register("nina");
  }

  static void signIn(Page page, String base, String username) {
    page.navigate(base + "/login");
    page.fill("#login", username);
    page.fill("#password", "correct horse battery");
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL(base + "/");
  }

  @Test
  @DisplayName("sign in, start a thread, reply to a reply, see it nested, edit it and read its history")
  void startReplyNestEdit() {
    String base = server.baseUrl();
    Page page = browser.page();
    signIn(page, base, "nina");

    page.navigate(base + "/s/agora");
    page.click("text=Start a thread");
    page.fill("#title", "Where should the repair café go?");
    page.fill("#body", "We could host it **in store** on Saturdays.");
    page.fill("#tags", "repair, community");
    page.click("form[action='/s/agora/new'] button[type=submit]");
    PlaywrightAssertions.assertThat(page.locator("h1")).containsText("Where should the repair café go?");
    Locator first = page.locator("ol.post-tree > li.post").first();
    String firstId = first.getAttribute("data-post-id");

    // Reply to the opening post from its Reply, which opens the composer (webroot/js/composer.js).
    first.locator(":scope > article details.reply-box > summary").click();
    page.locator("#composer-body").fill("Saturdays clash with the market; Sundays?");
    page.locator("#composer .composer-submit").click();
    Locator reply = page.locator("#p" + firstId + " > details.branch > ol.replies > li.post").first();
    PlaywrightAssertions.assertThat(reply).containsText("Sundays?");
    String replyId = reply.getAttribute("data-post-id");

    // Reply to that reply: it appears nested under it, without a reload.
    reply.locator(":scope > article details.reply-box > summary").click();
    page.locator("#composer-body").fill("Sundays work for the volunteers.");
    page.locator("#composer .composer-submit").click();
    Locator nested = page.locator("#p" + replyId + " > details.branch > ol.replies > li.post");
    PlaywrightAssertions.assertThat(nested).containsText("Sundays work for the volunteers.");
    browser.screenshot("thread-nested");

    // After a reload, the tree is the same: the nesting came from the server, not only the script.
    page.reload();
    PlaywrightAssertions.assertThat(page.locator("#p" + firstId + " > details.branch > ol.replies > #p" + replyId + " > details.branch > ol.replies > li.post"))
        .containsText("Sundays work for the volunteers.");
    String nestedId = page.locator("#p" + replyId + " > details.branch > ol.replies > li.post").first().getAttribute("data-post-id");

    // Edit with a reason, then read the history.
    page.locator("#p" + nestedId + " > article a:text('Edit')").click();
    page.fill("#body", "Sundays work for the volunteers, from 10 to 4.");
    page.fill("#reason", "added the hours");
    page.click("form button[type=submit]:text('Save')");
    Locator edited = page.locator("#p" + nestedId + " > article");
    PlaywrightAssertions.assertThat(edited.locator(".post-body")).containsText("from 10 to 4");
    edited.locator("a.edited").click();
    PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Edit history");
    PlaywrightAssertions.assertThat(page.locator(".revision-list")).containsText("Sundays work for the volunteers.");
    PlaywrightAssertions.assertThat(page.locator(".revision-list")).containsText("added the hours");
    browser.screenshot("thread-history");
    assertThat(page.locator(".revision.current .post-body").textContent()).contains("from 10 to 4");
  }
}
