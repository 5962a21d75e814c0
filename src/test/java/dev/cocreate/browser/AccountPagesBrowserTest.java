package dev.cocreate.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.cocreate.support.CocreateServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("Account pages in a real browser")
class AccountPagesBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @RegisterExtension static final CocreateServer server = CocreateServer.start();

  @Test
  @DisplayName("register with a too-short password shows the error at the field; fixed, it signs in; sign out and back in")
  void registerSignOutSignIn() {
    String base = server.baseUrl();
    browser.open(base + "/register");
    PlaywrightAssertions.assertThat(browser.page()).hasTitle("Create your account · Cocreate");
    browser.fill("#username", "amy_browser");
    browser.fill("#email", "amy@example.test");
    browser.fill("#displayName", "Amy Browser");
    browser.fill("#password", "short");
    browser.screenshot("register-filled");
    browser.click("form[action='/register'] button[type=submit]");

    // The page comes back with the error inside the password's own field, tied to the input.
    Locator passwordField = browser.find(".field:has(#password)");
    Locator fieldError = passwordField.locator(".field-error");
    PlaywrightAssertions.assertThat(fieldError).isVisible();
    PlaywrightAssertions.assertThat(fieldError).containsText("at least 10 characters");
    PlaywrightAssertions.assertThat(browser.find("#password")).hasAttribute("aria-invalid", "true");
    assertThat(browser.find("#password").getAttribute("aria-describedby")).contains(fieldError.getAttribute("id"));
    PlaywrightAssertions.assertThat(browser.find("#username")).not().hasAttribute("aria-invalid", "true");
    // What was typed is kept, except the password.
    PlaywrightAssertions.assertThat(browser.find("#username")).hasValue("amy_browser");
    PlaywrightAssertions.assertThat(browser.find("#displayName")).hasValue("Amy Browser");
    PlaywrightAssertions.assertThat(browser.find("#password")).hasValue("");
    assertThat(fieldError.boundingBox().y).as("the error sits below its input")
        .isGreaterThan(browser.find("#password").boundingBox().y);
    browser.screenshot("register-password-too-short");

    browser.fill("#password", "a long enough password");
    browser.click("form[action='/register'] button[type=submit]");

    assertThat(browser.page().url()).isEqualTo(base + "/");
    Locator me = browser.find(".site-header a[href='/u/amy_browser']");
    PlaywrightAssertions.assertThat(me).hasText("Amy Browser");
    browser.screenshot("home-after-register");

    // Sign out is in the header's menu, on every width.
    browser.click(".site-header .nav-menu > summary");
    browser.click(".site-header button:has-text('Sign out')");
    assertThat(browser.page().url()).isEqualTo(base + "/");
    PlaywrightAssertions.assertThat(browser.find(".site-header a[href='/login']")).isVisible();
    PlaywrightAssertions.assertThat(me).hasCount(0);
    browser.screenshot("home-signed-out");

    browser.click(".site-header a[href='/login']");
    PlaywrightAssertions.assertThat(browser.page()).hasTitle("Sign in · Cocreate");
    browser.fill("#login", "amy_browser");
    browser.fill("#password", "a long enough password");
    browser.screenshot("login-filled");
    browser.click("form[action='/login'] button[type=submit]");

    assertThat(browser.page().url()).isEqualTo(base + "/");
    PlaywrightAssertions.assertThat(me).hasText("Amy Browser");
    browser.screenshot("home-after-login");
  }

  @Test
  @DisplayName("a wrong password on the sign-in page says so and keeps the login typed")
  void wrongPassword() {
    server.http().register("bob_browser");
    browser.open(server.baseUrl() + "/login");
    browser.fill("#login", "bob_browser");
    browser.fill("#password", "not the password");
    browser.click("form[action='/login'] button[type=submit]");

    PlaywrightAssertions.assertThat(browser.find(".form-error[role=alert]")).containsText("Wrong username, e-mail or password");
    PlaywrightAssertions.assertThat(browser.find("#login")).hasValue("bob_browser");
    PlaywrightAssertions.assertThat(browser.find(".site-header a[href='/login']")).isVisible();
    browser.screenshot("login-wrong-password");
  }
}
