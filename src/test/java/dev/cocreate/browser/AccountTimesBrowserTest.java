package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.LoadState;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("Times read relative in the browser's zone; the account pages are accessible")
class AccountTimesBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension
  static final CocreateServer server = CocreateServer.start();

  @BeforeAll
  static void start() throws IOException {
    server.http().register("tina_times");
    server.http().register("mia_mod");
    server.http().register("target_tom");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'moderator' where username = 'mia_mod'");
  }

  private static BrowserContext context(String zone, String language, boolean javaScript) {
    BrowserContext c = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setTimezoneId(zone)
        .setJavaScriptEnabled(javaScript).setBypassCSP(true));
    c.addCookies(List.of(new Cookie("cc_locale", language).setUrl(server.baseUrl())));
    return c;
  }

  /** Half a minute either side of "3 minutes ago", however slow the machine is between here and the page. */
  private static void joinedThreeAndAHalfMinutesAgo() {
    TestDatabase.execOn(server.dbUrl(), "update users set created_at = now() - interval '210 seconds' where username = 'tina_times'");
  }

  private static String since(Page page) {
    return page.locator(".facts time").first().textContent().strip();
  }

  @Test
  @DisplayName("'3 minutes ago' / 'il y a 3 minutes', the full local time of the browser's zone on hover, and without JavaScript the zone's absolute time")
  void relativeTimesInTheBrowsersZone() {
    BrowserContext fr = context("Asia/Tokyo", "fr", true);
    Page page = fr.newPage();
    joinedThreeAndAHalfMinutesAgo();
    page.navigate(server.baseUrl() + "/u/tina_times");
    page.waitForFunction("() => document.querySelector('.facts time.relative-time') !== null");
    assertThat(since(page)).isEqualTo("il y a 3 minutes");
    String iso = page.locator(".facts time").first().getAttribute("datetime");
    String tokyoClock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.of("Asia/Tokyo")).format(Instant.parse(iso));
    String title = page.locator(".facts time").first().getAttribute("title");
    assertThat(title).contains(tokyoClock).contains("UTC+9");
    browser.screenshot(page, "times-relative-fr-tokyo");
    // The script told the server the browser's zone, for pages printed without it.
    assertThat(fr.cookies().stream().filter(c -> c.name.equals("cc_tz")).map(c -> c.value).toList()).containsExactly("Asia%2FTokyo");
    fr.close();

    BrowserContext en = context("America/New_York", "en", true);
    Page english = en.newPage();
    joinedThreeAndAHalfMinutesAgo();
    english.navigate(server.baseUrl() + "/u/tina_times");
    english.waitForFunction("() => document.querySelector('.facts time.relative-time') !== null");
    assertThat(since(english)).isEqualTo("3 minutes ago");
    String joined = english.locator(".facts time").first().getAttribute("datetime");
    String newYorkClock = DateTimeFormatter.ofPattern("h:mm:ss").withZone(ZoneId.of("America/New_York")).format(Instant.parse(joined));
    assertThat(english.locator(".facts time").first().getAttribute("title")).contains(newYorkClock);
    en.close();

    BrowserContext noScript = context("Asia/Tokyo", "en", false);
    noScript.addCookies(List.of(new Cookie("cc_tz", "Asia%2FTokyo").setUrl(server.baseUrl())));
    Page plain = noScript.newPage();
    plain.navigate(server.baseUrl() + "/u/tina_times");
    String tokyoMinute = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Asia/Tokyo")).format(Instant.parse(joined));
    assertThat(since(plain)).endsWith(tokyoMinute + " (Tokyo)");
    noScript.close();
  }

  @Test
  @DisplayName("reset, settings and a moderator's profile, with and without errors: no axe violations, light and dark, no sideways scroll at 360 px")
  void accountPagesAreAccessible() {
    List<String> problems = new ArrayList<>();
    BrowserContext anonymous = context("Europe/Paris", "en", true);
    check(anonymous.newPage(), problems, List.of(
        visit("forgot", p -> p.navigate(server.baseUrl() + "/password/forgot")),
        visit("forgot-error", p -> p.click("form[action='/password/forgot'] button[type=submit]")),
        visit("forgot-sent", p -> {
          p.fill("#email", "nobody@example.test");
          p.click("form[action='/password/forgot'] button[type=submit]");
        }),
        visit("reset", p -> p.navigate(server.baseUrl() + "/password/reset?token=not-a-real-token")),
        visit("reset-error", p -> {
          p.fill("#password", "a long enough password");
          p.click("form[action='/password/reset'] button[type=submit]");
        })));
    anonymous.close();

    BrowserContext member = context("Europe/Paris", "fr", true);
    Page page = member.newPage();
    signIn(page, "tina_times");
    check(page, problems, List.of(
        visit("settings", p -> p.navigate(server.baseUrl() + "/settings")),
        visit("settings-zone-error", p -> {
          p.fill("#timeZone", "Mars/Olympus");
          p.click("form[action='/settings/time-zone'] button[type=submit]");
        }),
        visit("settings-password-error", p -> {
          p.fill("#currentPassword", "wrong password");
          p.fill("#newPassword", "another long password");
          p.click("form[action='/settings/password'] button[type=submit]");
        })));
    member.close();

    BrowserContext moderator = context("Europe/Paris", "en", true);
    Page mod = moderator.newPage();
    signIn(mod, "mia_mod");
    check(mod, problems, List.of(
        visit("profile-moderator", p -> p.navigate(server.baseUrl() + "/u/target_tom")),
        visit("profile-silence-error", p -> {
          p.fill("#silence-reason", "Cool off");
          p.click("form[action='/u/target_tom/silence'] button[type=submit]");
        })));
    moderator.close();
    assertThat(problems).isEmpty();
  }

  private static void signIn(Page page, String username) {
    page.navigate(server.baseUrl() + "/login");
    page.fill("#login", username);
    page.fill("#password", "correct horse battery");
    page.click("form[action='/login'] button[type=submit]");
    page.waitForURL(server.baseUrl() + "/");
  }

  record Visit(String name, Consumer<Page> action) {}

  private static Visit visit(String name, Consumer<Page> action) {
    return new Visit(name, action);
  }

  private static void check(Page page, List<String> problems, List<Visit> visits) {
    for (Visit v : visits) {
      v.action().accept(page);
      page.waitForLoadState(LoadState.LOAD);
      String at = v.name() + " (" + page.url().replace(server.baseUrl(), "") + ")";
      page.addScriptTag(new Page.AddScriptTagOptions().setContent(AccessibilityTour.axeSource()));
      problems.addAll(AccessibilityTour.axeViolations(page, at, new JsonObject().put("runOnly",
          new JsonObject().put("type", "tag").put("values", AccessibilityTour.WCAG_TAGS))));
      for (Object problem : (List<?>) page.evaluate(AccessibilityTour.STRUCTURE_CHECK)) {
        problems.add(at + ": " + problem);
      }
      browser.screenshot(page, "account-" + v.name() + "-1280");
      page.setViewportSize(360, 740);
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
      problems.addAll(AccessibilityTour.axeViolations(page, at + " in dark mode at 360 px", AccessibilityTour.DARK_RULES));
      page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
      browser.screenshot(page, "account-" + v.name() + "-360");
      List<?> w = (List<?>) page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
      if (((Number) w.get(0)).intValue() > ((Number) w.get(1)).intValue()) {
        problems.add(at + ": scrolls sideways at 360 px (" + w.get(0) + " px wide)");
      }
      page.setViewportSize(1280, 800);
    }
  }
}
