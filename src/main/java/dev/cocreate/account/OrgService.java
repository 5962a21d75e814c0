package dev.cocreate.account;

import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.SqlErrors;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** Firms and their teams: the creator owns the org; owners manage members; an org always keeps an owner. */
public final class OrgService {
  private final Database db;
  private final OrgRepository orgs;
  private final UserRepository users;
  private final List<ViewPart> viewParts;

  /** Something another feature adds to an org's page (its challenges, say), as the viewer may see it. */
  public interface ViewPart {
    Future<JsonObject> addTo(OrgRepository.Org org, Caller viewer, JsonObject view);
  }

  public OrgService(Database db, OrgRepository orgs, UserRepository users) {
    this(db, orgs, users, List.of());
  }

  public OrgService(Database db, OrgRepository orgs, UserRepository users,
      List<ViewPart> viewParts) {
    this.db = db;
    this.orgs = orgs;
    this.users = users;
    this.viewParts = List.copyOf(viewParts);
  }

  public Future<OrgRepository.Org> create(Caller caller, String slug, String name, String description) {
    return db.tx(tx -> orgs.insert(tx, slug, name, description)
            .compose(org -> orgs.putMember(tx, org.id(), caller.id(), "owner").map(org)))
        .recover(e -> SqlErrors.isUniqueViolation(e)
            ? Future.failedFuture(new ApiException(409, "conflict", "Conflict", "That org slug is taken.",
                List.of(new ApiException.FieldError("slug", "is taken")), null))
            : Future.failedFuture(e));
  }

  public Future<OrgRepository.Org> bySlug(String slug) {
    return orgs.bySlug(db.pool(), slug).map(o -> o.orElseThrow(() -> ApiException.notFound("org")));
  }

  /** The org with its team. */
  public Future<JsonObject> view(String slug) {
    return view(slug, Caller.ANONYMOUS);
  }

  /** The org with its team and what other features add for this viewer. */
  public Future<JsonObject> view(String slug, Caller viewer) {
    return bySlug(slug).compose(org -> {
      Future<JsonObject> view = orgs.members(db.pool(), org.id()).map(m -> org.toJson().put("members", m));
      for (ViewPart part : viewParts) {
        view = view.compose(v -> part.addTo(org, viewer, v));
      }
      return view;
    });
  }

  public Future<List<OrgRepository.Membership>> membershipsOf(long userId) {
    return orgs.membershipsOf(db.pool(), userId);
  }

  public Future<Void> putMember(Caller caller, String slug, String username, String role) {
    return bySlug(slug).compose(org -> requireOwner(caller, org).compose(v -> users.byUsername(db.pool(), username))
        .compose(u -> {
          User member = u.orElseThrow(() -> ApiException.notFound("user"));
          return db.tx(tx -> orgs.lockAndCountOwners(tx, org.id())
              .compose(owners -> orgs.roleOf(tx, org.id(), member.id()).compose(current -> {
                if (current.orElse("").equals("owner") && role.equals("member") && owners <= 1) {
                  return Future.failedFuture(ApiException.conflict("An org must keep at least one owner."));
                }
                return orgs.putMember(tx, org.id(), member.id(), role);
              })));
        }));
  }

  public Future<Void> removeMember(Caller caller, String slug, String username) {
    return bySlug(slug).compose(org -> requireOwner(caller, org).compose(v -> users.byUsername(db.pool(), username))
        .compose(u -> {
          User member = u.orElseThrow(() -> ApiException.notFound("user"));
          return db.tx(tx -> orgs.lockAndCountOwners(tx, org.id())
              .compose(owners -> orgs.roleOf(tx, org.id(), member.id()).compose(current -> {
                if (current.isEmpty()) {
                  return Future.failedFuture(ApiException.notFound("member"));
                }
                if (current.get().equals("owner") && owners <= 1) {
                  return Future.failedFuture(ApiException.conflict("An org must keep at least one owner."));
                }
                return orgs.removeMember(tx, org.id(), member.id()).mapEmpty();
              })));
        }));
  }

  private Future<Void> requireOwner(Caller caller, OrgRepository.Org org) {
    Future<Optional<String>> role = caller.signedIn() ? orgs.roleOf(db.pool(), org.id(), caller.id())
        : Future.succeededFuture(Optional.empty());
    return role.compose(r -> AccountRules.canManageOrgTeam(caller, r.orElse(null))
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.forbidden("Only an owner of this org can manage its team.")));
  }
}
