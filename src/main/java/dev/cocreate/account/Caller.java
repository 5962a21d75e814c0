package dev.cocreate.account;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Who is making a request: a signed-in user with the session they used, or nobody.
 * Routes read it; {@code Permissions} decides with it.
 *
 * <p>{@code facilitating} is the caller's open facilitator terms, space id to the term's end, read
 * with the session on every request as the user's role is: a term removed or ended mid-session is
 * gone (or past) on the next request. Whether a term is still running is decided by the clock's
 * now, in {@code Permissions}.
 */
public record Caller(User user, UUID sessionId, boolean viaCookie, Map<Long, Instant> facilitating) {
  public static final Caller ANONYMOUS = new Caller(null, null, false);

  public Caller {
    facilitating = facilitating == null ? Map.of() : Map.copyOf(facilitating);
  }

  /** A caller with no facilitator terms (a stand-in acting for the system, a test's member). */
  public Caller(User user, UUID sessionId, boolean viaCookie) {
    this(user, sessionId, viaCookie, Map.of());
  }

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
