package dev.cocreate.browser;

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
@DisplayName("The language switch in a real browser")
class LanguageBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static TestHttp paul;
  static long threadId;

  @BeforeAll
  static void start() {
    TestHttp admin = server.http();
    long id = admin.register("lb_admin").getLong("id");
    TestDatabase.execOn(server.dbUrl(), "update users set role = 'admin' where id = " + id);
    admin.post("/api/spaces", new JsonObject().put("slug", "forum").put("name", "Forum").put("description", "")
        .put("visibility", "public"));
    server.http().register("lea");
    paul = server.http();
    paul.register("paul");
    threadId = paul.post("/api/threads", new JsonObject().put("space", "forum").put("title", "Horaires")
        .put("body", "On ouvre à quelle heure ?")).json().getLong("id");
  }

  @Test
  @DisplayName("a member switches to French from the footer, stays on the page, and live updates arrive in French")
  void switchAndLiveUpdatesInFrench() {
    String base = server.baseUrl();
    Page lea = browser.page();
    ThreadBrowserTest.signIn(lea, base, "lea");
    lea.navigate(base + "/t/" + threadId);
    PlaywrightAssertions.assertThat(lea.locator("html")).hasAttribute("lang", "en");

    lea.locator("footer form[action='/locale'] button[value=fr]").click();
    lea.waitForURL(base + "/t/" + threadId);
    PlaywrightAssertions.assertThat(lea.locator("html")).hasAttribute("lang", "fr");
    PlaywrightAssertions.assertThat(lea.locator("#reply-heading")).hasText("Répondre à la discussion");
    PlaywrightAssertions.assertThat(lea.locator(".live-state")).hasText("En direct",
        new LocatorAssertions.HasTextOptions().setTimeout(5000));

    paul.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "Dès 8 heures."));
    Locator arrived = lea.locator(".post-tree li.post").nth(1);
    PlaywrightAssertions.assertThat(arrived).containsText("Dès 8 heures.", new LocatorAssertions.ContainsTextOptions().setTimeout(5000));
    // Shown relative, in French ("maintenant", "il y a 2 minutes"), from the instant it carries.
    PlaywrightAssertions.assertThat(arrived.locator("time").first()).hasText(Pattern.compile("^(maintenant|il y a .+)$"));
    PlaywrightAssertions.assertThat(arrived.locator("time").first())
        .hasAttribute("datetime", Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*$"));
    PlaywrightAssertions.assertThat(arrived.locator(".vote.up")).hasAttribute("aria-label", "Voter pour le message de PAUL");
    browser.screenshot(lea, "thread-in-french");

    // Stored on the account: the settings page shows it chosen, in French.
    lea.navigate(base + "/settings");
    PlaywrightAssertions.assertThat(lea.locator("h1")).hasText("Votre compte");
    PlaywrightAssertions.assertThat(lea.locator("select#language")).hasValue("fr");
  }
}
