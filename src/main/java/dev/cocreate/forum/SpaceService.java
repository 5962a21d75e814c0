package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.Viewer;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.content.Author;
import dev.cocreate.content.Space;
import dev.cocreate.moderation.ModerationLog;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.SqlErrors;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.RenderChange;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Spaces: who may read them, and (for admins) creating them, changing their visibility and
 * managing group members; an org's owners create group spaces for its network, and they and the
 * space's facilitators manage who is in them, each change logged with the space as its scope. A
 * change of who may read a space is announced to the live hubs in its transaction
 * ({@link AccessChange}): its followers, and those of its threads, are decided again.
 */
public final class SpaceService {
  private final Database db;
  private final SpaceRepository spaces;
  private final UserRepository users;
  private final Permissions permissions;
  private final EventLog events;
  private final ModerationLog auditLog;
  /** Whose now decides whether a facilitator's term still runs. */
  private final InstantSource clock;

  public SpaceService(Database db, SpaceRepository spaces, UserRepository users, Permissions permissions, EventLog events,
      ModerationLog auditLog, InstantSource clock) {
    this.events = events;
    this.auditLog = auditLog;
    this.clock = clock;
    this.db = db;
    this.spaces = spaces;
    this.users = users;
    this.permissions = permissions;
  }

  public record NewSpace(String slug, String name, String description, Space.Visibility visibility, List<String> groupMembers) {}

  /** What an admin changes about a space; null fields stay as they are. */
  public record SpaceUpdate(String name, String description, Space.Visibility visibility) {}

  /** A space with its group's members, as admins see it. */
  public record SpaceDetail(Space space, List<Author> members) {
    public JsonObject toJson() {
      JsonObject j = space.toJson();
      if (space.visibility() == Space.Visibility.GROUP) {
        j.put("groupMembers", new JsonArray(members.stream().map(Author::username).toList()));
      }
      return j;
    }
  }

  /** The spaces the caller can read, in display order. */
  public Future<List<Space>> readable(Caller caller) {
    return spaces.all(db.pool(), Viewer.of(caller))
        .map(all -> all.stream().filter(s -> permissions.canReadSpace(caller, s)).toList());
  }

  /** The space, or 404 when it does not exist or the caller cannot read it. */
  public Future<Space> space(Caller caller, String slug) {
    return spaces.bySlug(db.pool(), Viewer.of(caller), slug)
        .map(s -> s.filter(found -> permissions.canReadSpace(caller, found)).orElseThrow(() -> ApiException.notFound("space")));
  }

  public Future<SpaceDetail> create(Caller caller, NewSpace req) {
    if (!permissions.canManageSpaces(caller)) {
      return Future.failedFuture(ApiException.forbidden("Only an admin can create spaces."));
    }
    List<String> wanted = req.groupMembers() == null ? List.of() : req.groupMembers();
    if (!wanted.isEmpty() && req.visibility() != Space.Visibility.GROUP) {
      return Future.failedFuture(ApiException.invalid("groupMembers", "only a group space has members"));
    }
    return insert(caller, req, wanted, null);
  }

  /**
   * A group space run by the org {@code orgId}, created by one of its owners ({@code orgRole} is
   * the caller's role in it) with its first members; logged in the space's scope.
   */
  public Future<SpaceDetail> createForOrg(Caller caller, long orgId, String orgRole, NewSpace req) {
    if (!permissions.canCreateOrgSpace(caller, orgRole)) {
      return Future.failedFuture(ApiException.forbidden("Only the org's owners can create its spaces."));
    }
    List<String> wanted = req.groupMembers() == null ? List.of() : req.groupMembers();
    return insert(caller, new NewSpace(req.slug(), req.name(), req.description(), Space.Visibility.GROUP, wanted), wanted, orgId);
  }

  private Future<SpaceDetail> insert(Caller caller, NewSpace req, List<String> wanted, Long orgId) {
    return existingUsers(wanted).compose(members -> db.tx(tx -> spaces
            .insert(tx, Viewer.of(caller), req.slug(), req.name(), req.description(), req.visibility(), orgId)
            .compose(s -> spaces.addMembers(tx, s.id(), members.stream().map(User::id).toList()).map(s))
            .compose(s -> orgId == null ? Future.succeededFuture(s)
                : auditLog.record(tx, ModerationLog.Record.of(caller.user(), "space_created", "space", s.id(), null, null)
                    .with(new JsonObject().put("members", members.size())).in(s.id())).map(s))))
        .recover(e -> SqlErrors.isUniqueViolation(e, "spaces_slug_key")
            ? Future.failedFuture(new ApiException(409, "conflict", "Conflict", "That space slug is taken.",
                List.of(new ApiException.FieldError("slug", "is taken")), null))
            : Future.failedFuture(e))
        .compose(s -> detail(s));
  }

  /**
   * Changes a space's name, description or visibility (admins). A visibility change is announced to
   * the live hubs with it: whoever may no longer read the space loses its topic and its threads'.
   */
  public Future<SpaceDetail> update(Caller caller, String slug, SpaceUpdate req) {
    if (!permissions.canManageSpaces(caller)) {
      return Future.failedFuture(ApiException.forbidden("Only an admin can change a space."));
    }
    return space(caller, slug).compose(before -> db.tx(tx -> spaces
        .update(tx, Viewer.of(caller), before.id(), req.name(), req.description(), req.visibility())
        .map(s -> s.orElseThrow(() -> ApiException.notFound("space")))
        // Who may read it first (see AccessChange), then how its threads' pages name it (RenderChange).
        .compose(after -> events.appendAll(tx, after.visibility() == before.visibility()
            ? List.of(RenderChange.space(after.id()))
            : List.of(AccessChange.space(after.id(), after.slug()), RenderChange.space(after.id()))).map(after))))
        .compose(this::detail);
  }

  /** Adds a group member (admins, the org's owners, the space's facilitators); logged in the space's scope. */
  public Future<SpaceDetail> putMember(Caller caller, String slug, String username) {
    return groupSpaceFor(caller, slug).compose(s -> user(username)
        .compose(u -> db.tx(tx -> addMember(tx, caller, s, u)))
        .compose(v -> detail(s)));
  }

  /**
   * Adds {@code member} to the group space in the caller's transaction, when not in it yet: their
   * live sockets may follow it from then on, and the change is logged in the space's scope.
   */
  public Future<Void> addMember(SqlConnection tx, Caller caller, Space s, User member) {
    return spaces.addMember(tx, s.id(), member.id()).compose(added -> !added ? Future.<Void>succeededFuture()
        : events.appendAll(tx, List.of(AccessChange.spaceMember(s.id(), s.slug(), member.id())))
            .compose(v -> auditLog.record(tx, ModerationLog.Record.of(caller.user(), "member_added", "user", member.id(),
                member.id(), null).in(s.id())))
            .<Void>mapEmpty());
  }

  /**
   * Removes a group member (admins, the org's owners, the space's facilitators); their live sockets
   * lose the space's topic and its threads' on every node. Logged in the space's scope.
   */
  public Future<Void> removeMember(Caller caller, String slug, String username) {
    return groupSpaceFor(caller, slug).compose(s -> user(username)
        .compose(u -> db.tx(tx -> spaces.removeMember(tx, s.id(), u.id()).compose(removed -> !removed
            ? Future.<Boolean>succeededFuture(false)
            : events.appendAll(tx, List.of(AccessChange.spaceMember(s.id(), s.slug(), u.id())))
                .compose(v -> auditLog.record(tx, ModerationLog.Record.of(caller.user(), "member_removed", "user", u.id(),
                    u.id(), null).in(s.id())))
                .map(true))))
        .compose(removed -> removed ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("member"))));
  }

  /** The group space's members (with their trust level, as its managers see them). */
  public Future<List<User>> memberUsers(SqlClient db, long spaceId) {
    return spaces.memberIds(db, spaceId).compose(ids -> ids.isEmpty() ? Future.succeededFuture(List.<User>of())
        : users.byIds(db, ids));
  }

  /** Whether the member is listed in the space. */
  public Future<Boolean> isMember(SqlClient db, long spaceId, long userId) {
    return spaces.memberIds(db, spaceId).map(ids -> ids.contains(userId));
  }

  /** The group space, when the caller manages its members: 403 for anyone else (as before org spaces: a member is refused, not told it does not exist). */
  private Future<Space> groupSpaceFor(Caller caller, String slug) {
    return spaces.bySlug(db.pool(), Viewer.of(caller), slug).map(found -> found.orElseThrow(() -> ApiException.notFound("space")))
        .compose(s -> {
      if (!permissions.canManageSpaceMembers(caller, s, clock.instant())) {
        return Future.failedFuture(ApiException.forbidden(
            "Only an admin, the org that runs the space or its facilitators can manage its members."));
      }
      return s.visibility() == Space.Visibility.GROUP ? Future.succeededFuture(s)
          : Future.failedFuture(ApiException.conflict("Only a group space has members; this one is " + s.visibility().wire() + "."));
    });
  }

  private Future<SpaceDetail> detail(Space s) {
    return spaces.members(db.pool(), s.id()).map(m -> new SpaceDetail(s, m));
  }

  private Future<User> user(String username) {
    return users.byUsername(db.pool(), username).map(u -> u.orElseThrow(() -> ApiException.notFound("user")));
  }

  /** The users named, or 400 naming the ones that do not exist. */
  private Future<List<User>> existingUsers(List<String> usernames) {
    if (usernames.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return users.byUsernames(db.pool(), usernames).compose(found -> {
      Set<String> known = found.stream().map(u -> u.username().toLowerCase()).collect(Collectors.toSet());
      Set<String> unknown = new TreeSet<>();
      usernames.forEach(n -> {
        if (!known.contains(n.toLowerCase())) {
          unknown.add(n);
        }
      });
      return unknown.isEmpty()
          ? Future.succeededFuture(found)
          : Future.failedFuture(ApiException.invalid("groupMembers", "no such users: " + String.join(", ", unknown)));
    });
  }
}
