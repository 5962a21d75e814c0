package dev.cocreate.forum;

import dev.cocreate.platform.http.Fields;

/**
 * A member's vote on a post: up (1), down (-1) or taken back (0), as the API's body and the
 * thread page's vote buttons both give it; the vote limit is {@link ForumService#vote}'s.
 */
public record PostVote(int value) {
  public static final PostVote UP = new PostVote(1);
  public static final PostVote DOWN = new PostVote(-1);

  public PostVote {
    if (value < DOWN_VALUE || value > UP_VALUE) {
      throw new IllegalArgumentException("a vote is 1, 0 or -1, not " + value);
    }
  }

  private static final int DOWN_VALUE = -1;
  private static final int UP_VALUE = 1;

  /** Reads and checks a vote: a whole number from -1 to 1. */
  public static PostVote from(Fields f) {
    Integer value = f.integer("value", DOWN_VALUE, UP_VALUE, true);
    f.validate();
    return new PostVote(value);
  }
}
