package dev.cocreate.forum;

import dev.cocreate.content.Space;
/** How pages name a space's visibility: its own page and the home page's list of spaces say it alike. */
public final class SpaceVisibility {
  private SpaceVisibility() {}

  /** The bundle key of the space's visibility label. */
  public static String labelKey(Space s) {
    return switch (s.visibility()) {
      case PUBLIC -> "space.visibility.public";
      case MEMBERS -> "space.visibility.members";
      case GROUP -> "space.visibility.group";
    };
  }
}
