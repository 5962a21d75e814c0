package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
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
@DisplayName("Moderation in real browsers")
class ModerationBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static long threadId;
  static long rudePostId;

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    long adminId = admin.register("mb_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminId);
    admin.post("/api/spaces", new JsonObject().put("slug", "commons").put("name", "Commons").put("description", "Town debate")
        .put("visibility", "public"));
    admin.post("/api/spaces", new JsonObject().put("slug", "archive").put("name", "Archive").put("description", "Old debates")
        .put("visibility", "public"));
    long modId = server.http().register("mira").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'moderator' where id = " + modId);
    TestHttp tom = server.http();
    tom.register("tom");
    TestHttp rosa = server.http();
    rosa.register("rosa");
    threadId = tom.post("/api/threads", new JsonObject().put("space", "commons").put("title", "Bike lanes on Main Street")
        .put("body", "Should the new bike lanes be **protected** by kerbs?")).json().getLong("id");
    rudePostId = rosa.post("/api/threads/" + threadId + "/posts",
        new JsonObject().put("body", "Anyone who wants kerbs is an idiot.")).json().getLong("id");
  }

  @Test
  @DisplayName("a member flags a post, a moderator hides it from the queue with a reason, and the author is told why")
  void flagHideAndTell() {
    String base = server.baseUrl();

    // Tom flags Rosa's post from the thread page.
    Page tom = browser.page();
    ThreadBrowserTest.signIn(tom, base, "tom");
    tom.navigate(base + "/t/" + threadId);
    Locator post = tom.locator("#p" + rudePostId + " > article");
    post.locator("details.flag-box > summary").click();
    tom.selectOption("#flag-reason-" + rudePostId, "abuse");
    tom.fill("#flag-note-" + rudePostId, "Name-calling instead of arguments");
    browser.screenshot(tom, "moderation-1-flag-form");
    post.locator("form.flag-form button[type=submit]").click();
    assertThat(tom.locator(".flash")).hasText("Thanks, a moderator will look at it.");
    assertThat(tom.locator(".live-state")).hasText("Live");
    browser.screenshot(tom, "moderation-2-flagged");

    // Mira works the queue: claims the item, forgets the reason, then hides it with one.
    Page mira = browser.newPage();
    ThreadBrowserTest.signIn(mira, base, "mira");
    // At this width the header shows the link itself; its copy in the (closed) menu is for narrow screens.
    mira.locator("header.site-header a[href='/mod']:visible").click();
    assertThat(mira.locator("h1")).hasText("Moderation queue");
    Locator item = mira.locator("#item-post-" + rudePostId);
    assertThat(item.locator("h2")).containsText("Bike lanes on Main Street");
    assertThat(item.locator(".mod-content")).containsText("Anyone who wants kerbs is an idiot.");
    assertThat(item.locator(".reason-counts")).containsText("Abuse or harassment × 1");
    assertThat(item.locator(".history").first()).containsText("Name-calling instead of arguments");
    browser.screenshot(mira, "moderation-3-queue");
    item.locator("details.mod-thread-actions > summary").click();
    assertThat(item.locator("select[name=toSpace]")).isVisible();
    browser.screenshot(mira, "moderation-3-thread-actions");
    item.locator("details.mod-thread-actions > summary").click();

    item.locator("button:text('Claim it')").click();
    assertThat(mira.locator("#item-post-" + rudePostId + " .mod-claim")).containsText("You are working on this until");

    String reasonField = "#reason-post-" + rudePostId + "-hide";
    mira.locator("#item-post-" + rudePostId + " button:text('Hide the post')").click();
    assertThat(mira.locator(reasonField + "-error")).containsText("Give a reason");
    assertThat(mira.locator(reasonField)).hasAttribute("aria-invalid", "true");
    browser.screenshot(mira, "moderation-4-missing-reason");

    // From the keyboard: type the reason and press Enter to send that form.
    mira.locator(reasonField).focus();
    mira.keyboard().type("Personal attack on other members");
    mira.keyboard().press("Enter");
    // Hiding asks first; the dialog opens on "No, keep it", and Tab reaches the button that hides.
    assertThat(mira.locator("dialog.confirm-dialog h2")).hasText("Hide this post?");
    mira.keyboard().press("Tab");
    mira.keyboard().press("Enter");
    assertThat(mira.locator(".flash")).containsText("Post hidden");
    assertThat(mira.locator("#item-post-" + rudePostId)).hasCount(0);
    assertThat(mira.locator(".empty")).containsText("the queue is clear");
    browser.screenshot(mira, "moderation-5-queue-clear");

    mira.locator("nav.mod-nav a:text('Log')").click();
    Locator row = mira.locator("tr[data-action=hide]").first();
    assertThat(row).containsText("Hid post");
    assertThat(row).containsText("Personal attack on other members");
    assertThat(row.locator("a[href='/posts/" + rudePostId + "']")).isVisible();
    browser.screenshot(mira, "moderation-6-log");

    // Tom's open page hears the post was hidden and shows the placeholder, without a reload.
    assertThat(tom.locator("#p" + rudePostId + " > article .post-body")).hasText("[hidden by a moderator]");

    // Rosa sees her post with the reason, and finds it in her notices.
    Page rosa = browser.newPage();
    ThreadBrowserTest.signIn(rosa, base, "rosa");
    rosa.navigate(base + "/t/" + threadId);
    Locator own = rosa.locator("#p" + rudePostId + " > article");
    assertThat(own.locator(".hidden-notice")).containsText("Hidden by a moderator: Personal attack on other members");
    assertThat(own.locator(".post-body")).containsText("Anyone who wants kerbs is an idiot.");
    browser.screenshot(rosa, "moderation-7-author-sees-reason");
    // Notices are in the header's menu.
    rosa.locator("header.site-header .nav-menu > summary").click();
    rosa.locator("header.site-header a[href='/notices']").click();
    assertThat(rosa.locator("h1")).hasText("Moderation notices");
    assertThat(rosa.locator("li.notice-item").first()).containsText("Your post was hidden by a moderator");
    assertThat(rosa.locator("li.notice-item").first()).containsText("Personal attack on other members");
    browser.screenshot(rosa, "moderation-8-notices");
  }
}
