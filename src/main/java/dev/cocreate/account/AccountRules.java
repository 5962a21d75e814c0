package dev.cocreate.account;

import io.vertx.core.Future;

/**
 * The rules that need nothing but the caller's own account: whether its rights apply, staff, admin,
 * and the account-level rights built on them. They sit here, below every feature, so accounts,
 * invitations and organisations decide without knowing about content; {@code access.Permissions}
 * composes them with the rules about spaces, threads, posts and challenges and answers the same.
 */
public final class AccountRules {
  private AccountRules() {}

  /**
   * Whether the caller's account rights apply. A suspended account's sessions are refused and a
   * deleted one's are revoked; the rules say the same, so a notification or a query decided for
   * such an account never grants more than an anonymous visitor has.
   */
  public static boolean active(Caller c) {
    return c.signedIn() && !c.user().isSuspended() && !c.user().isDeleted();
  }

  /**
   * Whether the caller may write: start threads, reply, edit, flag, submit or support ideas. A
   * silenced member keeps reading and signing in; only this is withheld, so no read rule changes.
   */
  public static boolean canWrite(Caller c) {
    return active(c) && !c.user().isSilenced();
  }

  /**
   * {@link #canWrite}'s refusal for a service to start a write with: a silenced caller gets the
   * 403 that says until when. Other refusals (signed out, suspended) are the caller's own checks'.
   */
  public static Future<Void> mayWrite(Caller c) {
    return c.signedIn() && c.user().isSilenced()
        ? Future.failedFuture(AccountRestricted.silenced(c.user()))
        : Future.succeededFuture();
  }

  /** Moderators and admins (an admin moderates too), while their account is active. */
  public static boolean staff(Caller c) {
    return active(c) && c.user().isModerator();
  }

  public static boolean isAdmin(Caller c) {
    return active(c) && c.user().isAdmin();
  }

  /** Site settings and invitation codes. */
  public static boolean canAdministerSite(Caller c) {
    return isAdmin(c);
  }

  /** An org's team is managed by its owners, and by admins (who fix an org whose owners are gone). */
  public static boolean canManageOrgTeam(Caller c, String orgRole) {
    return isAdmin(c) || active(c) && "owner".equals(orgRole);
  }
}
