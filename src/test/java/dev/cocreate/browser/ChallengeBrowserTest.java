package dev.cocreate.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("Challenges in a real browser")
class ChallengeBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();
  static TestHttp seeder;

  @BeforeAll
  static void start() {
    TestHttp owner = server.http();
    owner.register("olga");
    Resp org = owner.post("/api/orgs", new JsonObject().put("slug", "trailco").put("name", "TrailCo")
        .put("description", "Outdoor gear, built with our customers"));
    assertThat(org.status()).as(org.toString()).isEqualTo(201);
    server.http().register("mia");
    server.http().register("sam");
    seeder = server.http();
    seeder.register("seda");
  }

  @Test
  @DisplayName("a firm posts and opens a challenge, a member sees a similar idea while typing, another supports, the firm answers")
  void postSubmitSupportAnswer() {
    String base = server.baseUrl();

    // The firm drafts the brief through its page and opens it.
    Page firm = browser.page();
    ThreadBrowserTest.signIn(firm, base, "olga");
    firm.navigate(base + "/orgs/trailco");
    firm.click("text=Post a challenge");
    firm.fill("#title", "Tent poles without virgin aluminium");
    firm.fill("#summary", "Poles as strong as today's, from recycled or bio-based material.");
    firm.fill("#problem", "Our poles use **virgin aluminium**, the largest share of a tent's footprint.");
    firm.fill("#desiredOutcomes", "- same stiffness\n- under 10% more weight");
    firm.fill("#criterionName0", "Footprint saved");
    firm.fill("#criterionWeight0", "3");
    firm.fill("#criterionName1", "Cost");
    firm.fill("#criterionWeight1", "1");
    firm.fill("#reward", "EUR 3,000 and a prototype run");
    firm.fill("#ipTerms", "You keep authorship; TrailCo gets a licence to build it.");
    firm.fill("#closesAt", LocalDateTime.now(ZoneOffset.UTC).plusDays(12).plusHours(5).withSecond(0).withNano(0).toString());
    firm.click("form[action='/c/new'] button[type=submit]");
    assertThat(firm.locator("h1")).hasText("Tent poles without virgin aluminium");
    assertThat(firm.locator(".badge.phase")).hasText("Draft");
    firm.click(".team-tools button:has-text('Open for ideas')");
    assertThat(firm.locator(".badge.phase")).hasText("Open");
    assertThat(firm.locator(".countdown")).containsText("closes in 12 days");
    long challengeId = Long.parseLong(firm.url().replaceAll(".*/c/(\\d+).*", "$1"));
    browser.screenshot(firm, "challenge-open");

    // Someone already had a similar idea.
    Resp seeded = seeder.post("/api/challenges/" + challengeId + "/ideas", new JsonObject()
        .put("title", "Recycled aluminium tent poles").put("pitch", "Poles from recycled cans.")
        .put("body", "Melt, draw, anodise.").put("acceptTerms", true));
    assertThat(seeded.status()).as(seeded.toString()).isEqualTo(201);
    long seededId = seeded.json().getLong("id");

    // A member starts an idea and is shown the similar one while typing.
    Page mia = browser.newPage();
    ThreadBrowserTest.signIn(mia, base, "mia");
    mia.navigate(base + "/c/" + challengeId);
    mia.click("text=Submit an idea");
    mia.locator("#title").pressSequentially("Recycled aluminium poles", new Locator.PressSequentiallyOptions().setDelay(20));
    Locator similar = mia.locator("#similar-ideas");
    assertThat(similar).containsText("Similar ideas already submitted");
    assertThat(similar.locator("a[href='/i/" + seededId + "']")).hasText("Recycled aluminium tent poles");
    mia.fill("#pitch", "Poles drawn from recycled bike frames, same alloy as today.");
    mia.fill("#body", "Bike frames use **6061**, the alloy our poles need.");
    browser.screenshot(mia, "idea-form-similar");
    mia.check("#acceptTerms");
    mia.click("form.idea-form button[type=submit]");
    assertThat(mia.locator("h1")).hasText("Recycled aluminium poles");
    long ideaId = Long.parseLong(mia.url().replaceAll(".*/i/(\\d+).*", "$1"));

    // Another member supports it from the leaderboard; the firm's open page follows live.
    firm.navigate(base + "/c/" + challengeId);
    Page sam = browser.newPage();
    ThreadBrowserTest.signIn(sam, base, "sam");
    sam.navigate(base + "/c/" + challengeId);
    Locator card = sam.locator("#idea-" + ideaId);
    card.locator("form.support-form button").click();
    assertThat(sam.locator("#idea-" + ideaId + " .support-count")).hasText("1");
    assertThat(sam.locator("#idea-" + ideaId + " form.support-form button")).containsText("Supported");
    assertThat(sam.locator(".idea-list > li").first()).hasAttribute("data-idea-id", String.valueOf(ideaId));
    assertThat(firm.locator("#idea-" + ideaId + " .support-count")).hasText("1");
    browser.screenshot(sam, "challenge-leaderboard");

    // The firm answers on the review board.
    firm.navigate(base + "/c/" + challengeId + "/review");
    Locator item = firm.locator("#idea-" + ideaId);
    item.locator("select[name=status]").selectOption("in_review");
    item.locator("textarea[name=note]").fill("We are testing bike-frame alloy in our lab this month.");
    item.locator("form.answer-form button[type=submit]").click();
    assertThat(firm.locator("#status-in_review #idea-" + ideaId)).isVisible();
    browser.screenshot(firm, "review-board");

    // The author sees the answer on the idea page.
    mia.reload();
    assertThat(mia.locator(".idea .badge.status").first()).hasText("In review");
    assertThat(mia.locator(".response-list .response")).containsText("We are testing bike-frame alloy");
    browser.screenshot(mia, "idea-answered");

    // And the pages hold together on a small phone.
    mia.setViewportSize(360, 800);
    mia.navigate(base + "/c/" + challengeId);
    browser.screenshot(mia, "challenge-360");
    assertThat((Boolean) mia.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
    mia.navigate(base + "/i/" + ideaId);
    browser.screenshot(mia, "idea-360");
    assertThat((Boolean) mia.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
    firm.setViewportSize(360, 800);
    firm.navigate(base + "/orgs/trailco");
    browser.screenshot(firm, "org-360");
    assertThat((Boolean) firm.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
    firm.navigate(base + "/c/" + challengeId + "/review");
    browser.screenshot(firm, "review-360");
    assertThat((Boolean) firm.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
    firm.setViewportSize(1280, 900);
    firm.navigate(base + "/orgs/trailco");
    browser.screenshot(firm, "org-stats");
  }
}
