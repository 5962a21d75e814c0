package dev.cocreate.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.options.LoadState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Headless Chromium for page tests, driven by Playwright. Register it on a test class tagged
 * {@code @Tag("browser")}:
 *
 * <pre>
 * &#64;RegisterExtension static BrowserSupport browser = new BrowserSupport();
 * ...
 * browser.open(server.baseUrl() + "/register");
 * browser.fill("#username", "amy");
 * browser.click("button[type=submit]");
 * browser.waitForText("Welcome");
 * browser.screenshot("register-done");
 * </pre>
 *
 * <p>The browser is Debian's {@code chromium} (or {@code COCREATE_CHROMIUM}): Playwright never
 * downloads one, which could not work offline anyway. Without Chromium the tests are skipped with
 * a message, except under {@code CI=true}, where that is a failure. One browser per test JVM;
 * every test gets a fresh context (no cookies or storage from the test before) with one page.
 * A failing test leaves {@code target/screenshots/Class-method-failed.png}.
 */
public final class BrowserSupport implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
      "/usr/lib/chromium/chromium", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");
  /** Quiet, offline, container-safe: the machine has no network beyond package registries. */
  static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-quic", "--disable-default-apps", "--disable-extensions", "--mute-audio");

  /**
   * One Chromium per test JVM, shared by the browser test classes it runs one after another:
   * starting Playwright's driver and a browser took two to three seconds per class, a minute of
   * CI's ten over twenty-odd classes. Each test still gets a context of its own. Closed when the
   * JVM exits; started again if a class left it disconnected.
   */
  private static Playwright sharedPlaywright;
  private static Browser sharedBrowser;

  private Browser browser;
  private BrowserContext context;
  private Page page;
  private final List<BrowserContext> extraContexts = new ArrayList<>();

  /** The Chromium to use, or null. */
  public static Path findChromium() {
    String configured = System.getenv("COCREATE_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? p : null;
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
  }

  @Override
  public void beforeAll(ExtensionContext ctx) {
    Path chromium = findChromium();
    if (chromium == null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("Chromium not installed: browser tests cannot run (apt-get install chromium); CI=true requires them");
      }
      return; // each test is then skipped with the message, so the run counts and shows them
    }
    browser = shared(chromium);
  }

  private static synchronized Browser shared(Path chromium) {
    if (sharedBrowser != null && sharedBrowser.isConnected()) {
      return sharedBrowser;
    }
    closeShared();
    // The driver is Node.js code shipped inside the jar; without this it would fetch browsers.
    sharedPlaywright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    // launch() gives the browser a fresh temporary profile (user-data-dir) and removes it on close.
    sharedBrowser = sharedPlaywright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(chromium)
        .setHeadless(true)
        .setArgs(ARGS)
        .setTimeout(60_000));
    if (!shutdownHook) {
      Runtime.getRuntime().addShutdownHook(new Thread(BrowserSupport::closeShared, "close-chromium"));
      shutdownHook = true;
    }
    return sharedBrowser;
  }

  private static boolean shutdownHook;

  private static synchronized void closeShared() {
    try {
      if (sharedBrowser != null) {
        sharedBrowser.close();
      }
      if (sharedPlaywright != null) {
        sharedPlaywright.close();
      }
    } catch (PlaywrightException e) {
      // Already gone (a crashed browser): nothing left to close.
    } finally {
      sharedBrowser = null;
      sharedPlaywright = null;
    }
  }

  @Override
  public void afterAll(ExtensionContext ctx) {
    // The browser stays for the next class (see sharedBrowser); this class's contexts are closed.
    browser = null;
  }

  @Override
  public void beforeEach(ExtensionContext ctx) {
    if (browser == null) {
      Assumptions.abort("Chromium not installed: browser tests skipped (apt-get install chromium)");
    }
    context = newContext();
    page = context.newPage();
  }

  @Override
  public void afterEach(ExtensionContext ctx) {
    try {
      if (ctx.getExecutionException().isPresent() && page != null && !page.isClosed()) {
        screenshot(ctx.getRequiredTestClass().getSimpleName() + "-" + ctx.getRequiredTestMethod().getName() + "-failed");
      }
    } finally {
      extraContexts.forEach(BrowserContext::close);
      extraContexts.clear();
      if (context != null) {
        context.close();
      }
      context = null;
      page = null;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A new isolated session (its own cookies), e.g. a second member watching the same page. */
  public BrowserContext newContext() {
    return newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
  }

  /** A new isolated session with these options (viewport, colour scheme, CSP bypass for injected tools). */
  public BrowserContext newContext(Browser.NewContextOptions options) {
    if (browser == null) {
      throw new IllegalStateException("BrowserSupport must be registered with @RegisterExtension on a static field");
    }
    BrowserContext c = browser.newContext(options.setLocale("en-GB"));
    c.setDefaultTimeout(20_000);
    c.setDefaultNavigationTimeout(30_000);
    if (context != null) {
      extraContexts.add(c);
    }
    return c;
  }

  /** A new page in a new isolated context, closed after the test. */
  public Page newPage() {
    return newContext().newPage();
  }

  public Page page() {
    return page;
  }

  public BrowserContext context() {
    return context;
  }

  /** Navigates and waits for the load event. */
  public Page open(String url) {
    page.navigate(url);
    page.waitForLoadState(LoadState.LOAD);
    return page;
  }

  public Locator find(String selector) {
    return page.locator(selector);
  }

  public void fill(String selector, String value) {
    page.locator(selector).fill(value);
  }

  /** Clicks and, when that starts a navigation (a form post, a link), waits for the new page to load. */
  public void click(String selector) {
    page.locator(selector).click();
    page.waitForLoadState(LoadState.LOAD);
  }

  /** Waits until an element matching the selector is visible; returns it. */
  public Locator waitFor(String selector) {
    Locator l = page.locator(selector).first();
    l.waitFor();
    return l;
  }

  /** Waits until the text is visible somewhere on the page; returns the element. */
  public Locator waitForText(String text) {
    Locator l = page.getByText(text).first();
    l.waitFor();
    return l;
  }

  /** A full-page PNG in target/screenshots/NAME.png; returns its path. */
  public Path screenshot(String name) {
    return screenshot(page, name);
  }

  public Path screenshot(Page of, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = SCREENSHOTS.resolve(name + ".png");
    // A shot is evidence for a reader, not a check: Chromium under load sometimes answers "Unable to
    // capture screenshot" once, which must not fail the test that took it. One more try, then a note.
    for (int attempt = 1; ; attempt++) {
      try {
        of.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
      } catch (PlaywrightException e) {
        if (attempt == 2) {
          System.err.println("screenshot " + name + " not taken: " + e.getMessage().lines().findFirst().orElse(""));
          return file;
        }
      }
    }
  }
}
