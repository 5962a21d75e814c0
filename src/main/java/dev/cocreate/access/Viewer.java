package dev.cocreate.access;

import dev.cocreate.account.Caller;

/**
 * Whose eyes a read is for: a member, or nobody signed in. The reads that bring the reader's own
 * rows along (their vote on each post, their membership of each space) take one, so "anonymous" is
 * a value of its own rather than a user id of 0 that a caller could pass by mistake.
 */
public final class Viewer {
  public static final Viewer ANONYMOUS = new Viewer(0);

  private final long userId;

  private Viewer(long userId) {
    this.userId = userId;
  }

  /** A signed-in member by their id. */
  public static Viewer member(long userId) {
    if (userId <= 0) {
      throw new IllegalArgumentException("a member's id is positive, not " + userId);
    }
    return new Viewer(userId);
  }

  /** The caller of a request as a viewer: anonymous unless signed in. */
  public static Viewer of(Caller caller) {
    return caller.signedIn() ? member(caller.id()) : ANONYMOUS;
  }

  public boolean anonymous() {
    return userId == 0;
  }

  /**
   * The id a query binds for the viewer: the member's, or 0 for anonymous, which is no user's, so
   * the viewer's own rows (a vote, a membership) are none. Only SQL parameters should ask.
   */
  public long sqlId() {
    return userId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Viewer v && v.userId == userId;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(userId);
  }

  @Override
  public String toString() {
    return anonymous() ? "Viewer[anonymous]" : "Viewer[" + userId + "]";
  }
}
