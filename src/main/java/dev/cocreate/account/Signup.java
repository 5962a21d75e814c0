package dev.cocreate.account;

import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.RateLimiter;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Registration as the site's settings allow it: open to anyone, closed, or by invitation only.
 * The API and the register page both come through here; create-admin and the demo seed do not.
 */
public final class Signup {
  /** Who may register, as the site settings say now. */
  public enum Mode { OPEN, CLOSED, INVITE_ONLY }

  private final AccountService accounts;
  private final Invites invites;
  private final Supplier<Mode> mode;
  private final RateLimiter limiter;

  public Signup(AccountService accounts, Invites invites, Supplier<Mode> mode, RateLimiter limiter) {
    this.limiter = limiter;
    this.accounts = accounts;
    this.invites = invites;
    this.mode = mode;
  }

  public Mode mode() {
    return mode.get();
  }

  /**
   * Registers the member, spending the per-address limit ({@link AccountService#AUTH_PER_IP}, shared
   * with sign-in) first: 429 past it, 403 when registration is closed, 400 on {@code invite} when one
   * is needed and missing or bad.
   */
  public Future<User> register(NewAccount account, String clientAddress) {
    try {
      limiter.check(AccountService.AUTH_PER_IP, clientAddress);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    AccountService.Registration r = account.registration();
    String invite = account.invite();
    return switch (mode.get()) {
      case OPEN -> accounts.register(r);
      case CLOSED -> Future.failedFuture(ApiException.forbidden("Registration is closed on this site."));
      case INVITE_ONLY -> invite == null || invite.isBlank()
          ? Future.failedFuture(ApiException.invalid("invite", "is required: this site registers by invitation"))
          : accounts.register(r, (tx, user) -> invites.useUp(tx, invite, user.id()));
    };
  }
}
