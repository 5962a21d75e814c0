package dev.cocreate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the packaged jar's tests run it, as an operator's {@code /srv/cocreate} would be: a
 * directory of its own under {@code /tmp}, world-traversable because as root the embedded
 * PostgreSQL drops to {@code nobody}, who must reach {@code ./data}. The processes a test starts
 * through it are closed after the test, whatever it asserted, and so is any PostgreSQL left
 * serving the data directory (a server killed with -9 leaves its own); the directory goes after
 * the class, or after each test with {@link #perTest}.
 *
 * <pre>
 * &#64;RegisterExtension static final JarSandbox sandbox = JarSandbox.perClass("cc-heap-it-");
 * CocreateProcess server = sandbox.start(CocreateProcess.spec("plain").env(sandbox.serverEnv(port)));
 * </pre>
 */
public final class JarSandbox implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final String prefix;
  private final boolean perTest;
  private final List<CocreateProcess> processes = new ArrayList<>();
  private Path root;
  private Path dir;
  private String testName = "";

  private JarSandbox(String prefix, boolean perTest) {
    this.prefix = prefix;
    this.perTest = perTest;
  }

  /** One directory for the whole class: its tests share the data directory, one after another. */
  public static JarSandbox perClass(String prefix) {
    return new JarSandbox(prefix, false);
  }

  /** A fresh directory for each test method, named after it. */
  public static JarSandbox perTest(String prefix) {
    return new JarSandbox(prefix, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    root = openDirectory(Files.createTempDirectory(Path.of("/tmp"), prefix));
    dir = root;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    testName = context.getTestMethod().map(m -> m.getName()).orElse("test");
    if (perTest) {
      dir = openDirectory(Files.createTempDirectory(root, testName + "-"));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    processes.forEach(CocreateProcess::close);
    processes.clear();
    if (perTest) {
      killPostgresOf(dataDir().resolve("pg"));
      deleteTree(dir);
      dir = root;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    killPostgresOf(root.resolve("data").resolve("pg"));
    deleteTree(root);
  }

  /** The processes' working directory: the class's, or this test's with {@link #perTest}. */
  public Path dir() {
    return dir;
  }

  /** {@code ./data} in {@link #dir()}: where the jar keeps its PostgreSQL cluster by default. */
  public Path dataDir() {
    return dir.resolve("data");
  }

  /** The running test method's name, for the processes' log names. */
  public String testName() {
    return testName;
  }

  /** Starts the jar in {@link #dir()} (unless the spec names another directory) and closes it after the test. */
  public CocreateProcess start(CocreateProcess.Spec spec) {
    return track(spec.workDirIfUnset(dir).start());
  }

  /** Closes a process started otherwise after the test, as {@link #start} does. */
  public CocreateProcess track(CocreateProcess process) {
    processes.add(process);
    return process;
  }

  /** A server on 127.0.0.1:{@code port} keeping its data in {@link #dataDir()}; a map the test may add to. */
  public Map<String, String> serverEnv(int port) {
    Map<String, String> env = new HashMap<>();
    env.put("COCREATE_DATA_DIR", dataDir().toString());
    env.put("COCREATE_HTTP_HOST", "127.0.0.1");
    env.put("COCREATE_HTTP_PORT", Integer.toString(port));
    return env;
  }

  /** PostgreSQL processes serving {@code clusterDir}: a postmaster and its children work in it. */
  public static List<ProcessHandle> postgresOf(Path clusterDir) {
    Path real;
    try {
      real = clusterDir.toRealPath();
    } catch (IOException e) {
      return List.of(); // no cluster, so nothing can serve it
    }
    return ProcessHandle.allProcesses().filter(p -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(real);
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return false;
      }
    }).toList();
  }

  /** Kills what still serves {@code clusterDir}, so that a failed test leaves no PostgreSQL behind. */
  public static void killPostgresOf(Path clusterDir) {
    List<ProcessHandle> left = postgresOf(clusterDir);
    left.forEach(ProcessHandle::destroyForcibly);
    left.forEach(p -> p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join());
  }

  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path openDirectory(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }
}
