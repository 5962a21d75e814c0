package dev.cocreate.notify;

import java.util.Locale;

/** How closely a member follows a thread or challenge; without a choice of their own it is {@link #TRACKING}. */
public enum WatchLevel {
  /** Every new post. */
  WATCHING,
  /** Replies to the member and mentions of them only. */
  TRACKING,
  /** Nothing, not even replies or mentions. */
  MUTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WatchLevel of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
