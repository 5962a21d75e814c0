package dev.cocreate.account;

import dev.cocreate.platform.http.ApiException;
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

  public Signup(AccountService accounts, Invites invites, Supplier<Mode> mode) {
    this.accounts = accounts;
    this.invites = invites;
    this.mode = mode;
  }

  public Mode mode() {
    return mode.get();
  }

  /** Registers the member; 403 when registration is closed, 400 on {@code invite} when one is needed and missing or bad. */
  public Future<User> register(AccountService.Registration r, String invite) {
    return switch (mode.get()) {
      case OPEN -> accounts.register(r);
      case CLOSED -> Future.failedFuture(ApiException.forbidden("Registration is closed on this site."));
      case INVITE_ONLY -> invite == null || invite.isBlank()
          ? Future.failedFuture(ApiException.invalid("invite", "is required: this site registers by invitation"))
          : accounts.register(r, (tx, user) -> invites.useUp(tx, invite, user.id()));
    };
  }
}
