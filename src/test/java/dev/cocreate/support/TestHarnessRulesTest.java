package dev.cocreate.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps the test suite on one harness, read from the test sources: a class gets its node from
 * {@link CocreateServer} and its data from {@link Community}, so a new test is written the one way.
 */
@DisplayName("The test harness: classes get their node from the extension and their data from the community fixture")
class TestHarnessRulesTest {
  static final Path TESTS = Path.of("src/test/java/dev/cocreate");

  /** Files allowed to keep a node of their own, and why. */
  static final Map<String, String> OWN_NODE = Map.of(
      "browser/DemoSite.java", "one seeded demo site shared by several browser classes for the whole JVM, not one class");

  /** A node kept in a variable or field rather than given by the extension or opened by a try for one test. */
  static final Pattern KEPT_NODE = Pattern.compile("^(?!\\s*try \\().*\\b\\w+\\s*=\\s*TestServer\\.start\\(", Pattern.MULTILINE);
  static final Pattern FIXTURE_CLASS = Pattern.compile("\\b(class|record)\\s+\\w*(Fixture|Fixtures|Rig)\\b");

  static Map<String, String> sources() {
    try (Stream<Path> files = Files.walk(TESTS)) {
      Map<String, String> out = new TreeMap<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        out.put(TESTS.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("no test class starts and keeps a server by hand: it registers CocreateServer (other nodes start on its database)")
  void noServerBootedByHand() {
    List<String> found = new ArrayList<>();
    sources().forEach((file, text) -> {
      if (!file.startsWith("support/") && !OWN_NODE.containsKey(file) && KEPT_NODE.matcher(text).find()) {
        found.add(file);
      }
    });
    assertThat(found).as("register `@RegisterExtension static final CocreateServer server = CocreateServer.start(...)` instead")
        .isEmpty();
  }

  @Test
  @DisplayName("test data is made by support/Community alone: no other fixture or rig class")
  void oneCommunityFixture() {
    List<String> found = new ArrayList<>();
    sources().forEach((file, text) -> {
      if (FIXTURE_CLASS.matcher(text).find()) {
        found.add(file);
      }
    });
    assertThat(found).as("add what a test needs to support/Community").isEmpty();
  }
}
