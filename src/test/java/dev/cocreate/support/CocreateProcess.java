package dev.cocreate.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assertions;

/**
 * The packaged server, {@code java -jar target/cocreate.jar ...}, run as a separate process the way
 * an operator runs it: its own environment (no inherited {@code COCREATE_*}), its own working
 * directory, output kept in {@code target/startup-it/NAME.log}.
 *
 * <p>As root it can run the jar as another user through {@code runuser}. Signals then go to the
 * JVM itself, not to runuser: runuser answers SIGTERM by killing its child two seconds later, which
 * is not the graceful stop under test.
 */
public final class CocreateProcess implements AutoCloseable {
  /**
   * How long a first start may take before a test calls it failed: a PostgreSQL cluster created,
   * every migration applied, perhaps the demo seeded. About 10 s on a quiet machine; over 60 s was
   * seen with two test JVMs and other builds sharing two cores. Only a failing start waits this long.
   */
  public static final Duration READY = Duration.ofSeconds(240);

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Path LOG_DIR = Path.of("target", "startup-it");

  private final String name;
  private final Process process;
  private final Path log;
  private final boolean wrapped;
  /**
   * JVMs under the started one, seen when it was ready: started plainly, the jar's serve command
   * relaunches itself under its heap policy and the JVM started here is only its launcher. Kept
   * because a killed launcher's child is no longer its descendant, yet must be waited for.
   */
  private final List<ProcessHandle> servers = new CopyOnWriteArrayList<>();

  private CocreateProcess(String name, Process process, Path log, boolean wrapped) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.wrapped = wrapped;
  }

  /** The fat jar built by {@code package}; the *IT tests run in {@code verify}, after it. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("cocreate.jar", "target/cocreate.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      Assertions.fail(jar + " does not exist: run these tests with 'mvn -B verify', which packages the jar first");
    }
    return jar;
  }

  public static Path javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** How to start one process. */
  public static final class Spec {
    private final String name;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private final List<String> unset = new ArrayList<>();
    private Path jar = CocreateProcess.jar();
    private Path workDir;
    private String runAs;
    private String stdin;

    private Spec(String name) {
      this.name = name;
    }

    public Spec env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Spec env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    /** Leaves this variable out of the environment the process would inherit (JAVA_TOOL_OPTIONS of the machine, say). */
    public Spec withoutEnv(String key) {
      unset.add(key);
      return this;
    }

    public Spec args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    public Spec jar(Path path) {
      jar = path;
      return this;
    }

    public Spec workDir(Path dir) {
      workDir = dir;
      return this;
    }

    Spec workDirIfUnset(Path dir) {
      if (workDir == null) {
        workDir = dir;
      }
      return this;
    }

    /** Runs the JVM as this OS user through runuser; only root can. */
    public Spec runAs(String user) {
      runAs = user;
      return this;
    }

    /** Text written to standard input, which is then closed; without it stdin is /dev/null. */
    public Spec stdin(String text) {
      stdin = text;
      return this;
    }

    public CocreateProcess start() {
      return CocreateProcess.start(this);
    }
  }

  public static Spec spec(String name) {
    return new Spec(name);
  }

  private static CocreateProcess start(Spec spec) {
    List<String> command = new ArrayList<>();
    if (spec.runAs != null) {
      command.addAll(List.of("runuser", "-u", spec.runAs, "--", "env"));
      spec.env.forEach((k, v) -> command.add(k + "=" + v));
    }
    command.addAll(List.of(javaBinary().toString(), "-jar", spec.jar.toString()));
    command.addAll(spec.args);
    ProcessBuilder pb = new ProcessBuilder(command);
    if (spec.workDir != null) {
      pb.directory(spec.workDir.toFile());
    }
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("COCREATE_"));
    env.keySet().removeAll(spec.unset);
    env.putAll(spec.env);
    Path log;
    try {
      Files.createDirectories(LOG_DIR);
      log = LOG_DIR.resolve(spec.name + "-" + COUNTER.incrementAndGet() + ".log").toAbsolutePath();
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pb.redirectErrorStream(true);
    pb.redirectOutput(Redirect.to(log.toFile()));
    pb.redirectInput(spec.stdin == null ? Redirect.from(new File("/dev/null")) : Redirect.PIPE);
    try {
      Process p = pb.start();
      if (spec.stdin != null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(spec.stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      return new CocreateProcess(spec.name, p, log, spec.runAs != null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  /** The JVM running the jar (under runuser, its child). */
  public ProcessHandle jvm() {
    if (!wrapped) {
      return process.toHandle();
    }
    AtomicReference<ProcessHandle> jvm = new AtomicReference<>();
    Eventually.until(Duration.ofSeconds(20), () -> {
      process.toHandle().children().findFirst().ifPresent(jvm::set);
      if (jvm.get() == null && !process.isAlive()) {
        throw new AssertionError(name + ": runuser exited without starting a JVM\n" + output());
      }
      return jvm.get() != null;
    }, () -> name + ": runuser started no JVM\n" + output());
    return jvm.get();
  }

  /**
   * The JVM that serves when the jar relaunched itself under its heap policy ({@link #jvm()} is
   * then only its launcher), as seen when the server was ready; empty when the launcher serves
   * itself (the operator gave heap options, or the policy is off).
   */
  public Optional<ProcessHandle> relaunchedServer() {
    return servers.stream().findFirst();
  }

  private List<ProcessHandle> javaChildren() {
    return jvm().children().filter(c -> c.info().command().map(cmd -> cmd.endsWith("/java")).orElse(false)).toList();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Ready as an operator sees it: GET /health/ready answers 200 and the log says "Cocreate is
   * ready" (printed after the demo data is seeded, which happens while the port already answers).
   * Fails with the server's output if it exits or time runs out.
   */
  public void awaitReady(int port, Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    Eventually.until(timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      try {
        // The log line first: reading a file is cheaper for a starting server than a request.
        return output().contains("Cocreate is ready")
            && client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException notYet) {
        return false; // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }, () -> name + ": /health/ready was not 200 within " + timeout.toSeconds() + " s:\n" + output());
    servers.addAll(javaChildren());
  }

  /** SIGTERM to the JVM, as a service manager or Ctrl-C would send. */
  public void terminate() {
    jvm().destroy();
  }

  /**
   * Waits for the process to end, and the server JVM it relaunched (a restart on the same data
   * directory needs it gone); fails with its output if they do not within the timeout.
   */
  public int awaitExit(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s:\n" + output());
      }
      for (ProcessHandle server : servers) {
        server.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      throw new AssertionError(name + ": its server JVM " + servers + " outlived it by more than " + timeout.toSeconds() + " s:\n" + output());
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** Everything the process printed so far (stdout and stderr). */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }

  public List<String> outputLines() {
    return output().lines().filter(l -> !l.isBlank()).toList();
  }

  public Path log() {
    return log;
  }

  /** Kills whatever is left of the process, JVM first; idempotent. */
  @Override
  public void close() {
    servers.forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
