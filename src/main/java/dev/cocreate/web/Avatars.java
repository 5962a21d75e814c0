package dev.cocreate.web;

import dev.cocreate.account.User;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The default avatar of a member without an uploaded one: their initials on a colour taken from
 * their username, drawn inline by partials/avatar. The hue comes from the lower-cased name, so it
 * never changes with the display name and is the same for every reader.
 */
public final class Avatars {
  private Avatars() {}

  /** One or two letters: the first of the display name's first two words, else of the username. */
  public static String initials(User u) {
    String name = u.displayName() == null || u.displayName().isBlank() ? u.username() : u.displayName().strip();
    String[] words = name.split("\\s+");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.length && out.codePointCount(0, out.length()) < 2; i++) {
      if (!words[i].isEmpty()) {
        out.appendCodePoint(Character.toUpperCase(words[i].codePointAt(0)));
      }
    }
    return out.toString();
  }

  /** A hue in degrees (0 to 359) from the username. */
  public static int hue(String username) {
    CRC32 crc = new CRC32();
    crc.update(username.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % 360);
  }
}
