package dev.cocreate.stakeholder;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgRepository;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;

/**
 * Members' stakeholder types towards orgs: a member declares their own; staff is a request until an
 * owner of the org confirms it, and an owner may refuse or revoke it. Every change takes the org's
 * stakeholder lock exclusively and rechecks the org's ideas that wait on a required share, in its
 * own transaction (see {@link Breakdowns}).
 */
public final class StakeholderService {
  private final Database db;
  private final OrgRepository orgs;
  private final UserRepository users;
  private final Permissions permissions;
  private final ShareRecheck recheck;
  private final StakeholderRepository repo = new StakeholderRepository();
  private final Breakdowns breakdowns = new Breakdowns();

  public StakeholderService(Database db, OrgRepository orgs, UserRepository users, Permissions permissions,
      ShareRecheck recheck) {
    this.db = db;
    this.orgs = orgs;
    this.users = users;
    this.permissions = permissions;
    this.recheck = recheck;
  }

  /** The caller's declaration towards the org: {@code {org, type, status}}, type and status null when none. */
  public Future<JsonObject> mine(Caller caller, String slug) {
    return org(slug).compose(org -> !caller.signedIn() ? Future.succeededFuture(mineJson(org, Optional.empty()))
        : repo.of(db.pool(), org.id(), caller.id()).map(d -> mineJson(org, d)));
  }

  public Future<JsonObject> declare(Caller caller, String slug, StakeholderDeclaration declaration) {
    return org(slug).compose(org -> {
      if (!permissions.canDeclareStakeholder(caller)) {
        return Future.failedFuture(ApiException.forbidden("Sign in to say how you relate to this org."));
      }
      return change(org.id(), caller.id(), tx -> repo.declare(tx, org.id(), caller.id(), declaration.type()).map(true))
          .compose(v -> mine(caller, slug));
    });
  }

  /** The caller takes back their declaration (or staff request); 404 when they had none. */
  public Future<Void> withdraw(Caller caller, String slug) {
    return org(slug).compose(org -> {
      if (!permissions.canDeclareStakeholder(caller)) {
        return Future.failedFuture(ApiException.forbidden("Sign in to say how you relate to this org."));
      }
      return change(org.id(), caller.id(), tx -> repo.remove(tx, org.id(), caller.id()))
          .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("declaration")));
    });
  }

  /** The org's stakeholders with their types and statuses, for its team. */
  public Future<JsonArray> list(Caller caller, String slug) {
    return org(slug).compose(org -> role(caller, org).compose(role -> permissions.canReadStakeholders(caller, role)
        ? repo.list(db.pool(), org.id())
        : Future.failedFuture(ApiException.forbidden("Only the org's team reads its stakeholders."))));
  }

  /** The org's members page: the org, its stakeholders, and whether the caller may answer staff requests. */
  public record Roster(OrgRepository.Org org, boolean canConfirm, JsonArray stakeholders) {}

  /** The roster for the org's team (403 for anyone else). */
  public Future<Roster> roster(Caller caller, String slug) {
    return org(slug).compose(org -> role(caller, org).compose(role -> permissions.canReadStakeholders(caller, role)
        ? repo.list(db.pool(), org.id()).map(items -> new Roster(org, permissions.canConfirmStaff(caller, role), items))
        : Future.failedFuture(ApiException.forbidden("Only the org's team reads its stakeholders."))));
  }

  /** An owner confirms a member's staff request; 404 when none waits. */
  public Future<Void> confirmStaff(Caller caller, String slug, String username) {
    return ownerAct(caller, slug, username, (tx, org, member) -> repo.confirmStaff(tx, org.id(), member.id(), caller.id()));
  }

  /** An owner refuses a member's staff request, or revokes a confirmed one; 404 when the member declared no staff. */
  public Future<Void> refuseStaff(Caller caller, String slug, String username) {
    return ownerAct(caller, slug, username, (tx, org, member) -> repo.of(tx, org.id(), member.id()).compose(d ->
        d.filter(x -> x.type() == StakeholderType.STAFF).isPresent() ? repo.remove(tx, org.id(), member.id())
            : Future.succeededFuture(false)));
  }

  private interface OwnerAct {
    Future<Boolean> run(SqlConnection tx, OrgRepository.Org org, User member);
  }

  private Future<Void> ownerAct(Caller caller, String slug, String username, OwnerAct act) {
    return org(slug)
        .compose(org -> role(caller, org).compose(role -> permissions.canConfirmStaff(caller, role)
            ? users.byUsername(db.pool(), username)
            : Future.failedFuture(ApiException.forbidden("Only an owner of this org confirms its staff.")))
            .compose(u -> {
              User member = u.orElseThrow(() -> ApiException.notFound("user"));
              return change(org.id(), caller.id(), tx -> act.run(tx, org, member));
            }))
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("staff request")));
  }

  /**
   * One change of type in its transaction: the org's stakeholder lock exclusively, the write, then
   * the recheck of the org's ideas when the write changed anything.
   */
  private Future<Boolean> change(long orgId, long actorId, java.util.function.Function<SqlConnection, Future<Boolean>> write) {
    return db.tx(tx -> breakdowns.lockExclusive(tx, orgId)
        .compose(v -> write.apply(tx))
        .compose(changed -> changed ? recheck.recheck(tx, orgId, actorId).map(true) : Future.succeededFuture(false)));
  }

  private Future<OrgRepository.Org> org(String slug) {
    return orgs.bySlug(db.pool(), slug).map(o -> o.orElseThrow(() -> ApiException.notFound("org")));
  }

  private Future<String> role(Caller caller, OrgRepository.Org org) {
    return caller.signedIn() ? orgs.roleOf(db.pool(), org.id(), caller.id()).map(r -> r.orElse(null))
        : Future.succeededFuture(null);
  }

  private static JsonObject mineJson(OrgRepository.Org org, Optional<StakeholderRepository.Declaration> d) {
    JsonObject j = new JsonObject().put("org", org.slug());
    return d.map(x -> j.mergeIn(x.toJson())).orElseGet(() -> j.put("type", null).put("status", null));
  }
}
