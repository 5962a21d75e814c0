package dev.cocreate.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The servers a benchmark measures run as JVMs of their own, on this JVM's class path, so that
 * their memory and CPU are theirs alone (read from /proc by {@link Proc}); this starts one and
 * waits until it answers.
 */
final class ChildJvm {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ChildJvm() {}

  /** Starts {@code mainClass} with these JVM options and environment, its output appended to {@code log}. */
  static Process start(String mainClass, Path log, Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return pb.start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Waits until {@code url} answers 200, failing at once if {@code process} (when given) stopped
   * meanwhile: a server that cannot start should not cost the whole deadline.
   */
  static void awaitHttp(String url, int seconds, Process process, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("the server stopped while starting; see " + log);
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(url + " did not come up in " + seconds + " s; see " + log);
  }
}
