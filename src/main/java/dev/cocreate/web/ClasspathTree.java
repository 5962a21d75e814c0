package dev.cocreate.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every file under one directory of the classpath, whether that is a directory ({@code
 * target/classes} in tests) or a jar (the packaged server), or under a directory on the disk.
 * Blocking; for start-up only. Files and directories whose name starts with a dot are left out.
 */
final class ClasspathTree {
  private ClasspathTree() {}

  /** Path under {@code root} (e.g. {@code css/app.css}) to content; empty when there is no such directory. */
  static Map<String, byte[]> read(ClassLoader loader, String root) {
    Map<String, byte[]> files = new TreeMap<>();
    try {
      // Every classpath entry that has the directory, in classpath order: the first one wins.
      Enumeration<URL> urls = loader.getResources(root);
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        Map<String, byte[]> found = switch (url.getProtocol()) {
          case "file" -> readDirectory(Path.of(url.toURI()));
          case "jar" -> readJar(url, root);
          default -> throw new IllegalStateException("cannot list " + url + ": neither a directory nor a jar");
        };
        found.forEach(files::putIfAbsent);
      }
      if (files.isEmpty()) {
        // A jar written without directory entries has no URL for the directory itself: look in
        // the jar this class came from.
        URL self = ClasspathTree.class.getProtectionDomain().getCodeSource().getLocation();
        if (self != null && "file".equals(self.getProtocol()) && self.getPath().endsWith(".jar")) {
          files.putAll(readJar(new URL("jar:" + self + "!/"), root));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + root + "/ from the classpath: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("could not read " + root + "/ from the classpath: " + e.getMessage(), e);
    }
    return files;
  }

  /** Every file under {@code dir}, by path relative to it with '/' separators. */
  static Map<String, byte[]> readDirectory(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path relative = dir.relativize(p);
        if (p.equals(dir) || hidden(relative.toString().replace('\\', '/')) || !Files.isRegularFile(p)) {
          continue;
        }
        files.put(relative.toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException("could not read " + dir + ": " + e.getMessage(),
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
    return files;
  }

  private static Map<String, byte[]> readJar(URL url, String root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    JarURLConnection connection = (JarURLConnection) url.openConnection();
    // A JarFile of our own, closed here, rather than the JVM's shared cached one.
    connection.setUseCaches(false);
    String prefix = root + "/";
    try (JarFile jar = connection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith(prefix) || hidden(name.substring(prefix.length()))) {
          continue;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          files.put(name.substring(prefix.length()), in.readAllBytes());
        }
      }
    }
    return files;
  }

  private static boolean hidden(String relativePath) {
    for (String part : relativePath.split("/")) {
      if (part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
