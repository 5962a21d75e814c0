package dev.cocreate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A test that sleeps guesses how long the machine needs: too short and it fails on a busy 2-core
 * machine, too long and every run pays for it. Tests wait for what they need instead: a condition
 * with {@code Eventually}, the server's timers moved by a {@code TestClock}, a process by its output
 * or exit. This keeps sleeps from coming back.
 */
@DisplayName("Tests do not sleep on real time")
class NoRealTimeSleepTest {
  /**
   * The test sources, relative to the project directory that Maven runs tests in. The benchmarks,
   * which measure real time under load on purpose, are a source set of their own (src/bench/java)
   * and are not read; a benchmark package here would be, like any test.
   */
  static final Path TESTS = Path.of("src", "test", "java");

  /**
   * Thread's sleep and TimeUnit's, called or referenced ({@code ::}), statically imported or not,
   * however spaced or split over lines.
   */
  static final Pattern SLEEP = Pattern.compile("\\bThread\\s*(?:\\.|::)\\s*sleep\\b"
      + "|\\b(?:NANOSECONDS|MICROSECONDS|MILLISECONDS|SECONDS|MINUTES|HOURS|DAYS)\\s*(?:\\.|::)\\s*sleep\\b");

  @Test
  @DisplayName("no test source calls the sleep of Thread or of a TimeUnit")
  void noSleepInTests() throws IOException {
    List<Path> scanned = new ArrayList<>();
    List<String> sleeps = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TESTS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        scanned.add(file);
        sleeps.addAll(sleepsIn(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    assertThat(scanned).as("the scan found the test sources (run from the project directory)")
        .contains(TESTS.resolve(Path.of("dev", "cocreate", "architecture", "NoRealTimeSleepTest.java")));
    assertThat(sleeps).as("sleeps in tests: wait with Eventually.until for a condition, or move a TestClock"
        + " that the server's timer reads, instead").isEmpty();
  }

  @Test
  @DisplayName("the check finds a sleep in each form it can take, and nothing else")
  void theCheckFindsEachForm() {
    // Each sample is split where the pattern would match, so that this file passes its own check.
    List<String> forms = List.of(
        "Thread" + ".sleep(50);",
        "java.lang.Thread" + ".sleep(50);",
        "Thread" + " .\n    sleep(50);",
        "import static java.lang.Thread" + ".sleep;",
        "Runnable r = Thread" + "::sleep;",
        "TimeUnit.SECONDS" + ".sleep(1);",
        "MILLISECONDS" + ".sleep(20);",
        "java.util.concurrent.TimeUnit.NANOSECONDS" + ".sleep(5);");
    for (String form : forms) {
      assertThat(sleepsIn("Sample.java", form)).as(form).hasSize(1);
    }
    List<String> waits = List.of(
        "Eventually.until(\"the reply\", () -> posted.get() > 0);",
        "clock.advance(Duration.ofSeconds(5));",
        "process.waitFor(10, TimeUnit.SECONDS);",
        "client.await(1000);",
        "// the test no longer sleeps",
        "void sleepless() {}");
    for (String wait : waits) {
      assertThat(sleepsIn("Sample.java", wait)).as(wait).isEmpty();
    }
  }

  /** Each sleep in {@code source}, as file:line: the line's text. */
  static List<String> sleepsIn(String file, String source) {
    List<String> found = new ArrayList<>();
    Matcher m = SLEEP.matcher(source);
    while (m.find()) {
      int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      int from = source.lastIndexOf('\n', m.start()) + 1;
      int to = source.indexOf('\n', m.start());
      found.add(file + ":" + line + ": " + source.substring(from, to < 0 ? source.length() : to).strip());
    }
    return found;
  }
}
