package dev.cocreate.platform.db;

import com.sun.security.auth.module.UnixSystem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating-system account the PostgreSQL programs run as, and how to run them.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root, the programs run as
 * {@value #UNPRIVILEGED_USER} through {@code runuser} (or {@code su} where runuser is missing)
 * and the files they must own are chowned to that user. Otherwise they run as the current user.
 */
final class OsAccount {

  static final String UNPRIVILEGED_USER = "nobody";

  private static final Logger LOG = LoggerFactory.getLogger(OsAccount.class);
  private static final List<String> SBIN_DIRS =
      List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin");

  /** Null when the programs run as the current user. */
  private final String switchTo;

  private final UserPrincipal owner;
  private final Path runuser;
  private final Path su;

  private OsAccount(String switchTo, UserPrincipal owner, Path runuser, Path su) {
    this.switchTo = switchTo;
    this.owner = owner;
    this.runuser = runuser;
    this.su = su;
  }

  /** The account for this process: itself, or {@value #UNPRIVILEGED_USER} when it is root. */
  static OsAccount forThisProcess() {
    if (currentUid() != 0) {
      return new OsAccount(null, null, null, null);
    }
    UserPrincipal nobody;
    try {
      nobody =
          Path.of("/")
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(UNPRIVILEGED_USER);
    } catch (UserPrincipalNotFoundException e) {
      throw new EmbeddedPostgresException(
          "Cocreate runs as root and PostgreSQL refuses to run as root, but there is no user '"
              + UNPRIVILEGED_USER
              + "' to run it as; create that user or run Cocreate as a regular user");
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not look up user '" + UNPRIVILEGED_USER + "': " + e.getMessage(), e);
    }
    Path runuser = findProgram("runuser");
    Path su = runuser == null ? findProgram("su") : null;
    if (runuser == null && su == null) {
      throw new EmbeddedPostgresException(
          "Cocreate runs as root and must run PostgreSQL as user '"
              + UNPRIVILEGED_USER
              + "', but neither runuser nor su is installed; install util-linux or run Cocreate"
              + " as a regular user");
    }
    return new OsAccount(UNPRIVILEGED_USER, nobody, runuser, su);
  }

  /** True when the PostgreSQL programs run as another user than this JVM (i.e. we are root). */
  boolean switchesUser() {
    return switchTo != null;
  }

  /** The name of the user the programs run as, for messages. */
  String userName() {
    return switchTo != null ? switchTo : System.getProperty("user.name");
  }

  /** Hands a file or directory to the account the programs run as (no-op unless root). */
  void own(Path path) {
    if (owner == null) {
      return;
    }
    try {
      Files.setOwner(path, owner);
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not give " + path + " to user '" + switchTo + "': " + e.getMessage(), e);
    }
  }

  /** Hands a whole tree to the account the programs run as (no-op unless root). */
  void ownTree(Path root) {
    if (owner == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS)
            .setOwner(owner);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new EmbeddedPostgresException(
          "could not give " + root + " to user '" + switchTo + "': " + e.getMessage(), e);
    }
  }

  /**
   * Null if commands can be run as the account, else what went wrong (e.g. runuser refused in a
   * container without the capability to switch users).
   */
  String cannotSwitch() {
    if (switchTo == null) {
      return null;
    }
    ProcessBuilder pb = new ProcessBuilder(wrap(List.of("true"))).directory(new File("/"));
    pb.redirectInput(Redirect.from(new File("/dev/null")));
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readNBytes(2000); // ends when the command exits
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "it did not finish within 30s";
      }
      if (p.exitValue() == 0) {
        return null;
      }
      String text = new String(out, StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", " | ");
      return "exit code " + p.exitValue() + (text.isEmpty() ? "" : ": " + text);
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The program used to switch users, for messages. */
  String switchTool() {
    return runuser != null ? "runuser" : su != null ? "su" : "nothing";
  }

  /** True if the account can look up {@code path} and search/execute it ({@code test -x}). */
  boolean canReach(Path path) {
    if (switchTo == null) {
      return true;
    }
    int rc = run(List.of("test", "-x", path.toString()), Path.of("/"), null, Duration.ofSeconds(30));
    return rc == 0;
  }

  /**
   * The first directory on the way to {@code path} (or {@code path} itself) that the account
   * cannot pass, or {@code null} if it can reach {@code path}.
   */
  Path firstBlocked(Path path) {
    if (canReach(path)) {
      return null;
    }
    Path absolute = path.toAbsolutePath();
    Path walked = absolute.getRoot();
    for (Path part : absolute) {
      walked = walked.resolve(part);
      if (!canReach(walked)) {
        return walked;
      }
    }
    return absolute;
  }

  /**
   * Runs {@code command} as the account, appending its output to {@code log} (or discarding it
   * when {@code log} is null); returns the exit code.
   */
  int run(List<String> command, Path workDir, Path log, Duration timeout) {
    List<String> full = wrap(command);
    ProcessBuilder pb = new ProcessBuilder(full).directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    // The caller's PG* variables (PGDATA, PGPORT, PGOPTIONS...) must not steer our cluster.
    env.keySet().removeIf(k -> k.startsWith("PG"));
    env.put("LC_ALL", "C");
    pb.redirectInput(Redirect.from(new File("/dev/null")));
    pb.redirectErrorStream(true);
    if (log == null) {
      pb.redirectOutput(Redirect.DISCARD);
    } else {
      appendLine(log, "[cocreate] $ " + String.join(" ", command));
      pb.redirectOutput(Redirect.appendTo(log.toFile()));
    }
    LOG.debug("running {}", full);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not run " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        throw new EmbeddedPostgresException(
            Path.of(command.get(0)).getFileName()
                + " did not finish within "
                + timeout.toSeconds()
                + "s"
                + (log == null ? "" : " (log " + log + "): " + LogTail.of(log, 0)));
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EmbeddedPostgresException(
          "interrupted while waiting for " + Path.of(command.get(0)).getFileName(), e);
    }
  }

  private List<String> wrap(List<String> command) {
    if (switchTo == null) {
      return command;
    }
    List<String> full = new ArrayList<>();
    if (runuser != null) {
      full.add(runuser.toString());
      full.add("-u");
      full.add(switchTo);
      full.add("--");
      full.addAll(command);
    } else {
      full.add(su.toString());
      full.add("-s");
      full.add("/bin/sh");
      full.add(switchTo);
      full.add("-c");
      full.add("exec " + command.stream().map(OsAccount::shellQuote).collect(Collectors.joining(" ")));
    }
    return full;
  }

  static String shellQuote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  static void appendLine(Path log, String line) {
    try {
      Files.writeString(
          log,
          line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new EmbeddedPostgresException("could not write " + log + ": " + e.getMessage(), e);
    }
  }

  /** The effective user id of this process. */
  static long currentUid() {
    try {
      return new UnixSystem().getUid();
    } catch (RuntimeException | LinkageError e) {
      try {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      } catch (IOException | RuntimeException e2) {
        return "root".equals(System.getProperty("user.name")) ? 0 : -1;
      }
    }
  }

  private static Path findProgram(String name) {
    List<String> dirs = new ArrayList<>(SBIN_DIRS);
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
