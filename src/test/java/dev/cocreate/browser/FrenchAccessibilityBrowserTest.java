package dev.cocreate.browser;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * French words run longer than English ones ("Se connecter", "Fils de discussion plus anciens"), so
 * buttons, tabs and badges that fit at 360 px in English may not in French: the same tour, in a
 * class of its own so that it runs beside the English one.
 */
@Tag("browser")
@DisplayName("Every page is accessible and fits a 360 px phone, in French")
class FrenchAccessibilityBrowserTest {
  @RegisterExtension
  static BrowserSupport browser = new BrowserSupport();

  @BeforeAll
  static void prepare() throws IOException {
    AccessibilityTour.prepare();
  }

  @Test
  @DisplayName("every page for every role: no axe violations, no sideways scrolling at 360 px")
  void frenchPagesFitAPhone() {
    AccessibilityTour.sweep(browser, "fr");
  }
}
