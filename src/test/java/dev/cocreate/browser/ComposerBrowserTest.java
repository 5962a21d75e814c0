package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Community;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.upload.TestImages;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("The reply composer in a real browser: preview, drafts, @mentions and images")
class ComposerBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static long threadId;

  @BeforeAll
  static void start() throws IOException {
    TestHttp admin = server.http();
    long id = admin.register("composer_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    admin.post("/api/spaces", new JsonObject().put("slug", "studio").put("name", "Studio").put("description", "Drafts")
        .put("visibility", "public"));
    server.http().register("amadou");
    server.http().register("amelie");
    TestHttp olga = server.http();
    olga.register("olga");
    threadId = olga.post("/api/threads", new JsonObject().put("space", "studio").put("title", "Which bench design?")
        .put("body", "Two sketches are on the table.")).json().getLong("id");
  }

  static void signIn(Page page, String username) {
    page.navigate(server.baseUrl() + "/login");
    page.fill("#login", username);
    page.fill("#password", "correct horse battery");
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL(server.baseUrl() + "/");
  }

  static Page threadPage(String username) {
    Page page = browser.page();
    signIn(page, username);
    page.navigate(server.baseUrl() + "/t/" + threadId);
    return page;
  }

  static Locator openComposer(Page page) {
    page.click(".composer-open-button");
    Locator composer = page.locator("#composer");
    PlaywrightAssertions.assertThat(composer).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#composer-body")).isFocused();
    return composer;
  }

  @Test
  @DisplayName("the preview is the HTML the reply gets once posted, and an uploaded image appears in the post")
  void previewMatchesThePostAndTheImageAppears() {
    Page page = threadPage("olga");
    Locator composer = openComposer(page);
    page.fill("#composer-body", "A **bold** claim, a [source](https://example.com/report) and:\n\n- one\n- two\n\n");
    page.setInputFiles("#composer-file", new FilePayload("bench sketch.png", "image/png", TestImages.png(120, 80)));
    PlaywrightAssertions.assertThat(page.locator("#composer-body"))
        .hasValue(Pattern.compile("[\\s\\S]*!\\[bench sketch]\\(/uploads/[0-9a-f]{64}\\.png\\)\\n$"));
    PlaywrightAssertions.assertThat(composer.locator(".composer-status")).hasText("Image added to your reply.");

    composer.locator(".composer-preview-toggle").click();
    Locator preview = page.locator("#composer-preview");
    PlaywrightAssertions.assertThat(preview.locator("img")).isVisible();
    PlaywrightAssertions.assertThat(preview.locator("strong")).hasText("bold");
    String previewHtml = preview.innerHTML();
    browser.screenshot("composer-preview");

    composer.locator(".composer-preview-toggle").click();
    composer.locator(".composer-submit").click();
    PlaywrightAssertions.assertThat(composer).isHidden();
    Locator post = page.locator("li.post:has(.post-body img)").last();
    PlaywrightAssertions.assertThat(post).isVisible();
    assertThat(post.locator(":scope > article .post-body").innerHTML()).as("the posted HTML").isEqualTo(previewHtml);
    page.waitForFunction("() => { const i = document.querySelector('li.post .post-body img'); return i && i.complete && i.naturalWidth === 120; }");

    // From the server after a reload, the same image and the same HTML.
    page.reload();
    Locator reloaded = page.locator("#" + post.getAttribute("id") + " > article .post-body");
    assertThat(reloaded.innerHTML()).isEqualTo(previewHtml);
    browser.screenshot("composer-posted-image");
  }

  @Test
  @DisplayName("a draft for one post survives a reload and is gone once the reply is posted")
  void draftSurvivesAReload() {
    Page page = threadPage("amadou");
    Locator first = page.locator("ol.post-tree > li.post").first();
    first.locator(":scope > article details.reply-box > summary").click();
    PlaywrightAssertions.assertThat(page.locator("#composer-heading")).hasText("Reply to OLGA");
    page.locator("#composer-body").pressSequentially("The second sketch, with a back rest");
    page.reload();

    first = page.locator("ol.post-tree > li.post").first();
    first.locator(":scope > article details.reply-box > summary").click();
    PlaywrightAssertions.assertThat(page.locator("#composer-body")).hasValue("The second sketch, with a back rest");
    PlaywrightAssertions.assertThat(page.locator("#composer .composer-status")).hasText("Your draft was restored.");
    // The thread's own draft is another one: still empty.
    page.click("#composer .composer-close");
    page.click(".composer-open-button");
    PlaywrightAssertions.assertThat(page.locator("#composer-body")).hasValue("");
    page.click("#composer .composer-close");

    first.locator(":scope > article details.reply-box > summary").click();
    page.locator("#composer .composer-submit").click();
    String firstId = first.getAttribute("data-post-id");
    PlaywrightAssertions.assertThat(page.locator("#p" + firstId + " > details.branch > ol.replies > li.post")
        .filter(new Locator.FilterOptions().setHasText("with a back rest"))).hasCount(1);
    page.reload();
    page.locator("ol.post-tree > li.post").first().locator(":scope > article details.reply-box > summary").click();
    PlaywrightAssertions.assertThat(page.locator("#composer-body")).hasValue("");
    assertThat(page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('cocreate.draft.'))")).asList().isEmpty();
  }

  @Test
  @DisplayName("@mention completion offers members and picks one with the keyboard (arrow keys, Enter)")
  void mentionCompletionByKeyboard() {
    Page page = threadPage("olga");
    openComposer(page);
    page.keyboard().type("Thanks @am");
    Locator listbox = page.locator("#composer-mentions");
    PlaywrightAssertions.assertThat(listbox).isVisible();
    PlaywrightAssertions.assertThat(listbox.locator("[role=option]")).hasCount(2);
    PlaywrightAssertions.assertThat(listbox.locator("[role=option]").first()).containsText("@amadou");
    Locator box = page.locator("#composer-body");
    PlaywrightAssertions.assertThat(box).hasAttribute("aria-activedescendant", "composer-mention-0");
    PlaywrightAssertions.assertThat(listbox.locator("#composer-mention-0")).hasAttribute("aria-selected", "true");

    page.keyboard().press("ArrowDown");
    PlaywrightAssertions.assertThat(box).hasAttribute("aria-activedescendant", "composer-mention-1");
    PlaywrightAssertions.assertThat(listbox.locator("#composer-mention-1")).hasAttribute("aria-selected", "true");
    PlaywrightAssertions.assertThat(listbox.locator("#composer-mention-0")).hasAttribute("aria-selected", "false");
    browser.screenshot("composer-mentions");
    page.keyboard().press("Enter");
    PlaywrightAssertions.assertThat(listbox).isHidden();
    PlaywrightAssertions.assertThat(box).hasValue("Thanks @amelie ");
    page.keyboard().type("for the sketch.");
    page.click("#composer .composer-submit");
    PlaywrightAssertions.assertThat(page.locator("li.post a.mention[href='/u/amelie']").last()).isVisible();
  }

  /** Makes a small PNG in the page and hands it to the composer as a paste or a drop would. */
  static final String GIVE_IMAGE = """
      async ([how, name]) => {
        const canvas = document.createElement('canvas');
        canvas.width = 30; canvas.height = 20;
        canvas.getContext('2d').fillRect(0, 0, 30, 20);
        const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
        const data = new DataTransfer();
        data.items.add(new File([blob], name, { type: 'image/png' }));
        if (how === 'paste') {
          document.getElementById('composer-body').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        } else {
          document.getElementById('composer').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        }
      }""";

  @Test
  @DisplayName("an image pasted into the box or dropped on the composer is uploaded and added as ![alt](url)")
  void pasteAndDrop() {
    Page page = threadPage("amadou");
    openComposer(page);
    page.evaluate(GIVE_IMAGE, List.of("paste", "pasted.png"));
    Locator box = page.locator("#composer-body");
    PlaywrightAssertions.assertThat(box).hasValue(Pattern.compile("^!\\[pasted]\\(/uploads/[0-9a-f]{64}\\.png\\)\\n$"));
    page.evaluate(GIVE_IMAGE, List.of("drop", "dropped.png"));
    PlaywrightAssertions.assertThat(box).hasValue(Pattern.compile(
        "^!\\[pasted]\\(/uploads/[0-9a-f]{64}\\.png\\)\\n!\\[dropped]\\(/uploads/[0-9a-f]{64}\\.png\\)\\n$"));
  }

  @Test
  @DisplayName("a 3 MiB file and a renamed .exe are refused with a readable message in the composer")
  void refusedFilesAreExplained() {
    Page page = threadPage("amelie");
    Locator composer = openComposer(page);
    page.fill("#composer-body", "Here is the photo:");
    byte[] big = new byte[3 * 1024 * 1024];
    System.arraycopy(TestImages.png(1, 1), 0, big, 0, 8);
    page.setInputFiles("#composer-file", new FilePayload("huge.png", "image/png", big));
    Locator error = composer.locator(".composer-error");
    PlaywrightAssertions.assertThat(error).isVisible();
    PlaywrightAssertions.assertThat(error).hasText("This image is over 2 MiB: add a smaller one.");
    PlaywrightAssertions.assertThat(error).hasAttribute("role", "alert");

    page.setInputFiles("#composer-file", new FilePayload("holiday.png", "image/png", TestImages.exe()));
    PlaywrightAssertions.assertThat(error).hasText("This file is not an image we accept: add a PNG, JPEG or WebP picture.");
    browser.screenshot("composer-refused");
    PlaywrightAssertions.assertThat(page.locator("#composer-body")).hasValue("Here is the photo:");
  }

  @Test
  @DisplayName("in French on a 360 px phone in dark mode the composer fills the screen, scrolls not sideways, and axe finds nothing")
  void frenchPhoneDarkModeIsAccessible() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740).setBypassCSP(true)
        .setColorScheme(ColorScheme.DARK));
    context.addCookies(List.of(new Cookie(PageLocale.COOKIE, "fr").setUrl(server.baseUrl())));
    Page page = context.newPage();
    signIn(page, "amadou");
    page.navigate(server.baseUrl() + "/t/" + threadId);
    assertThat(page.getAttribute("html", "lang")).isEqualTo("fr");
    page.click(".composer-open-button");
    Locator composer = page.locator("#composer");
    PlaywrightAssertions.assertThat(composer).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#composer-heading")).hasText("Répondre à la discussion");
    PlaywrightAssertions.assertThat(composer.locator(".composer-image")).hasText("Ajouter une image");
    var box = composer.boundingBox();
    assertThat(box.height).as("full screen on a phone").isGreaterThanOrEqualTo(739);
    assertThat(box.width).isLessThanOrEqualTo(360);

    page.keyboard().type("Merci @am");
    PlaywrightAssertions.assertThat(page.locator("#composer-mentions")).isVisible();
    PlaywrightAssertions.assertThat(composer.locator(".composer-status")).containsText("personnes correspondent");
    List<String> problems = new ArrayList<>();
    problems.addAll(AccessibilityTour.axeViolations(page, "French composer with mentions at 360 px, dark"));
    problems.addAll(AccessibilityTour.axeViolations(page, "dark contrast", AccessibilityTour.DARK_RULES));
    page.keyboard().press("Escape");

    page.setInputFiles("#composer-file", new FilePayload("setup.png", "image/png", TestImages.exe()));
    PlaywrightAssertions.assertThat(composer.locator(".composer-error")).hasText(
        "Ce fichier n’est pas une image acceptée : ajoutez une image PNG, JPEG ou WebP.");
    composer.locator(".composer-preview-toggle").click();
    PlaywrightAssertions.assertThat(page.locator("#composer-preview")).isVisible();
    problems.addAll(AccessibilityTour.axeViolations(page, "French composer preview and error at 360 px, dark"));
    browser.screenshot(page, "composer-fr-360-dark");
    List<?> widths = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
    assertThat(((Number) widths.get(0)).intValue()).as("no sideways scroll").isLessThanOrEqualTo(((Number) widths.get(1)).intValue());

    // Light, wide: docked at the bottom, the thread still readable above it.
    page.setViewportSize(1280, 800);
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    var docked = composer.boundingBox();
    assertThat(docked.y + docked.height).as("docked at the bottom").isBetween(799.0, 801.0);
    assertThat(docked.height).as("leaves the thread visible").isLessThan(800 * 0.8);
    problems.addAll(AccessibilityTour.axeViolations(page, "French composer at 1280 px, light"));
    browser.screenshot(page, "composer-fr-1280");
    context.close();
    assertThat(problems).withFailMessage(() -> String.join("\n", problems)).isEmpty();
  }

  @Test
  @DisplayName("on an idea's page the composer answers a post of its discussion and the reply is shown there, in its branch")
  void composerOnTheIdeaPage() {
    Community community = Community.in(server);
    TestHttp firm = community.freshMember("composer_firm");
    long challengeId = community.openChallenge(firm, community.org(firm), new JsonObject());
    JsonObject idea = community.submitIdea(firm, challengeId, "Benches that fold");
    long ideaId = idea.getLong("id");
    long question = community.reply(firm, idea.getLong("threadId"), "Which hinge would you use?").getLong("id");

    Page page = browser.page();
    signIn(page, "amelie");
    page.navigate(server.baseUrl() + "/i/" + ideaId);
    // The plain form gives way to the composer's Reply button, and a post's Reply opens the composer too.
    PlaywrightAssertions.assertThat(page.locator("section.reply-to-thread form")).isHidden();
    page.locator("#p" + question + " > article details.reply-box > summary").click();
    PlaywrightAssertions.assertThat(page.locator("#composer")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#composer-body")).isFocused();
    page.locator("#composer-body").pressSequentially("A piano hinge, **stainless**");
    page.locator("#composer .composer-preview-toggle").click();
    PlaywrightAssertions.assertThat(page.locator("#composer-preview strong")).hasText("stainless");
    page.locator("#composer .composer-submit").click();

    page.waitForURL(Pattern.compile(".*/i/" + ideaId + "/p/" + question + "#p\\d+$"));
    PlaywrightAssertions.assertThat(page.locator("#p" + question + " li.post .post-body")
        .filter(new Locator.FilterOptions().setHasText("A piano hinge"))).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator("#p" + question + " li.post .post-body strong")).hasText("stainless");
    assertThat(page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('cocreate.draft.'))")).asList().isEmpty();
    browser.screenshot(page, "composer-idea-page");

    // A reply the server refuses (here the plain form, sent as if the script had not loaded yet) comes back to the
    // idea page, and the script leaves its error and draft in sight.
    page.evaluate("() => { const f = document.querySelector('section.reply-to-thread form');"
        + " f.querySelector('textarea').value = ' '; f.submit(); }");
    page.waitForURL(server.baseUrl() + "/i/" + ideaId + "/reply");
    PlaywrightAssertions.assertThat(page.locator("#idea-reply-error")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#idea-reply")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Benches that fold");
  }
}
