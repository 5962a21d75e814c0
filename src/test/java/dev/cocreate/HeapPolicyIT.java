package dev.cocreate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.jvm.HeapPolicy;
import dev.cocreate.support.CocreateProcess;
import dev.cocreate.support.JarSandbox;
import dev.cocreate.support.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #23: the packaged jar started plainly runs its server with a bounded heap, whatever the
 * machine; an operator's own heap options win. One data directory for all (its cluster is made once).
 */
@DisplayName("java -jar cocreate.jar: heap policy")
class HeapPolicyIT {
  static final Duration READY = CocreateProcess.READY;
  static final Pattern HEAP_MAX = Pattern.compile("^jvm_memory_max_bytes\\{area=\"heap\"[^}]*} (\\S+)$", Pattern.MULTILINE);
  static final long MIB = 1024 * 1024;

  @RegisterExtension
  static final JarSandbox sandbox = JarSandbox.perClass("cc-heap-it-");

  @Test
  @DisplayName("started plainly, the server JVM runs under the policy (bounded heap, serial collector) beside a small launcher that passes its output through and SIGTERM on, and exits 0 with it")
  void plainStartRunsUnderThePolicy() throws Exception {
    int port = TestServer.freePort();
    CocreateProcess launcher = start("plain", env(port));
    launcher.awaitReady(port, READY); // the server's "Cocreate is ready" reached the launcher's standard output

    ProcessHandle server = launcher.relaunchedServer().orElseThrow(() -> new AssertionError("no server JVM under the launcher:\n"
        + launcher.output()));
    assertThat(server.info().arguments().map(List::of).orElse(List.of())).as("the server JVM's command line")
        .contains("-Xms" + HeapPolicy.INITIAL_MIB + "m", "-Xmn" + HeapPolicy.YOUNG_MIB + "m", "-XX:+UseSerialGC", "-jar").anyMatch(a -> a.startsWith("-Xmx"));
    assertThat(maxHeapBytes(port)).as("max heap from /metrics, bytes").isPositive().isLessThanOrEqualTo(HeapPolicy.CAP_MIB * MIB);
    // The launcher only waits and forwards signals: a bare JVM (about 48 MiB here), not a second server.
    assertThat(rssBytes(launcher.jvm().pid())).as("the launcher's RSS, bytes").isLessThan(80 * MIB);

    launcher.terminate(); // SIGTERM to the launcher, as a service manager sends it to the pid it started
    assertThat(launcher.awaitExit(Duration.ofSeconds(60))).as(launcher.output()).isZero();
    assertThat(server.isAlive()).isFalse();
    assertThat(launcher.output()).as("the server stopped in order, not killed").contains("Shutting down", "Stopped")
        .contains("chosen by the heap policy (launcher pid " + launcher.jvm().pid());
  }

  @Test
  @DisplayName("kill -9 reaches only the launcher: the server JVM does not outlive it, and a restart on the same data directory serves")
  void serverGoesWithItsLauncher() throws Exception {
    int port = TestServer.freePort();
    CocreateProcess launcher = start("killed", env(port));
    launcher.awaitReady(port, READY);
    ProcessHandle server = launcher.relaunchedServer().orElseThrow();

    launcher.jvm().destroyForcibly();
    // awaitExit waits for the server JVM too, and fails if it is still there.
    assertThat(launcher.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
    assertThat(server.isAlive()).as("the server JVM after its launcher was killed").isFalse();

    CocreateProcess again = start("after-kill", env(port));
    again.awaitReady(port, READY);
    again.terminate();
    assertThat(again.awaitExit(Duration.ofSeconds(60))).as(again.output()).isZero();
  }

  @ParameterizedTest(name = "COCREATE_HEAP_POLICY=''{0}''")
  @ValueSource(strings = {"", "off"})
  @DisplayName("the server's exit status and output are the launcher's: an invalid setting exits 2 with its one line, relaunched or not")
  void exitStatusPassesThrough(String policy) {
    Map<String, String> env = env(TestServer.freePort());
    env.put("COCREATE_HTTP_PORT", "abc");
    env.put("COCREATE_HEAP_POLICY", policy);
    CocreateProcess jvm = start("exit-" + policy, env);
    assertThat(jvm.awaitExit(Duration.ofSeconds(60))).as(jvm.output()).isEqualTo(2);
    assertThat(jvm.outputLines()).as("everything it printed").singleElement(InstanceOfAssertFactories.STRING)
        .contains("COCREATE_HTTP_PORT");
  }

  @Test
  @DisplayName("an operator's -Xmx in JAVA_TOOL_OPTIONS wins: one JVM, with that heap")
  void operatorHeapOptionsWin() throws Exception {
    int port = TestServer.freePort();
    Map<String, String> env = env(port);
    env.put("JAVA_TOOL_OPTIONS", "-Xmx200m");
    CocreateProcess jvm = start("operator", env);
    jvm.awaitReady(port, READY);

    assertThat(jvm.relaunchedServer()).as("a relaunched server JVM").isEmpty();
    // Max heap as the pools report it: within a few MiB of -Xmx (a collector may keep a region aside).
    assertThat(maxHeapBytes(port)).isBetween(150 * MIB, 200 * MIB);
    jvm.terminate();
    assertThat(jvm.awaitExit(Duration.ofSeconds(60))).as(jvm.output()).isZero();
    assertThat(jvm.output()).contains("chosen by the operator, not the heap policy: -XX:MaxHeapSize was given");
  }

  /** The heap ceiling the server reports: the sum of its heap pools' max (pools without one say -1). */
  static long maxHeapBytes(int port) throws Exception {
    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    long sum = 0;
    Matcher m = HEAP_MAX.matcher(metrics);
    while (m.find()) {
      double v = Double.parseDouble(m.group(1));
      if (v > 0) {
        sum += (long) v;
      }
    }
    return sum;
  }

  static long rssBytes(long pid) throws IOException {
    Optional<String> line = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:")).findFirst();
    return Long.parseLong(line.orElseThrow().replaceAll("[^0-9]", "")) * 1024;
  }

  CocreateProcess start(String name, Map<String, String> env) {
    // The machine's own JAVA_TOOL_OPTIONS would be an operator's choice: only the test's count.
    return sandbox.start(CocreateProcess.spec("heap-" + name).withoutEnv("JAVA_TOOL_OPTIONS").withoutEnv("JDK_JAVA_OPTIONS").env(env));
  }

  static Map<String, String> env(int port) {
    return sandbox.serverEnv(port);
  }
}
