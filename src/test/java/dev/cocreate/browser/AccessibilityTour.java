package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.DemoCommunity;
import dev.cocreate.support.Eventually;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestDatabase;
import dev.cocreate.support.TestHttp;
import dev.cocreate.support.TestServer;
import dev.cocreate.web.PageLocale;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assertions;

/**
 * The accessibility tour: every page, as each kind of visitor sees it, checked by axe-core against
 * WCAG 2.2 AA in light and dark, and refused if a 360 px phone has to scroll sideways. The English
 * and the French passes are two test classes ({@link AccessibilityBrowserTest},
 * {@link FrenchAccessibilityBrowserTest}) so that the test JVMs run them side by side; each JVM
 * prepares the demo site's extra data once. A page with a problem is shot at 1280 px and 360 px
 * (light and dark) into target/screenshots/; a clean page is not, which keeps the tour within CI's
 * budget.
 */
final class AccessibilityTour {
  private AccessibilityTour() {}

  static final List<String> WCAG_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
  static final JsonObject DARK_RULES = new JsonObject().put("runOnly", new JsonObject().put("type", "rule")
      .put("values", List.of("color-contrast", "link-in-text-block")));
  static final String AXE_RUN = """
      async (options) => {
        const result = await axe.run(document, JSON.parse(options));
        return JSON.stringify({
          passes: result.passes.length,
          violations: result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary }))
          }))
        });
      }""";

  /**
   * What axe's WCAG rules leave to best practice, which the site promises anyway: one h1, the
   * landmarks, and every error message tied to the control it is about.
   */
  static final String STRUCTURE_CHECK = """
      () => {
        const problems = [];
        const h1 = document.querySelectorAll('h1').length;
        if (h1 !== 1) problems.push(`${h1} h1 elements; a page has exactly one`);
        for (const landmark of ['header.site-header', 'nav[aria-label]', 'main#main', 'footer']) {
          if (!document.querySelector(landmark)) problems.push(`no ${landmark} landmark`);
        }
        const describes = (el, id) => (el.getAttribute('aria-describedby') || '').split(/\\s+/).includes(id);
        const controls = [...document.querySelectorAll('input, select, textarea')];
        for (const error of document.querySelectorAll('.field-error')) {
          if (!error.id || !controls.some(c => describes(c, error.id))) {
            problems.push(`field error not tied to its field by aria-describedby: ${error.outerHTML.slice(0, 160)}`);
          }
        }
        for (const error of document.querySelectorAll('form .form-error')) {
          const form = error.closest('form');
          if (!form.querySelector('[aria-invalid=true]') && !(error.id && controls.some(c => describes(c, error.id)))) {
            problems.push(`form error tied to no field (no aria-invalid, no aria-describedby): ${error.outerHTML.slice(0, 160)}`);
          }
        }
        for (const field of document.querySelectorAll('[aria-invalid=true]')) {
          const ids = (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
          if (!ids.some(id => document.getElementById(id)?.matches('.field-error, .form-error'))) {
            problems.push(`invalid field does not point at its error: ${field.outerHTML.slice(0, 160)}`);
          }
        }
        return problems;
      }""";

  static TestServer server;
  private static String axe;
  private static boolean prepared;
  static long challengeId;
  static long draftChallengeId;
  static long ideaId;
  static long welcomeThreadId;
  static long editedPostId;
  static long alicePostId;
  static long davePostId;
  static long daveHiddenPostId;
  /** An idea of dave's, who is the member of the tour: the page as its author sees it. */
  static long daveIdeaId;
  /** The demo's finished round (rivet's decided challenge): its jury screen and its results. */
  static long roundChallengeId;
  /** A live reset link's token, of a password reset asked for through the API. */
  static final String RESET_TOKEN = "a11y-reset-token-of-a-real-request";

  /** axe-core's script, vendored in src/test/resources/axe/, read once per JVM. */
  static synchronized String axeSource() {
    if (axe == null) {
      try (InputStream in = AccessibilityTour.class.getResourceAsStream("/axe/axe.min.js")) {
        axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return axe;
  }

  /** Adds to the shared demo site what the tour shows, once per JVM. */
  static synchronized void prepare() throws IOException {
    if (prepared) {
      return;
    }
    prepared = true;
    TestServer site = DemoSite.get();
    server = site;
    TestHttp bob = signedIn("bob");
    JsonArray challenges = bob.get("/api/orgs/acme").json().getJsonArray("challenges");
    for (Object o : challenges) {
      JsonObject c = (JsonObject) o;
      if ("draft".equals(c.getString("phase"))) {
        draftChallengeId = c.getLong("id");
      } else if ("open".equals(c.getString("phase"))) {
        challengeId = c.getLong("id");
      }
    }
    assertThat(challengeId).as("the demo's open challenge").isPositive();
    assertThat(draftChallengeId).as("the demo's draft challenge").isPositive();
    roundChallengeId = bob.get("/api/challenges?status=decided&org=rivet").items().getJsonObject(0).getLong("id");
    ideaId = bob.get("/api/challenges/" + challengeId + "/ideas?sort=support").items().getJsonObject(0).getLong("id");
    for (Object o : bob.get("/api/spaces/general/threads").items()) {
      if (((JsonObject) o).getString("title").startsWith("Welcome")) {
        welcomeThreadId = ((JsonObject) o).getLong("id");
      }
    }
    for (Object o : bob.get("/api/threads/" + welcomeThreadId + "/posts?limit=100").items()) {
      JsonObject p = (JsonObject) o;
      String body = p.getString("body", p.getString("markdown", ""));
      if (body.startsWith("Zips, every time")) {
        editedPostId = p.getLong("id");
      }
      if (body.startsWith("Hi all")) {
        alicePostId = p.getLong("id");
      }
      if (body.startsWith("Frozen zips")) {
        davePostId = p.getLong("id");
      }
      if (body.startsWith("Hello from the bike crowd")) {
        daveHiddenPostId = p.getLong("id");
      }
    }
    assertThat(editedPostId).as("the demo's edited post").isPositive();
    // Something for the moderation queue, the log and a member's notices to show.
    Resp flag = signedIn("carol").post("/api/posts/" + alicePostId + "/flags", new JsonObject().put("reason", "spam").put("note", "reads like an ad"));
    assertThat(flag.status()).as(flag.toString()).isIn(200, 201, 202);
    TestHttp mod = signedIn("mod");
    Resp hide = mod.post("/api/moderation/actions", new JsonObject().put("action", "hide").put("targetType", "post")
        .put("targetId", daveHiddenPostId).put("reason", "Off topic for this thread"));
    assertThat(hide.status()).as(hide.toString()).isIn(200, 201);
    server.http().register("zoe_leaving_en");
    server.http().register("zoe_leaving_fr");
    for (Object o : bob.get("/api/challenges/" + challengeId + "/ideas?sort=recent").items()) {
      if ("dave".equals(((JsonObject) o).getJsonObject("author").getString("username"))) {
        daveIdeaId = ((JsonObject) o).getLong("id");
      }
    }
    assertThat(daveIdeaId).as("the demo's idea of dave's").isPositive();
    for (String lang : List.of("en", "fr")) {
      Resp avatar = server.http().post("/api/auth/register", new JsonObject().put("username", "ava_" + lang)
          .put("email", "ava_" + lang + "@example.test").put("password", DemoCommunity.PASSWORD).put("displayName", "Ava " + lang));
      assertThat(avatar.status()).as(avatar.toString()).isEqualTo(201);
    }
    askForResetLink();
  }

  /**
   * A reset link asked for through the API, as the forgot-password page asks. The demo site sends
   * no mail and keeps only a hash of the token, so the stored hash is replaced by the hash of a
   * token this test knows: the link is then as live as the mailed one would be.
   */
  static void askForResetLink() {
    server.http().register("rita_reset");
    Resp asked = server.http().post("/api/auth/password-reset", new JsonObject().put("email", "rita_reset@example.test"));
    assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
    String ritas = "from account_tokens where purpose = 'password_reset' and user_id = (select id from users where username = 'rita_reset')";
    Eventually.until("rita's reset link is stored", () -> TestDatabase.queryLong(server.dbUrl(), "select count(*) " + ritas) == 1);
    TestDatabase.execOn(server.dbUrl(), "update account_tokens set token_hash = sha256(convert_to('" + RESET_TOKEN + "', 'UTF8')) "
        + "where purpose = 'password_reset' and user_id = (select id from users where username = 'rita_reset')");
  }

  /** A small PNG, as a member's own picture. */
  static FilePayload picture() {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x2a6f97));
    g.fillRect(0, 0, 64, 64);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new FilePayload("ava.png", "image/png", png.toByteArray());
  }

  static TestHttp signedIn(String username) {
    TestHttp http = server.http();
    Resp login = http.post("/api/auth/login", new JsonObject().put("login", username).put("password", DemoCommunity.PASSWORD));
    assertThat(login.status()).as(login.toString()).isEqualTo(200);
    return http.token(login.json().getString("token"));
  }

  /** A page to check: reached by a path, or by what a visitor does from the page before (a form sent). */
  record Visit(String name, String path, Consumer<Page> action) {
    static Visit path(String name, String path) {
      return new Visit(name, path, null);
    }

    static Visit action(String name, Consumer<Page> action) {
      return new Visit(name, null, action);
    }
  }

  /** One role's part of the tour: who signs in (null: nobody) and the pages they see. */
  record RoleTour(String role, String username, List<Visit> visits) {}

  /**
   * Every page, by role: THE table to extend when a page is added (a path, or what a visitor does
   * to reach it, such as a form sent with errors or a destructive button pressed). Each is checked
   * in English and in French at 1280 px light and 360 px, and in dark at 360 px in English. {@code lang} names the pass, for
   * the few visits that use something up (an account deleted).
   */
  static List<RoleTour> tours(String lang) {
    String challenge = "/c/" + challengeId;
    return List.of(
        new RoleTour("anonymous", null, List.of(
            Visit.path("home", "/"),
            Visit.path("challenges", "/challenges"),
            Visit.path("challenge", challenge),
            Visit.path("challenge-recent", challenge + "?sort=recent"),
            Visit.path("idea", "/i/" + ideaId),
            Visit.path("thread", "/t/" + welcomeThreadId),
            Visit.path("thread-focused", "/t/" + welcomeThreadId + "/p/" + alicePostId),
            Visit.path("space", "/s/general"),
            Visit.path("org", "/orgs/acme"),
            Visit.path("round-results", "/c/" + roundChallengeId + "/results"),
            Visit.path("profile", "/u/alice"),
            Visit.path("badges", "/badges"),
            Visit.path("leaderboard", "/leaderboard?period=all"),
            Visit.path("revisions", "/posts/" + editedPostId + "/revisions"),
            Visit.path("search", "/search"),
            Visit.path("search-results", "/search?q=zips"),
            Visit.path("not-found", "/t/999999"),
            Visit.path("unsubscribe", "/unsubscribe?token=not-a-token"),
            Visit.path("register", "/register"),
            Visit.action("register-errors", p -> {
              p.navigate(server.baseUrl() + "/register");
              p.fill("#username", "x");
              p.click("form[action='/register'] button[type=submit]");
            }),
            Visit.path("password-forgot", "/password/forgot"),
            Visit.path("password-reset", "/password/reset?token=" + RESET_TOKEN),
            Visit.action("password-reset-errors", p -> {
              p.navigate(server.baseUrl() + "/password/reset?token=" + RESET_TOKEN);
              p.fill("#password", "short");
              p.click("form[action='/password/reset'] button[type=submit]");
            }),
            Visit.path("login", "/login"),
            Visit.action("login-error", p -> {
              p.navigate(server.baseUrl() + "/login");
              p.fill("#login", "alice");
              p.fill("#password", "not her password");
              p.click("form[action='/login'] button[type=submit]");
            }),
            Visit.action("account-deleted", p -> {
              signIn(p, "zoe_leaving_" + lang, "correct horse battery");
              p.navigate(server.baseUrl() + "/settings");
              p.fill("form[action='/settings/delete'] input[type=password]", "correct horse battery");
              sendWithoutDialog(p, "form[action='/settings/delete']");
            }))),
        new RoleTour("member", "dave", List.of(
            Visit.path("home", "/"),
            Visit.path("thread", "/t/" + welcomeThreadId),
            Visit.action("thread-composer", p -> {
              p.navigate(server.baseUrl() + "/t/" + welcomeThreadId);
              p.click(".composer-open-button");
              p.waitForSelector("#composer:not([hidden])");
            }),
            Visit.action("delete-dialog", p -> {
              p.navigate(server.baseUrl() + "/t/" + welcomeThreadId);
              p.click("form[action='/posts/" + davePostId + "/delete'] button[type=submit]");
              p.waitForSelector("dialog.confirm-dialog[open]");
            }),
            Visit.action("delete-confirm-page", p -> {
              p.navigate(server.baseUrl() + "/t/" + welcomeThreadId);
              sendWithoutDialog(p, "form[action='/posts/" + davePostId + "/delete']");
            }),
            Visit.path("new-thread", "/s/general/new"),
            Visit.action("new-thread-errors", p -> {
              p.navigate(server.baseUrl() + "/s/general/new");
              p.click("main form button[type=submit]");
            }),
            Visit.path("edit-post", "/posts/" + davePostId + "/edit"),
            Visit.path("idea", "/i/" + ideaId),
            Visit.path("idea-own", "/i/" + daveIdeaId),
            Visit.path("idea-form", challenge + "/new"),
            Visit.action("idea-form-errors", p -> {
              p.navigate(server.baseUrl() + challenge + "/new");
              p.click("form.idea-form button[type=submit]");
            }),
            Visit.path("notifications", "/notifications"),
            Visit.path("following", "/me/following"),
            Visit.path("notices", "/notices"),
            Visit.path("settings", "/settings"),
            Visit.path("profile", "/u/dave"),
            Visit.path("org-relation", "/orgs/acme"),
            Visit.path("group-space-tools", "/s/acme-field-testers/facilitation"),
            Visit.path("search-results", "/search?q=zips"),
            Visit.path("forbidden", "/mod"),
            Visit.path("not-found", "/no-such-page"))),
        // Its own account, so the picture it sends changes no page the other tours look at.
        new RoleTour("member-with-avatar", "ava_" + lang, List.of(
            Visit.action("settings-avatar", p -> {
              p.navigate(server.baseUrl() + "/settings");
              p.setInputFiles("#avatar-file", picture());
              p.click("form[action='/settings/avatar'] button[type=submit]");
              p.waitForSelector("img.avatar-preview");
            }))),
        new RoleTour("firm", "bob", List.of(
            Visit.path("org", "/orgs/acme"),
            Visit.path("org-members", "/orgs/acme/members"),
            Visit.path("challenges", "/challenges"),
            Visit.path("challenge", challenge),
            Visit.path("idea", "/i/" + ideaId),
            Visit.action("cancel-confirm-page", p -> {
              p.navigate(server.baseUrl() + challenge);
              sendWithoutDialog(p, ".danger-zone form");
            }),
            Visit.path("draft", "/c/" + draftChallengeId),
            Visit.path("challenge-form", "/c/new?org=acme"),
            Visit.action("challenge-form-errors", p -> {
              p.navigate(server.baseUrl() + "/c/new?org=acme");
              p.click("form[action='/c/new'] button[type=submit]");
            }),
            Visit.path("challenge-edit", challenge + "/edit"),
            Visit.path("review", challenge + "/review"),
            Visit.path("round-results", "/c/" + roundChallengeId + "/results"),
            Visit.path("round-jury", "/c/" + roundChallengeId + "/jury"),
            Visit.action("merge-confirm-page", p -> {
              p.navigate(server.baseUrl() + challenge + "/review");
              Locator merge = p.locator("form.merge-form").first();
              merge.evaluate("f => { f.closest('details').open = true; const s = f.querySelector('select'); s.selectedIndex = 1; }");
              sendWithoutDialog(p, "form.merge-form");
            }))),
        // A judge of the demo's finished round, reading the scoring screen with their scores in it.
        new RoleTour("judge", "frank", List.of(
            Visit.path("round-jury", "/c/" + roundChallengeId + "/jury"))),
        new RoleTour("moderator", "mod", List.of(
            Visit.path("queue", "/mod"),
            Visit.action("hide-confirm-page", p -> {
              p.navigate(server.baseUrl() + "/mod");
              Locator hide = p.locator("form.mod-action:has(input[name=action][value=hide])").first();
              hide.locator("input[name=reason]").fill("Reads like an ad");
              sendWithoutDialog(p, "form.mod-action:has(input[name=action][value=hide])");
            }),
            Visit.path("log", "/mod/log"),
            Visit.path("member-profile", "/u/dave"),
            Visit.path("thread", "/t/" + welcomeThreadId))),
        new RoleTour("admin", "admin", List.of(
            Visit.path("settings", "/admin/settings"),
            Visit.path("queue", "/mod"))));
  }

  /**
   * Sends a destructive form the way a browser without JavaScript does, so the server's
   * confirmation page is what shows (the page's script would ask in a dialog instead).
   */
  static void sendWithoutDialog(Page page, String formSelector) {
    Locator form = page.locator(formSelector).first();
    form.evaluate("f => f.removeAttribute('data-confirm')");
    form.locator("button[type=submit]").first().click();
    page.waitForLoadState(LoadState.LOAD);
  }

  /** The tour in one language; fails with every problem found, each saying where. */
  static void sweep(BrowserSupport browser, String lang) {
    long started = System.nanoTime();
    List<String> problems = new ArrayList<>();
    int pages = 0;
    for (RoleTour tour : tours(lang)) {
      tour(browser, lang, tour, problems);
      pages += tour.visits().size();
    }
    System.out.printf("Accessibility tour: %s tour of %d pages took %.1f s%n", lang, pages, (System.nanoTime() - started) / 1e9);
    if (!problems.isEmpty()) {
      Assertions.fail(problems.size() + " problem(s):\n\n" + String.join("\n\n", problems));
    }
  }

  private static void tour(BrowserSupport browser, String lang, RoleTour tour, List<String> problems) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setBypassCSP(true));
    // The language a visitor chose in the settings: the cookie outranks the browser's Accept-Language.
    context.addCookies(List.of(new Cookie(PageLocale.COOKIE, lang).setUrl(server.baseUrl())));
    Page page = context.newPage();
    if (tour.username() != null) {
      signIn(page, tour.username(), DemoCommunity.PASSWORD);
    }
    String role = tour.role();
    for (Visit visit : tour.visits()) {
      String where = lang + " " + role + " " + visit.name();
      if (visit.path() != null) {
        page.navigate(server.baseUrl() + visit.path());
      } else {
        visit.action().accept(page);
      }
      page.waitForLoadState(LoadState.LOAD);
      String at = where + " (" + page.url().replace(server.baseUrl(), "") + ")";
      if (!lang.equals(page.getAttribute("html", "lang"))) {
        problems.add(at + ": the page is not in " + lang);
      }
      int before = problems.size();
      problems.addAll(axeViolations(page, at + " at 1280 px"));
      for (Object problem : (List<?>) page.evaluate(STRUCTURE_CHECK)) {
        problems.add(at + ": " + problem);
      }
      String shot = "a11y-" + lang + "-" + role + "-" + visit.name();
      boolean wide = problems.size() > before;
      if (wide) {
        browser.screenshot(page, shot + "-1280");
      }
      page.setViewportSize(360, 740);
      // The dark palette is a second set of colours: check its contrast too, on the phone layout.
      // Once, in English: the palette is the same CSS in both languages (the French pass is for
      // the longer words' layout and the translated texts).
      if (lang.equals("en")) {
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        int beforeDark = problems.size();
        problems.addAll(axeViolations(page, at + " in dark mode at 360 px", DARK_RULES));
        if (problems.size() > beforeDark) {
          browser.screenshot(page, shot + "-360-dark");
        }
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
      }
      List<?> w = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
      if (((Number) w.get(0)).intValue() > ((Number) w.get(1)).intValue()) {
        browser.screenshot(page, shot + "-360");
        problems.add(at + ": scrolls sideways at 360 px (" + w.get(0) + " px wide); see target/screenshots/" + shot + "-360.png");
      } else if (wide) {
        browser.screenshot(page, shot + "-360");
      }
      page.setViewportSize(1280, 800);
    }
    context.close();
  }

  /**
   * The page as it stands on a phone (the caller has set 360 px), in light and in dark: axe's WCAG
   * A and AA findings in both, and sideways scrolling; each scheme shot as
   * target/screenshots/{@code shot}-{light,dark}-360.png. For the browser tests that check the pages
   * they pass through, with the tour's rules.
   */
  static List<String> onAPhone(BrowserSupport browser, Page page, String where, String shot) {
    List<String> problems = new ArrayList<>();
    for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(scheme));
      problems.addAll(axeViolations(page, where + " " + scheme + " at 360 px"));
      browser.screenshot(page, shot + "-" + scheme.name().toLowerCase() + "-360");
    }
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
    List<?> w = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
    if (((Number) w.get(0)).intValue() > ((Number) w.get(1)).intValue()) {
      problems.add(where + ": scrolls sideways at 360 px (" + w.get(0) + " px wide)");
    }
    return problems;
  }

  static void signIn(Page page, String username, String password) {
    signIn(page, server.baseUrl(), username, password);
  }

  /** Signs in through the form of the site at {@code baseUrl}, as a member does. */
  static void signIn(Page page, String baseUrl, String username, String password) {
    page.navigate(baseUrl + "/login");
    page.fill("#login", username);
    page.fill("#password", password);
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL(baseUrl + "/");
  }

  /** axe-core's findings on the page as it stands, one readable paragraph per rule broken. */
  static List<String> axeViolations(Page page, String where) {
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(axeSource()));
    return axeViolations(page, where, new JsonObject().put("runOnly", new JsonObject().put("type", "tag").put("values", WCAG_TAGS)));
  }

  /** Runs axe (already on the page) with these options. */
  static List<String> axeViolations(Page page, String where, JsonObject options) {
    JsonObject result = new JsonObject((String) page.evaluate(AXE_RUN, options.put("resultTypes", List.of("violations")).encode()));
    JsonArray violations = result.getJsonArray("violations");
    List<String> out = new ArrayList<>();
    if (result.getInteger("passes") == 0 && violations.isEmpty()) {
      out.add(where + ": axe checked nothing (was the page empty, or axe not injected?)");
    }
    for (Object o : violations) {
      JsonObject v = (JsonObject) o;
      StringBuilder b = new StringBuilder(where + ": " + v.getString("id") + " (" + v.getString("impact") + ") " + v.getString("help"));
      for (Object n : v.getJsonArray("nodes")) {
        JsonObject node = (JsonObject) n;
        b.append("\n    at ").append(node.getString("target")).append("  ").append(abbreviate(node.getString("html")))
            .append("\n       ").append(node.getString("summary", "").replace("\n", "\n       "));
      }
      out.add(b.toString());
    }
    return out;
  }

  private static String abbreviate(String html) {
    return html.length() > 160 ? html.substring(0, 160) + "…" : html;
  }
}
