package dev.cocreate.web;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Which time zone a page prints absolute times in: the signed-in member's chosen zone, else the
 * browser's (told by webroot/js/times.js in a cookie), else UTC. With JavaScript on, times are
 * shown relative and in the browser's own zone anyway; this is what a page says without it.
 */
public final class PageZone {
  /** The browser's IANA zone, as its script reads it from Intl. */
  public static final String COOKIE = "cc_tz";

  private PageZone() {}

  public static ZoneId of(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    if (caller != null && caller.signedIn()) {
      ZoneId chosen = parse(caller.user().timeZone());
      if (chosen != null) {
        return chosen;
      }
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    ZoneId browser = cookie == null ? null : parse(decoded(cookie.getValue()));
    return browser == null ? ZoneOffset.UTC : browser;
  }

  /** The script writes the zone URL-encoded ("Europe%2FParis"); a malformed value is no zone. */
  private static String decoded(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A region-based IANA id ("Europe/Paris", "UTC"), or null for anything else (offsets, junk). */
  public static ZoneId parse(String id) {
    if (id == null || id.isBlank() || id.length() > 64 || !ZoneId.getAvailableZoneIds().contains(id)) {
      return null;
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
