package dev.cocreate.web;

import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * The CSS and JavaScript under {@code webroot/}, served under a fingerprint of their content,
 * {@code /static/v/<fingerprint>/css/app.css}, so browsers may keep them for a year and never ask
 * again, yet see a change on the first page after a deploy. Templates name an asset with
 * {@code {{asset "css/app.css"}}}.
 *
 * <p>One fingerprint covers the whole tree rather than one per file because the scripts are ES
 * modules that import each other by relative URL ({@code ./live.js}): under a shared versioned
 * directory those imports are fingerprinted too, with no build step. An unknown fingerprint (a page
 * rendered by a node of another release, behind the same proxy) still gets the current file, only
 * not cached as immutable. The unversioned {@code /static/...} URLs keep working, revalidated on use.
 */
public final class StaticAssets implements Helper<Object> {
  public static final String WEBROOT = "webroot";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String REVALIDATE = "no-cache";
  private final String fingerprint;

  private StaticAssets(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  /**
   * Reads every file under the webroot once to fingerprint it. Blocking: call it at start-up,
   * before the HTTP verticles deploy, never on an event loop.
   */
  public static StaticAssets fingerprint(Vertx vertx) {
    FileSystem fs = vertx.fileSystem();
    TreeMap<String, Buffer> files = new TreeMap<>();
    if (fs.existsBlocking(WEBROOT)) {
      collect(fs, WEBROOT, "", files);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.forEach((path, content) -> {
        sha.update(path.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(content.getBytes());
      });
      return new StaticAssets(HexFormat.of().formatHex(sha.digest()).substring(0, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void collect(FileSystem fs, String dir, String prefix, TreeMap<String, Buffer> into) {
    List<String> entries = fs.readDirBlocking(dir);
    for (String entry : entries) {
      String name = entry.substring(entry.lastIndexOf('/') + 1);
      String child = dir + "/" + name;
      if (name.startsWith(".")) {
        continue;
      }
      if (fs.propsBlocking(child).isDirectory()) {
        collect(fs, child, prefix + name + "/", into);
      } else {
        into.put(prefix + name, fs.readFileBlocking(child));
      }
    }
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** The URL of a file under the webroot, e.g. {@code css/app.css}. */
  public String url(String path) {
    return "/static/v/" + fingerprint + "/" + path;
  }

  /** {{asset "css/app.css"}} */
  @Override
  public Object apply(Object path, Options options) {
    return url(String.valueOf(path));
  }

  /** Serves the webroot, fingerprinted and plain, with the caching each deserves. */
  public void mount(Router router, Vertx vertx) {
    Router versioned = Router.router(vertx);
    versioned.route().handler(StaticHandler.create(WEBROOT).setIncludeHidden(false));
    router.route("/static/v/:fingerprint/*").handler(ctx -> {
      cacheFor(ctx, fingerprint.equals(ctx.pathParam("fingerprint")) ? IMMUTABLE : REVALIDATE);
      ctx.next();
    });
    router.route("/static/v/:fingerprint/*").subRouter(versioned);
    router.route("/static/*").handler(ctx -> {
      cacheFor(ctx, REVALIDATE);
      ctx.next();
    }).handler(StaticHandler.create(WEBROOT).setIncludeHidden(false));
  }

  /** Set once the headers go out, so it wins over the StaticHandler's own one-size policy. */
  private static void cacheFor(RoutingContext ctx, String policy) {
    ctx.addHeadersEndHandler(v -> {
      if (ctx.response().getStatusCode() < 400) {
        ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, policy);
      }
    });
  }
}
