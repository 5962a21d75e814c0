package dev.cocreate.account;

import java.util.UUID;

/**
 * Who is making a request: a signed-in user with the session they used, or nobody.
 * Routes read it; {@code Permissions} decides with it.
 */
public record Caller(User user, UUID sessionId, boolean viaCookie) {
  public static final Caller ANONYMOUS = new Caller(null, null, false);

  public boolean signedIn() {
    return user != null;
  }

  public long id() {
    return user == null ? 0 : user.id();
  }

  public boolean isModerator() {
    return user != null && user.isModerator();
  }

  public boolean isAdmin() {
    return user != null && user.isAdmin();
  }
}
