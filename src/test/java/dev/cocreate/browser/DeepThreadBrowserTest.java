package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A deep debate in the browser: branches fold by click and by key without script, a live reply
 * lands in its place with the controls the server would draw, the typing notice ends with the
 * reply, the phone header is one sticky row for a moderator, and the deep thread passes axe and
 * fits 360 px in both languages and in dark mode.
 */
@Tag("browser")
@DisplayName("Deep threads and the phone header in the browser")
class DeepThreadBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();
  static TestHttp olga;
  static TestHttp piet;
  static long threadId;
  static long branchRoot;
  static long branchChild;
  static long leaf;
  static long[] chain = new long[12];

  @BeforeAll
  static void start() throws IOException {
    TestHttp admin = server.http();
    long adminId = admin.register("deep_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + adminId);
    admin.post("/api/spaces", new JsonObject().put("slug", "deep").put("name", "Deep").put("description", "Long debates")
        .put("visibility", "public"));
    TestHttp mod = server.http();
    long modId = mod.register("deep_moderator_with_a_long_name").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'moderator' where id = " + modId);
    olga = server.http();
    olga.register("olga");
    piet = server.http();
    piet.register("piet");
    JsonObject thread = olga.post("/api/threads", new JsonObject().put("space", "deep").put("title", "A debate that goes deep")
        .put("body", "Where should the new bike lanes go?")).json();
    threadId = thread.getLong("id");
    long first = thread.getJsonObject("firstPost").getLong("id");
    branchRoot = reply(piet, first, "Along the river, where it is flat.");
    branchChild = reply(olga, branchRoot, "The river path floods in spring.");
    reply(piet, branchChild, "Then raise it, as the next town did.");
    leaf = reply(olga, first, "Past the schools first.");
    Long parent = first;
    for (int i = 0; i < chain.length; i++) {
      parent = reply(i % 2 == 0 ? piet : olga, parent, "Level " + (i + 1) + ": a point answered by a longer counterpoint about lanes.");
      chain[i] = parent;
    }
  }

  static long reply(TestHttp who, long parentId, String body) {
    return who.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", body).put("parentId", parentId)).json()
        .getLong("id");
  }

  static void signIn(Page page, String username) {
    page.navigate(server.baseUrl() + "/login");
    page.fill("#login", username);
    page.fill("#password", "correct horse battery");
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL(server.baseUrl() + "/");
  }

  @Test
  @DisplayName("a branch folds and unfolds by clicking its thread line and by the keyboard, with scripts off")
  void foldByClickAndKeyboardWithoutScript() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setJavaScriptEnabled(false));
    Page page = context.newPage();
    page.navigate(server.baseUrl() + "/t/" + threadId);
    Locator branch = page.locator("#p" + branchRoot + " > details.branch");
    Locator line = branch.locator(":scope > summary.thread-line");
    Locator child = page.locator("#p" + branchChild);
    PlaywrightAssertions.assertThat(child).isVisible();

    line.click();
    PlaywrightAssertions.assertThat(child).isHidden();
    PlaywrightAssertions.assertThat(line.locator(".unfold")).hasText("Show 2 hidden replies");
    PlaywrightAssertions.assertThat(line.locator(".unfold")).isVisible();
    PlaywrightAssertions.assertThat(line.locator(".fold")).isHidden();
    browser.screenshot(page, "deep-thread-folded");

    line.focus();
    page.keyboard().press("Enter");
    PlaywrightAssertions.assertThat(child).isVisible();
    assertThat(branch.evaluate("b => b.open")).isEqualTo(true);
    page.keyboard().press("Space");
    PlaywrightAssertions.assertThat(child).isHidden();
    page.keyboard().press("Enter");
    PlaywrightAssertions.assertThat(child).isVisible();
    // The focused line draws the focus ring like every control.
    assertThat(line.evaluate("l => l.matches(':focus-visible')")).isEqualTo(true);
    context.close();
  }

  @Test
  @DisplayName("a reply that arrives live goes into its parent's new branch with its Flag control, and the branch counts it")
  void liveReplyInPlaceWithFlag() {
    Page page = browser.page();
    signIn(page, "piet");
    page.navigate(server.baseUrl() + "/t/" + threadId);
    PlaywrightAssertions.assertThat(page.locator(".live-state")).hasText("Live");
    long id = reply(olga, leaf, "Schools first, then the river.");
    Locator arrived = page.locator("#p" + leaf + " > details.branch > ol.replies > li#p" + id);
    PlaywrightAssertions.assertThat(arrived).containsText("Schools first", new LocatorAssertions.ContainsTextOptions().setTimeout(5000));
    Locator flag = arrived.locator(":scope > article .flag-box");
    PlaywrightAssertions.assertThat(flag).hasCount(1);
    flag.locator("summary").click();
    PlaywrightAssertions.assertThat(flag.locator("label[for=flag-reason-" + id + "]")).isVisible();
    assertThat(flag.locator("form").getAttribute("action")).isEqualTo("/posts/" + id + "/flag");
    PlaywrightAssertions.assertThat(arrived.locator(":scope > article img.avatar")).hasAttribute("src", "/avatars/olga.svg");
    PlaywrightAssertions.assertThat(page.locator("#p" + leaf + " > details.branch > summary .unfold")).hasText("Show 1 hidden reply");
    // A flag sent from the live reply's form is taken like one from a reloaded page.
    flag.locator("select").selectOption("spam");
    flag.locator("button[type=submit]").click();
    page.waitForLoadState(LoadState.LOAD);
    assertThat(TestDatabase.queryLong(server.dbUrl(), "select count(*) from flags where target_type = 'post' and target_id = " + id)).isEqualTo(1);

    // Past the eighth level a live reply goes on flat, saying whom it answers.
    page.navigate(server.baseUrl() + "/t/" + threadId);
    PlaywrightAssertions.assertThat(page.locator(".live-state")).hasText("Live");
    long deepest = reply(olga, chain[chain.length - 1], "Deeper still.");
    Locator flat = page.locator("#p" + chain[chain.length - 1] + " + li.post.flat#p" + deepest);
    PlaywrightAssertions.assertThat(flat).containsText("Deeper still.", new LocatorAssertions.ContainsTextOptions().setTimeout(5000));
    PlaywrightAssertions.assertThat(flat.locator(":scope > article .in-reply-to")).hasText("In reply to @olga");
  }

  @Test
  @DisplayName("the typing notice goes the moment the typist's reply arrives")
  void typingNoticeEndsWithTheReply() {
    Page watcher = browser.page();
    signIn(watcher, "olga");
    Page typist = browser.newPage();
    signIn(typist, "piet");
    watcher.navigate(server.baseUrl() + "/t/" + threadId);
    typist.navigate(server.baseUrl() + "/t/" + threadId);
    PlaywrightAssertions.assertThat(typist.locator(".live-state")).hasText("Live");
    PlaywrightAssertions.assertThat(watcher.locator(".live-state")).hasText("Live");
    // With scripts the thread's reply box is the composer (webroot/js/composer.js): typing in it is announced too.
    typist.locator(".reply-to-thread .composer-open-button").click();
    typist.locator("#composer-body").fill("I am writing a reply");
    PlaywrightAssertions.assertThat(watcher.locator(".presence")).containsText("PIET is typing",
        new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
    typist.locator("#composer .composer-submit").click();
    PlaywrightAssertions.assertThat(watcher.locator(".post-body", new Page.LocatorOptions().setHasText("I am writing a reply")))
        .hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(5000));
    // Well inside the six seconds the typing would otherwise last.
    PlaywrightAssertions.assertThat(watcher.locator(".presence")).not().containsText("typing",
        new LocatorAssertions.ContainsTextOptions().setTimeout(1500));
  }

  @Test
  @DisplayName("at 360 px a moderator's header is one row that stays at the top while the page scrolls, its count in view")
  void phoneHeaderOneStickyRow() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740));
    Page page = context.newPage();
    signIn(page, "deep_moderator_with_a_long_name");
    page.navigate(server.baseUrl() + "/t/" + threadId);
    Locator header = page.locator("header.site-header");
    double height = header.boundingBox().height;
    assertThat(height).as("one row of 44 px targets").isLessThan(70);
    List<Double> tops = new ArrayList<>();
    for (String item : List.of("a.brand", "a.nav-search", "a.notifications-link", ".nav-menu > summary")) {
      Locator l = page.locator("header " + item);
      PlaywrightAssertions.assertThat(l).isVisible();
      tops.add(l.boundingBox().y);
    }
    assertThat(tops.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
        - tops.stream().mapToDouble(Double::doubleValue).min().getAsDouble()).as("all on one row").isLessThan(20);
    PlaywrightAssertions.assertThat(page.locator("a.notifications-link")).hasAttribute("aria-label", "Notifications, 0 unread");
    browser.screenshot(page, "phone-header-moderator");

    page.mouse().wheel(0, 2000);
    page.waitForFunction("() => window.scrollY > 500");
    assertThat(header.boundingBox().y).as("the header stays at the top").isEqualTo(0);
    assertThat(page.locator("a.notifications-link").boundingBox().y).isLessThan(height);

    // The menu opens without script and holds the rest, moderation among it.
    page.locator(".nav-menu > summary").click();
    PlaywrightAssertions.assertThat(page.locator(".nav-menu-panel a[href='/mod']")).isVisible();
    PlaywrightAssertions.assertThat(page.locator(".nav-menu-panel button", new Page.LocatorOptions().setHasText("Sign out"))).isVisible();
    Object widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
    assertThat(((List<?>) widths).get(0)).isEqualTo(((List<?>) widths).get(1));
    browser.screenshot(page, "phone-header-menu-open");
    context.close();
  }

  @Test
  @DisplayName("the deep thread passes axe and does not scroll sideways at 360 px, in English and French, light and dark")
  void deepThreadAccessibleOnAPhone() {
    List<String> problems = new ArrayList<>();
    for (String lang : List.of("en", "fr")) {
      for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(360, 740).setBypassCSP(true)
            .setColorScheme(scheme));
        context.addCookies(List.of(new Cookie("cc_locale", lang).setUrl(server.baseUrl())));
        Page page = context.newPage();
        signIn(page, "piet");
        page.navigate(server.baseUrl() + "/t/" + threadId);
        page.waitForLoadState(LoadState.LOAD);
        // One branch folded, so both states of the thread line are checked.
        page.locator("#p" + branchChild + " > details.branch > summary").click();
        PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", lang);
        String where = "deep thread " + lang + " " + scheme;
        page.addScriptTag(new Page.AddScriptTagOptions().setContent(AccessibilityTour.axeSource()));
        problems.addAll(AccessibilityTour.axeViolations(page, where, new JsonObject().put("runOnly",
            new JsonObject().put("type", "tag").put("values", AccessibilityTour.WCAG_TAGS))));
        String shot = "deep-thread-360-" + lang + "-" + scheme.name().toLowerCase();
        browser.screenshot(page, shot);
        List<?> w = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
        if (((Number) w.get(0)).intValue() > ((Number) w.get(1)).intValue()) {
          problems.add(where + ": scrolls sideways (" + w.get(0) + " px); see target/screenshots/" + shot + ".png");
        }
        // The deepest nested post still has most of the phone's width for its text.
        double textWidth = page.locator("#p" + chain[7] + " > article .post-body").boundingBox().width;
        if (textWidth < 200) {
          problems.add(where + ": the eighth level's text is only " + textWidth + " px wide");
        }
        context.close();
      }
    }
    assertThat(problems).isEmpty();
  }
}
