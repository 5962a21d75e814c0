package dev.cocreate.browser;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("browser")
@DisplayName("Every page is accessible and fits a 360 px phone, in English")
class AccessibilityBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @BeforeAll
  static void prepare() throws IOException {
    AccessibilityTour.prepare();
  }

  @Test
  @DisplayName("anonymous visitors, members, a firm's team, moderators and admins: no axe violations, light and dark, no sideways scrolling")
  void everyPageForEveryRole() {
    AccessibilityTour.sweep(browser, "en");
  }
}
