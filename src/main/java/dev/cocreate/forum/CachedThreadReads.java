package dev.cocreate.forum;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Flash;
import dev.cocreate.web.PageLocale;
import dev.cocreate.web.PageZone;
import dev.cocreate.web.Templates;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How the thread page and the thread JSON use {@link ThreadPageCache} for visitors: which requests
 * may be answered from it (a visitor's, with no message waiting for them and no query the cache
 * does not key on), what they are keyed by, and the response from an entry: the visitor's own CSRF
 * token put back where the page was cut, the same headers as a rendered page, and an ETag the
 * browser may revalidate with. Members' pages are rendered as before (theirs differ in votes,
 * unread marks and buttons) and keep {@code Cache-Control: no-store}.
 */
public final class CachedThreadReads {
  /**
   * Rendered in place of the visitor's CSRF token, then cut out: random per node, letters and
   * digits only, so no template escapes it and no post can contain it by chance.
   */
  private final String tokenMark;
  private final ThreadPageCache cache;
  private final CsrfTokens csrf;
  private final Templates templates;
  /** The site's name and description as this node draws them now. */
  private final Supplier<String> frame;

  public CachedThreadReads(ThreadPageCache cache, CsrfTokens csrf, Templates templates, Supplier<String> frame) {
    this.cache = cache;
    this.csrf = csrf;
    this.templates = templates;
    this.frame = frame;
    byte[] raw = new byte[18];
    new SecureRandom().nextBytes(raw);
    this.tokenMark = "ccTOKEN" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw).replaceAll("[^A-Za-z0-9]", "x");
  }

  public ThreadPageCache cache() {
    return cache;
  }

  /** The key of a visitor's thread page ({@code /t/:id}, {@code /t/:id/p/:post}, {@code ?after=}), or null to render it. */
  ThreadPageCache.Key pageKey(RoutingContext ctx, long threadId) {
    if (!visitorWithNothingWaiting(ctx)) {
      return null;
    }
    var query = ctx.queryParams();
    if (query.size() > 1 || query.size() == 1 && query.get("after") == null) {
      return null;
    }
    return new ThreadPageCache.Key(threadId, "page " + PageLocale.of(ctx).getLanguage() + " " + PageZone.of(ctx).getId() + " "
        + ctx.request().uri());
  }

  /** The key of a visitor's {@code GET /api/threads/:id/posts} (its query in full), or null to read it. */
  ThreadPageCache.Key jsonKey(RoutingContext ctx, long threadId) {
    return visitorWithNothingWaiting(ctx) ? new ThreadPageCache.Key(threadId, "json " + ctx.request().uri()) : null;
  }

  private boolean visitorWithNothingWaiting(RoutingContext ctx) {
    return cache.enabled() && !AuthHandler.caller(ctx).signedIn() && ctx.request().getCookie(Flash.COOKIE) == null
        && ctx.request().getHeader("Authorization") == null;
  }

  /** The stamp a fill takes before its first query. */
  long stamp() {
    return cache.stamp();
  }

  /** Answers a visitor's page from memory; false when there is no entry (then render it). */
  boolean servePage(RoutingContext ctx, ThreadPageCache.Key key) {
    ThreadPageCache.Entry entry = cache.get(key, frame.get());
    if (entry == null) {
      return false;
    }
    sendPage(ctx, entry.parts(), entry.etag());
    return true;
  }

  /**
   * Renders a visitor's page from {@code model}, keeps it (unless an event changed it since
   * {@code stamp}) and answers it, with the headers Pages.render gives but for caching. The model's
   * CSRF token is replaced by the mark before rendering, so the entry holds no visitor's token.
   */
  void keepAndSendPage(RoutingContext ctx, ThreadPageCache.Key key, long stamp, long spaceId, Set<Long> authors,
      String template, JsonObject model) {
    String html;
    try {
      html = templates.render(template, model.put("csrf", tokenMark), PageLocale.of(ctx), PageZone.of(ctx));
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    String[] cut = html.split(tokenMark, -1);
    byte[][] parts = new byte[cut.length][];
    for (int i = 0; i < cut.length; i++) {
      parts[i] = cut[i].getBytes(StandardCharsets.UTF_8);
    }
    String etag = digest(parts);
    cache.put(key, stamp, spaceId, authors, frame.get(), parts, etag);
    sendPage(ctx, parts, etag);
  }

  private void sendPage(RoutingContext ctx, byte[][] parts, String contentTag) {
    String token = csrf.tokenFor(ctx);
    byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
    // The body differs per visitor by their token, so the tag does too (one visitor holds one token at a time).
    String etag = "\"" + contentTag + "." + Integer.toHexString(token.hashCode()) + "\"";
    ctx.response().putHeader("Content-Language", PageLocale.of(ctx).getLanguage());
    if (notModified(ctx, etag)) {
      return;
    }
    int length = tokenBytes.length * (parts.length - 1);
    for (byte[] p : parts) {
      length += p.length;
    }
    Buffer body = Buffer.buffer(length);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        body.appendBytes(tokenBytes);
      }
      body.appendBytes(parts[i]);
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8").end(body);
  }

  /** Answers a visitor's thread JSON from memory; false when there is no entry. */
  boolean serveJson(RoutingContext ctx, ThreadPageCache.Key key) {
    ThreadPageCache.Entry entry = cache.get(key, "");
    if (entry == null) {
      return false;
    }
    sendJson(ctx, entry.parts()[0], entry.etag());
    return true;
  }

  void keepAndSendJson(RoutingContext ctx, ThreadPageCache.Key key, long stamp, long spaceId, Set<Long> authors,
      JsonObject json) {
    byte[][] parts = {json.encode().getBytes(StandardCharsets.UTF_8)};
    String etag = digest(parts);
    cache.put(key, stamp, spaceId, authors, "", parts, etag);
    sendJson(ctx, parts[0], etag);
  }

  private void sendJson(RoutingContext ctx, byte[] body, String contentTag) {
    if (notModified(ctx, "\"" + contentTag + "\"")) {
      return;
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", Http.JSON).end(Buffer.buffer(body));
  }

  /**
   * Sets the validators: the browser may keep a visitor's answer ({@code private}: never a shared
   * cache, since a page holds the visitor's token) but asks again each time ({@code no-cache}); a
   * 304 when it still holds this one.
   */
  private static boolean notModified(RoutingContext ctx, String etag) {
    ctx.response().putHeader("Cache-Control", "private, no-cache").putHeader("ETag", etag);
    String asked = ctx.request().getHeader("If-None-Match");
    if (asked != null) {
      for (String tag : asked.split(",")) {
        if (tag.strip().equals(etag) || tag.strip().equals("W/" + etag)) {
          ctx.response().setStatusCode(304).end();
          return true;
        }
      }
    }
    return false;
  }

  /** The members whose names a page of these posts shows (the thread's author too), for renames. */
  static Set<Long> authors(long threadAuthor, JsonArray nodes) {
    Set<Long> out = new HashSet<>();
    out.add(threadAuthor);
    List<JsonArray> todo = new ArrayList<>(List.of(nodes));
    while (!todo.isEmpty()) {
      for (Object o : todo.remove(todo.size() - 1)) {
        JsonObject node = (JsonObject) o;
        JsonObject author = node.getJsonObject("author");
        if (author != null && author.getValue("id") instanceof Number id) {
          out.add(id.longValue());
        }
        JsonArray children = node.getJsonArray("children");
        if (children != null) {
          todo.add(children);
        }
      }
    }
    return out;
  }

  private static String digest(byte[][] parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        sha.update(p);
        sha.update((byte) 0);
      }
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
