package dev.cocreate.platform.events;

import java.util.regex.Pattern;

/**
 * Topic names as clients write them ({@code thread:42}, {@code space:ideas}, {@code challenge:7},
 * {@code me}) and as events are stored. {@code me} is stored as {@code user:<id>}, so a user's
 * events never leave their own connections.
 */
public final class Topics {
  public static final String ME = "me";
  private static final Pattern SYNTAX =
      Pattern.compile("me|thread:[1-9][0-9]{0,17}|challenge:[1-9][0-9]{0,17}|space:[A-Za-z0-9_-]{1,64}");

  private Topics() {}

  /** True for a topic a client may name (whether it may read it is TopicAccess's call). */
  public static boolean isValid(String topic) {
    return topic != null && SYNTAX.matcher(topic).matches();
  }

  /** The stored topic behind a client topic. */
  public static String stored(String topic, long userId) {
    return ME.equals(topic) ? user(userId) : topic;
  }

  /** The topic a client sees for a stored one. */
  public static String visible(String stored) {
    return stored.startsWith("user:") ? ME : stored;
  }

  public static String user(long userId) {
    return "user:" + userId;
  }

  /** The user id of a {@code user:<id>} topic, or -1. */
  public static long userId(String stored) {
    if (!stored.startsWith("user:")) {
      return -1;
    }
    try {
      return Long.parseLong(stored, 5, stored.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
