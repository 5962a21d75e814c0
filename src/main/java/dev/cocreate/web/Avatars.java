package dev.cocreate.web;

import dev.cocreate.account.User;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code /avatars/:username.svg}: a member's default picture, their initials on a colour chosen by
 * their username, so the same member looks the same on every page and in every reply, and two
 * members side by side rarely share a colour. Drawn from the name alone (no lookup): it tells
 * nothing a page does not already show, may be cached for a day, and the reply tree and the
 * scripts that add live replies need only the username to point at it.
 */
public final class Avatars {
  /** The picture's address for a username (usernames are [a-z0-9_-], safe in a path as they are). */
  public static String href(String username) {
    return "/avatars/" + username + ".svg";
  }

  /** The member's picture: the one they uploaded, else the default drawn from their username. */
  public static String of(User member) {
    return member.avatarUrl() != null ? member.avatarUrl() : href(member.username());
  }

  /** A username as AccountRoutes allows them, case aside (older accounts may have capitals). */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * Backgrounds light text reads on at 4.5:1 or better, in light and dark pages alike (the picture
   * is decorative, but the initials should still be legible).
   */
  private static final String[] COLOURS = {
    "#0b5cad", "#1a7f37", "#8250df", "#b42318", "#9a6700", "#0e7490", "#bf3989", "#57606a", "#6e40c9", "#116329", "#953800",
    "#0550ae"
  };

  private Avatars() {}

  public static void mount(Router router) {
    router.get("/avatars/:file").handler(Avatars::serve);
  }

  private static void serve(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    String username = file.endsWith(".svg") ? file.substring(0, file.length() - 4) : "";
    if (!USERNAME.matcher(username).matches()) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Content-Type", "image/svg+xml")
        .putHeader("Cache-Control", "public, max-age=86400")
        .end(Buffer.buffer(svg(username).getBytes(StandardCharsets.UTF_8)));
  }

  /** The picture: a disc with up to two initials (one per part of a name like "ada_lovelace"). */
  public static String svg(String username) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\" width=\"40\" height=\"40\">"
        + "<circle cx=\"20\" cy=\"20\" r=\"20\" fill=\"" + colour(username) + "\"/>"
        + "<text x=\"20\" y=\"20\" dy=\".35em\" text-anchor=\"middle\" font-family=\"system-ui, sans-serif\" font-size=\"16\""
        + " font-weight=\"600\" fill=\"#ffffff\">" + initials(username) + "</text></svg>";
  }

  /** The username's colour: the same for the same name everywhere, from a hash stable across JVMs. */
  static String colour(String username) {
    int h = 0;
    for (char c : username.toLowerCase(Locale.ROOT).toCharArray()) {
      h = 31 * h + c;
    }
    return COLOURS[Math.floorMod(h, COLOURS.length)];
  }

  /** "ada" gives "A", "ada_lovelace" and "ada-lovelace" give "AL"; only [A-Z0-9] ever comes out. */
  static String initials(String username) {
    StringBuilder out = new StringBuilder(2);
    for (String part : username.split("[_-]+")) {
      if (!part.isEmpty() && out.length() < 2) {
        out.append(Character.toUpperCase(part.charAt(0)));
      }
    }
    return out.isEmpty() ? "?" : out.toString();
  }
}
