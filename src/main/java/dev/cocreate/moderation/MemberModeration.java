package dev.cocreate.moderation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.Caller;
import dev.cocreate.account.SessionRepository;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Staff acting on a member's account: their role, their suspension and their silence. Each action is logged in the
 * moderation log with the member told, in the transaction that makes it, like actions on posts.
 */
public final class MemberModeration {
  private final Database db;
  private final AccountService accounts;
  private final UserRepository users;
  private final SessionRepository sessions;
  private final EventBus eventBus;
  private final EventLog events;
  private final ModerationLog log;
  private final Permissions permissions;

  public MemberModeration(Database db, AccountService accounts, UserRepository users, SessionRepository sessions, EventBus eventBus, EventLog events,
      ModerationLog log, Permissions permissions) {
    this.db = db;
    this.accounts = accounts;
    this.users = users;
    this.sessions = sessions;
    this.eventBus = eventBus;
    this.events = events;
    this.log = log;
    this.permissions = permissions;
  }

  public Future<User> setRole(Caller actor, String username, String role) {
    if (!permissions.canChangeRoles(actor)) {
      return Future.failedFuture(ApiException.forbidden("Only an admin can change roles."));
    }
    // A changed role is announced to the live hubs first among the transaction's events: the
    // member's sockets reload who they are and keep only what the new role may read.
    return member(username).compose(before -> db.tx(tx -> users.setRole(tx, before.id(), role)
        .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
        .compose(u -> before.role().equals(role) ? Future.succeededFuture(u)
            : events.appendAll(tx, List.of(AccessChange.user(u.id())))
                .compose(ids -> log.record(tx, ModerationLog.Record.of(actor.user(), "set_role", "user", u.id(), u.id(), null)
                    .with(new JsonObject().put("from", before.role()).put("to", role)).tellingSubject()))
                .map(u))));
  }

  public Future<User> suspend(Caller actor, String username, OffsetDateTime until, String reason) {
    if (!permissions.canModerate(actor)) {
      return Future.failedFuture(ApiException.forbidden("Only moderators can suspend members."));
    }
    return member(username).compose(target -> {
      if (target.id() == actor.id()) {
        return Future.failedFuture(ApiException.conflict("You cannot suspend yourself."));
      }
      if (!permissions.canActOnMember(actor, target)) {
        return Future.failedFuture(ApiException.forbidden("Only an admin can suspend a moderator or admin."));
      }
      // The suspension, its log entry (with the reason and end) and the member's notice commit together.
      return db.tx(tx -> users.setSuspension(tx, target.id(), until, reason)
              .compose(u -> sessions.revokeAllOf(tx, target.id()).map(u.orElseThrow()))
              .compose(u -> log.record(tx, ModerationLog.Record.of(actor.user(), "suspend", "user", u.id(), u.id(), reason)
                  .with(new JsonObject().put("until", Times.iso(until))).tellingSubject()).map(u))
              // Reaches every node through the events table: each closes the user's live sockets.
              .compose(u -> events.append(tx, Topics.user(u.id()), EventLog.USER_BLOCKED, new JsonObject().put("userId", u.id()))
                  .map(u)))
          .onSuccess(u -> eventBus.publish(AccountService.USER_BLOCKED_ADDRESS, new JsonObject().put("userId", u.id())));
    });
  }

  public Future<User> unsuspend(Caller actor, String username) {
    if (!permissions.canModerate(actor)) {
      return Future.failedFuture(ApiException.forbidden("Only moderators can lift suspensions."));
    }
    return member(username).compose(target -> {
      if (!permissions.canActOnMember(actor, target)) {
        return Future.failedFuture(ApiException.forbidden("Only an admin can lift a moderator's or admin's suspension."));
      }
      if (!target.isSuspended()) {
        // Nothing to lift: answer with the member as they are, and log nothing.
        return Future.succeededFuture(target);
      }
      return db.tx(tx -> users.setSuspension(tx, target.id(), null, null)
          .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
          .compose(u -> log.record(tx, ModerationLog.Record.of(actor.user(), "unsuspend", "user", u.id(), u.id(), null)
              .tellingSubject()).map(u)));
    });
  }

  /**
   * Silences a member until a time: they keep reading and signing in, and their sessions stay, but
   * every write refuses them ({@code AccountRules.canWrite}). Nothing they may read changes, so no
   * access change is announced; their next request reads the silence with their account.
   */
  public Future<User> silence(Caller actor, String username, MemberRestriction r) {
    if (!permissions.canModerate(actor)) {
      return Future.failedFuture(ApiException.forbidden("Only moderators can silence members."));
    }
    return member(username).compose(target -> {
      if (target.id() == actor.id()) {
        return Future.failedFuture(ApiException.conflict("You cannot silence yourself."));
      }
      if (!permissions.canActOnMember(actor, target)) {
        return Future.failedFuture(ApiException.forbidden("Only an admin can silence a moderator or admin."));
      }
      return db.tx(tx -> users.setSilence(tx, target.id(), r.until(), r.reason())
          .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
          .compose(u -> log.record(tx, ModerationLog.Record.of(actor.user(), "silence", "user", u.id(), u.id(), r.reason())
              .with(new JsonObject().put("until", Times.iso(r.until()))).tellingSubject()).map(u)));
    });
  }

  public Future<User> unsilence(Caller actor, String username) {
    if (!permissions.canModerate(actor)) {
      return Future.failedFuture(ApiException.forbidden("Only moderators can lift a silence."));
    }
    return member(username).compose(target -> {
      if (!permissions.canActOnMember(actor, target)) {
        return Future.failedFuture(ApiException.forbidden("Only an admin can lift a moderator's or admin's silence."));
      }
      if (!target.isSilenced()) {
        return Future.succeededFuture(target);
      }
      return db.tx(tx -> users.setSilence(tx, target.id(), null, null)
          .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
          .compose(u -> log.record(tx, ModerationLog.Record.of(actor.user(), "unsilence", "user", u.id(), u.id(), null)
              .tellingSubject()).map(u)));
    });
  }

  private Future<User> member(String username) {
    return accounts.byUsername(username);
  }
}
