package dev.cocreate.web;

import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stylesheets, scripts and icon of the pages, held in memory and served under a fingerprint
 * of each file's content, {@code /static/v/<fingerprint>/css/app.css}, so browsers may keep them for
 * a year and never ask again, yet see a change on the first page after a deploy. Templates name an
 * asset with {@code {{asset "css/app.css"}}}.
 *
 * <p>The files come from the jar ({@code webroot/} on the classpath), so the server looks the same
 * whatever directory it is started from; an operator's {@code webrootDir} may replace or add files.
 * Both are read once at start-up: serving is a map lookup, with no file access on an event loop.
 *
 * <p>A fingerprint is the first 12 hex digits of the SHA-256 of the bytes served. The scripts are
 * ES modules that import each other by relative URL ({@code ./live.js}); those specifiers are
 * rewritten to the imported file's fingerprinted URL, so a module's bytes, hence its fingerprint,
 * change whenever anything it imports changes, and every import is cached for good too.
 *
 * <p>A URL whose fingerprint is not the file's current one (a page rendered by a node of another
 * release, behind the same proxy) still gets the current file, only not cached as immutable. The
 * unversioned {@code /static/...} URLs keep working, revalidated on use.
 */
public final class StaticAssets implements Helper<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(StaticAssets.class);

  /** The classpath directory the jar carries the assets in (the checkout's {@code webroot/}). */
  public static final String CLASSPATH_ROOT = "webroot";
  private static final String TEMPLATES_ROOT = "templates";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String REVALIDATE = "no-cache";
  /** /favicon.ico has a fixed URL, so it cannot be immutable; a day spares most requests for it. */
  private static final String FAVICON_CACHE = "public, max-age=86400";
  private static final String FAVICON = "favicon.ico";
  private static final int FINGERPRINT_CHARS = 12;

  /**
   * A relative module specifier after {@code from}, {@code import} or {@code import(}: the forms
   * our scripts use ({@code import { t } from './texts.js'}, {@code import './x.js'}, {@code
   * import('./x.js')}). Bare specifiers and absolute URLs are left alone.
   */
  private static final Pattern RELATIVE_IMPORT =
      Pattern.compile("(\\bfrom\\s*|\\bimport\\s*\\(?\\s*)(['\"])(\\.{1,2}/[^'\"\\s]+)\\2");
  /** How templates name an asset: {{asset "css/app.css"}}. */
  private static final Pattern ASSET_REFERENCE = Pattern.compile("\\{\\{~?\\s*asset\\s+\"([^\"]+)\"");

  /** One file as served. */
  record Asset(String path, byte[] bytes, String fingerprint, String contentType) {
    String etag() {
      return "\"" + fingerprint + "\"";
    }
  }

  private final Map<String, Asset> files;
  /** Asset names a template asked for that are not there: each logged once, not per page. */
  private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();

  private StaticAssets(Map<String, Asset> files) {
    this.files = Map.copyOf(files);
  }

  /**
   * The jar's assets, with those of {@code overrideDir} (may be null) replacing or adding files by
   * path. Blocking (reads every file): call it at start-up, before the HTTP verticles deploy, never
   * on an event loop. Logs what it found, and every asset a template names that is missing.
   */
  public static StaticAssets load(Path overrideDir) {
    ClassLoader loader = StaticAssets.class.getClassLoader();
    Map<String, byte[]> builtIn = ClasspathTree.read(loader, CLASSPATH_ROOT);
    Map<String, byte[]> merged = new TreeMap<>(builtIn);
    int replaced = 0;
    int added = 0;
    if (overrideDir != null) {
      Map<String, byte[]> own = ClasspathTree.readDirectory(overrideDir);
      for (Map.Entry<String, byte[]> e : own.entrySet()) {
        if (merged.put(e.getKey(), e.getValue()) == null) {
          added++;
        } else {
          replaced++;
        }
      }
    }
    if (builtIn.isEmpty()) {
      LOG.error("The jar carries no {}/ directory: pages will have no stylesheet, scripts or icon (was it built"
          + " with 'mvn package' from the checkout?)", CLASSPATH_ROOT);
    }
    StaticAssets assets = of(merged);
    if (overrideDir == null) {
      LOG.info("Assets: {} built-in files", builtIn.size());
    } else {
      LOG.info("Assets: {} built-in files, {} replaced and {} added from webrootDir {}",
          builtIn.size(), replaced, added, overrideDir);
    }
    assets.checkReferences(templateReferences(loader));
    return assets;
  }

  /** Fingerprints files given by path ({@code css/app.css}); tests and {@link #load} use it. */
  static StaticAssets of(Map<String, byte[]> raw) {
    return new StaticAssets(new Fingerprinter(raw).all());
  }

  /**
   * Logs each asset a template names that is not there: such a page still renders, with an
   * unversioned URL that answers 404, so the problem must be seen in the log at start-up.
   */
  void checkReferences(Map<String, Set<String>> referencesByAsset) {
    referencesByAsset.forEach((path, templates) -> {
      if (!files.containsKey(path) && reportedMissing.add(path)) {
        LOG.error("Asset {} is missing (templates {} link it): pages will link /static/{}, which answers 404",
            path, templates, path);
      }
    });
  }

  /** Every {{asset "..."}} in the classpath's templates, with the templates that name it. */
  static Map<String, Set<String>> templateReferences(ClassLoader loader) {
    Map<String, Set<String>> refs = new TreeMap<>();
    ClasspathTree.read(loader, TEMPLATES_ROOT).forEach((template, bytes) -> {
      Matcher m = ASSET_REFERENCE.matcher(new String(bytes, StandardCharsets.UTF_8));
      while (m.find()) {
        refs.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(template);
      }
    });
    return refs;
  }

  /** The fingerprint of one file, or null when there is no such file. */
  public String fingerprint(String path) {
    Asset a = files.get(path);
    return a == null ? null : a.fingerprint();
  }

  /** The paths of every file served, e.g. {@code css/app.css}. */
  public Set<String> paths() {
    return files.keySet();
  }

  /**
   * The URL of a file under the webroot, e.g. {@code css/app.css}. A missing file gets its plain
   * URL (which answers 404) and one error in the log, never a fingerprint of nothing.
   */
  public String url(String path) {
    Asset a = files.get(path);
    if (a == null) {
      if (reportedMissing.add(path)) {
        LOG.error("A page links asset {}, which is missing: it gets /static/{}, which answers 404", path, path);
      }
      return "/static/" + path;
    }
    return versionedUrl(a);
  }

  private static String versionedUrl(Asset a) {
    return "/static/v/" + a.fingerprint() + "/" + a.path();
  }

  /** {{asset "css/app.css"}} */
  @Override
  public Object apply(Object path, Options options) {
    return url(String.valueOf(path));
  }

  /** Serves the assets, fingerprinted and plain, with the caching each deserves, and /favicon.ico. */
  public void mount(Router router) {
    router.route("/static/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serveStatic);
    router.route("/favicon.ico").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> serve(ctx, files.get(FAVICON), FAVICON_CACHE));
  }

  private void serveStatic(RoutingContext ctx) {
    // normalizedPath has resolved any ../ already; lookups are in a map, never on the disk.
    String rest = ctx.normalizedPath().substring("/static/".length());
    String fingerprint = null;
    if (rest.startsWith("v/")) {
      int slash = rest.indexOf('/', 2);
      if (slash < 0) {
        ctx.next();
        return;
      }
      fingerprint = rest.substring(2, slash);
      rest = rest.substring(slash + 1);
    }
    Asset asset = files.get(rest);
    serve(ctx, asset, asset != null && asset.fingerprint().equals(fingerprint) ? IMMUTABLE : REVALIDATE);
  }

  /** Answers with the file, or passes on to the 404 handling when there is none. */
  private static void serve(RoutingContext ctx, Asset asset, String cacheControl) {
    if (asset == null) {
      ctx.next();
      return;
    }
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .putHeader(HttpHeaders.ETAG, asset.etag());
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch != null && matches(ifNoneMatch, asset.etag())) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType());
    if (ctx.request().method() == HttpMethod.HEAD) {
      // Vert.x sends no body for HEAD, and no length unless told: say what a GET would get.
      response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(asset.bytes().length)).end();
      return;
    }
    response.end(Buffer.buffer(asset.bytes()));
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  static String contentType(String path) {
    String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "css" -> "text/css; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "json", "map" -> "application/json";
      case "ico" -> "image/x-icon";
      case "svg" -> "image/svg+xml";
      case "txt" -> "text/plain; charset=utf-8";
      default -> {
        String type = MimeMapping.mimeTypeForExtension(ext);
        yield type != null ? type : "application/octet-stream";
      }
    };
  }

  /**
   * Computes the served bytes and fingerprint of every file: a module's imports are fingerprinted
   * first (depth first), since their URLs become part of its bytes.
   */
  private static final class Fingerprinter {
    private final Map<String, byte[]> raw;
    private final Map<String, Asset> done = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    Fingerprinter(Map<String, byte[]> raw) {
      this.raw = raw;
    }

    Map<String, Asset> all() {
      raw.keySet().forEach(this::asset);
      return Collections.unmodifiableMap(done);
    }

    private Asset asset(String path) {
      Asset a = done.get(path);
      if (a != null) {
        return a;
      }
      inProgress.add(path);
      byte[] bytes = raw.get(path);
      if (isModule(path)) {
        bytes = rewriteImports(path, new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      }
      inProgress.remove(path);
      a = new Asset(path, bytes, sha256(bytes).substring(0, FINGERPRINT_CHARS), contentType(path));
      done.put(path, a);
      return a;
    }

    private String rewriteImports(String path, String source) {
      Matcher m = RELATIVE_IMPORT.matcher(source);
      StringBuilder out = new StringBuilder(source.length() + 256);
      List<String> problems = new ArrayList<>();
      while (m.find()) {
        String specifier = m.group(3);
        String target = resolve(path, specifier);
        String replacement = specifier;
        if (target == null || !raw.containsKey(target)) {
          problems.add(specifier + " (not in the webroot)");
        } else if (inProgress.contains(target)) {
          // An import cycle: this one import stays relative, so it is served under the importer's
          // fingerprint, which is not its own: revalidated on use instead of kept, never stale.
          LOG.warn("Asset {} imports {} in a cycle; that import is revalidated instead of cached for good", path, specifier);
        } else {
          replacement = versionedUrl(asset(target));
        }
        m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + replacement + m.group(2)));
      }
      m.appendTail(out);
      if (!problems.isEmpty()) {
        LOG.error("Asset {} imports what is missing: {}; the browser will get 404 for it", path, problems);
      }
      return out.toString();
    }

    /** The webroot path a relative specifier names from {@code importer}, or null if outside it. */
    private static String resolve(String importer, String specifier) {
      try {
        String resolved = URI.create("/" + importer).resolve(specifier).normalize().getPath();
        return resolved.startsWith("/") && !resolved.startsWith("/..") ? resolved.substring(1) : null;
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    private static boolean isModule(String path) {
      return path.endsWith(".js") || path.endsWith(".mjs");
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
