package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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

/**
 * With JavaScript: a destructive button asks in a modal dialog (Escape keeps, focus comes back to
 * the button), every action of a member's journey ends with a flash, a deletion offers Undo, and a
 * form sent back with errors opens on a summary whose links take the focus to their fields.
 */
@Tag("browser")
@DisplayName("Confirmation dialogs, flashes and error summaries in the browser")
class FeedbackBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    long id = admin.register("fb_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    admin.post("/api/spaces", new JsonObject().put("slug", "fb-town").put("name", "Town").put("description", "Talk")
        .put("visibility", "public"));
  }

  @Test
  @DisplayName("register, start a thread, delete it through the dialog (Escape first), undo: a flash after each")
  void journeyWithDialogAndFlashes() {
    String base = server.baseUrl();
    Page page = browser.page();
    page.navigate(base + "/register");
    page.fill("#username", "fb_nora");
    page.fill("#email", "fb_nora@example.test");
    page.fill("#password", "correct horse battery");
    page.locator("form[action='/register'] button[type=submit]").click();
    assertThat(page.locator(".flash")).hasText("Welcome! Your account is ready and you are signed in.");

    page.navigate(base + "/s/fb-town/new");
    page.fill("#title", "Where do the bikes go?");
    page.fill("#body", "The rack is full by nine.");
    page.locator("main form button[type=submit]").click();
    assertThat(page.locator(".flash")).hasText("Thread started.");
    String postId = page.locator("ol.post-tree > li.post").first().getAttribute("data-post-id");
    Locator delete = page.locator("form[action='/posts/" + postId + "/delete'] button[type=submit]");

    // Escape keeps the post, and the focus goes back to the Delete button.
    delete.click();
    Locator dialog = page.locator("dialog.confirm-dialog");
    assertThat(dialog).isVisible();
    assertThat(dialog.locator("h2")).hasText("Delete this post?");
    assertThat(page.locator(".confirm-dialog .confirm-keep")).isFocused();
    browser.screenshot(page, "feedback-delete-dialog");
    page.keyboard().press("Escape");
    assertThat(dialog).isHidden();
    assertThat(delete).isFocused();
    assertThat(page.locator("#p" + postId)).not().hasClass(Pattern.compile("is-deleted"));

    // "No, keep it" keeps it too; Tab stays inside the dialog while it is open.
    delete.click();
    page.keyboard().press("Tab");
    assertThat(page.locator(".confirm-dialog .confirm-go")).isFocused();
    page.locator(".confirm-dialog .confirm-keep").click();
    assertThat(dialog).isHidden();
    assertThat(page.locator(".flash")).hasText("Thread started.");
    assertThat(page.locator("#p" + postId + " .post-body")).containsText("The rack is full by nine.");

    // Confirmed: deleted, with an Undo in the flash.
    delete.click();
    page.locator(".confirm-dialog .confirm-go").click();
    assertThat(page.locator(".flash")).hasText("Post deleted.");
    assertThat(page.locator("#p" + postId + " .post-body")).containsText("[deleted]");
    page.locator("form.flash-undo button").click();
    assertThat(page.locator(".flash")).hasText("Post restored.");
    assertThat(page.locator("#p" + postId + " .post-body")).containsText("The rack is full by nine.");
  }

  @Test
  @DisplayName("a form sent back with errors opens on a summary (an alert with the focus) whose links focus their fields")
  void errorSummaryLeadsToFields() {
    String base = server.baseUrl();
    Page page = browser.page();
    page.navigate(base + "/register");
    page.fill("#username", "fb_omar");
    page.fill("#email", "fb_omar@example.test");
    page.fill("#password", "correct horse battery");
    page.locator("form[action='/register'] button[type=submit]").click();
    page.navigate(base + "/s/fb-town/new");
    page.locator("main form button[type=submit]").click();

    Locator summary = page.locator("main form .error-summary");
    assertThat(summary).isVisible();
    assertThat(summary).hasAttribute("role", "alert");
    assertThat(summary).isFocused();
    Locator links = summary.locator("a");
    assertThat(links).hasCount(2);
    assertThat(links.first()).hasAttribute("href", "#title");
    // The summary is the first thing in the form, above its fields.
    assertThat(page.locator("main form > .error-summary + *")).hasCount(1);
    browser.screenshot(page, "feedback-error-summary");
    links.nth(1).click();
    assertThat(page.locator("#body")).isFocused();
    links.first().click();
    assertThat(page.locator("#title")).isFocused();
    assertThat((Boolean) page.evaluate("() => document.querySelector('.error-summary').getBoundingClientRect().top < window.innerHeight"))
        .as("the summary is in view").isTrue();
  }
}
