package dev.cocreate.facilitation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgRepository;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.content.Space;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.moderation.ModerationLog;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.SqlErrors;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.reputation.ReputationLedger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Group spaces run by firms (issue #21): an org's owners create them and name their facilitators,
 * each for a term; members nominate one of their own (trust level 3), another seconds, an owner
 * confirms. Every step is written to the moderation log in the space's scope, in its transaction.
 * What a facilitator may do in their space is decided by {@code Permissions} with the terms the
 * caller carries; this service only writes and reads the terms.
 */
public final class FacilitationService {
  /** Nominations listed per space (those on their way first). */
  private static final int NOMINATIONS_SHOWN = 50;

  private final Database db;
  private final SpaceService spaces;
  private final UserRepository users;
  private final OrgRepository orgs;
  private final Permissions permissions;
  private final ModerationLog auditLog;
  private final InstantSource clock;
  private final FacilitationRepository repo = new FacilitationRepository();
  private final ReputationLedger reputation = new ReputationLedger();

  public FacilitationService(Database db, SpaceService spaces, UserRepository users, OrgRepository orgs, Permissions permissions,
      ModerationLog auditLog, InstantSource clock) {
    this.db = db;
    this.spaces = spaces;
    this.users = users;
    this.orgs = orgs;
    this.permissions = permissions;
    this.auditLog = auditLog;
    this.clock = clock;
  }

  /** Now, by the clock terms are decided by. */
  public OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** An org's owner creates a group space for its network (404 for an unknown org, 403 for anyone but its owners). */
  public Future<SpaceService.SpaceDetail> createOrgSpace(Caller caller, String orgSlug, SpaceService.NewSpace req) {
    return orgs.bySlug(db.pool(), orgSlug)
        .map(o -> o.orElseThrow(() -> ApiException.notFound("org")))
        .compose(org -> orgs.roleOf(db.pool(), org.id(), caller.id())
            .compose(role -> spaces.createForOrg(caller, org.id(), role.orElse(null), req)));
  }

  /** The space's open terms, for whoever reads the space. */
  public Future<List<Term>> facilitators(Caller caller, String slug) {
    return spaces.space(caller, slug).compose(s -> repo.openTerms(db.pool(), s.id()));
  }

  /**
   * The org's owner names a facilitator of the space until {@code end} (replacing an open term of
   * theirs); the member is added to the group if they were not in it.
   */
  public Future<Term> name(Caller caller, String slug, String username, TermEnd end) {
    return runnable(caller, slug).compose(s -> user(username)
        .compose(u -> db.tx(tx -> startTerm(tx, caller, s, u, end, null))));
  }

  /** Ends a facilitator's term early: they lose its rights on their next request. */
  public Future<Void> remove(Caller caller, String slug, String username) {
    return runnable(caller, slug).compose(s -> user(username).compose(u -> db.tx(tx -> repo
        .removeOpenTerm(tx, s.id(), u.id(), now())
        .compose(removed -> !removed ? Future.failedFuture(ApiException.notFound("facilitator"))
            : auditLog.record(tx, ModerationLog.Record.of(caller.user(), "facilitator_removed", "user", u.id(), u.id(), null)
                .in(s.id())).mapEmpty()))));
  }

  /** The space's nominations, for whoever reads the space. */
  public Future<List<Nomination>> nominations(Caller caller, String slug) {
    return spaces.space(caller, slug).compose(s -> repo.nominations(db.pool(), s.id(), NOMINATIONS_SHOWN));
  }

  /**
   * A member of the space nominates another listed member of trust level 3 (403 for a caller who
   * may not nominate there, 409 for a nominee who may not be nominated, is already facilitating or
   * has a nomination on its way).
   */
  public Future<Nomination> nominate(Caller caller, String slug, Nominee nominee) {
    return spaces.space(caller, slug).compose(s -> user(nominee.username()).compose(u -> {
      if (!permissions.canNominate(caller, s, u.id(), 0)) {
        return Future.failedFuture(ApiException.forbidden(u.id() == caller.id() ? "You cannot nominate yourself."
            : "Only the members of an org's group space nominate its facilitators."));
      }
      return spaces.isMember(db.pool(), s.id(), u.id()).compose(listed -> {
        if (!permissions.canBeNominated(u, listed)) {
          return Future.failedFuture(ApiException.conflict("Only a member of this space at trust level 3 can be nominated."));
        }
        return repo.openTerms(db.pool(), s.id()).compose(terms -> {
          if (terms.stream().anyMatch(t -> t.userId() == u.id() && t.current(clock.instant()))) {
            return Future.failedFuture(ApiException.conflict("@" + u.username() + " already facilitates this space."));
          }
          return db.tx(tx -> repo.insertNomination(tx, s.id(), u.id(), caller.id())
                  .compose(id -> auditLog.record(tx, ModerationLog.Record.of(caller.user(), "facilitator_nominated", "user",
                      u.id(), u.id(), null).with(new JsonObject().put("nominationId", id)).in(s.id())).map(id)))
              .recover(e -> SqlErrors.isUniqueViolation(e, "facilitator_nominations_pending")
                  ? Future.failedFuture(ApiException.conflict("@" + u.username() + " is already nominated in this space."))
                  : Future.failedFuture(e))
              .compose(this::nomination);
        });
      });
    }));
  }

  /** Another member of the space seconds an open nomination: not the nominee, not the nominator. */
  public Future<Nomination> second(Caller caller, String slug, long nominationId) {
    return spaces.space(caller, slug).compose(s -> db.tx(tx -> repo.lockNomination(tx, s.id(), nominationId).compose(found -> {
      Nomination n = found.orElseThrow(() -> ApiException.notFound("nomination"));
      if (!permissions.canNominate(caller, s, n.nomineeId(), n.nominatorId())) {
        return Future.failedFuture(ApiException.forbidden(
            "A nomination is seconded by another member of the space: not the nominee, not the nominator."));
      }
      if (!n.open()) {
        return Future.failedFuture(ApiException.conflict("This nomination is already " + n.state() + "."));
      }
      return repo.second(tx, n.id(), caller.id(), now())
          .compose(v -> auditLog.record(tx, ModerationLog.Record.of(caller.user(), "facilitator_seconded", "user", n.nomineeId(),
              n.nomineeId(), null).with(new JsonObject().put("nominationId", n.id())).in(s.id())));
    })).compose(e -> nomination(nominationId)));
  }

  /** The org's owner confirms a seconded nomination, which names the nominee facilitator until {@code end}. */
  public Future<Term> confirm(Caller caller, String slug, long nominationId, TermEnd end) {
    return runnable(caller, slug).compose(s -> db.tx(tx -> repo.lockNomination(tx, s.id(), nominationId).compose(found -> {
      Nomination n = found.orElseThrow(() -> ApiException.notFound("nomination"));
      if (!n.seconded()) {
        return Future.failedFuture(ApiException.conflict(n.open() ? "This nomination has not been seconded yet."
            : "This nomination is already confirmed."));
      }
      // Still eligible when confirmed: listed in the space at trust level 3 (not removed or demoted meanwhile).
      return users.byId(tx, n.nomineeId())
          .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
          .compose(u -> spaces.isMember(tx, s.id(), u.id()).compose(listed -> permissions.canBeNominated(u, listed)
              ? repo.confirm(tx, n.id(), caller.id(), now()).compose(v -> startTerm(tx, caller, s, u, end, n.id()))
              : Future.failedFuture(ApiException.conflict("Only a member of this space at trust level 3 can be nominated."))));
    })));
  }

  /** The moderation log of the space (every action taken in it), for its moderators, owners and facilitators. */
  public Future<Page<ModerationLog.Entry>> log(Caller caller, String slug, String cursor, int limit) {
    return spaces.space(caller, slug).compose(s -> {
      if (!permissions.canReadSpaceLog(caller, s, clock.instant())) {
        return Future.failedFuture(ApiException.forbidden("A space's log is read by its org's owners and its facilitators."));
      }
      Long before = cursor == null ? null : Cursor.decode(cursor, "spacelog", 1).longAt(0);
      return auditLog.pageOfSpace(db.pool(), s.id(), before, limit + 1).map(rows -> {
        boolean more = rows.size() > limit;
        List<ModerationLog.Entry> items = more ? rows.subList(0, limit) : rows;
        return new Page<>(items, more ? Cursor.encode("spacelog", items.get(items.size() - 1).id()) : null);
      });
    });
  }

  /**
   * Credits every term that ended served by now with its facilitation reputation, once; run by the
   * periodic job in its transaction. Answers how many terms it credited.
   */
  public Future<Integer> creditServedTerms(SqlConnection tx) {
    return reputation.facilitationServed(tx, now());
  }

  /** {@link #creditServedTerms(SqlConnection)} in a transaction of its own. */
  public Future<Integer> creditServedTerms() {
    return db.tx(this::creditServedTerms);
  }

  private Future<Term> startTerm(SqlConnection tx, Caller caller, Space s, User u, TermEnd end, Long nominationId) {
    OffsetDateTime now = now();
    return spaces.addMember(tx, caller, s, u)
        .compose(v -> repo.removeOpenTerm(tx, s.id(), u.id(), now))
        .compose(replaced -> repo.insertTerm(tx, s.id(), u.id(), caller.id(), nominationId, now, end.at()))
        .compose(t -> auditLog.record(tx, ModerationLog.Record.of(caller.user(), "facilitator_named", "user", u.id(), u.id(), null)
            .with(new JsonObject().put("termEndsAt", end.at().toString()).put("nominationId", nominationId))
            .in(s.id())).map(t));
  }

  /** The space, when the caller may name its facilitators (404 when they cannot read it, 403 otherwise). */
  private Future<Space> runnable(Caller caller, String slug) {
    return spaces.space(caller, slug).compose(s -> permissions.canNameFacilitators(caller, s) ? Future.succeededFuture(s)
        : Future.failedFuture(ApiException.forbidden(s.orgId() == null ? "Only a space an org runs has facilitators."
            : "Only the owners of the org that runs this space name its facilitators.")));
  }

  private Future<Nomination> nomination(long id) {
    return repo.nomination(db.pool(), id).map(n -> n.orElseThrow(() -> ApiException.notFound("nomination")));
  }

  private Future<User> user(String username) {
    return users.byUsername(db.pool(), username).map(u -> u.orElseThrow(() -> ApiException.notFound("user")));
  }
}
