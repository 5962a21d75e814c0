package dev.cocreate.forum;

import dev.cocreate.access.Permissions;
import dev.cocreate.access.Viewer;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.content.Author;
import dev.cocreate.content.Space;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.SqlErrors;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.RenderChange;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Spaces: who may read them, and (for admins) creating them, changing their visibility and
 * managing group members. A change of who may read a space is announced to the live hubs in its
 * transaction ({@link AccessChange}): its followers, and those of its threads, are decided again.
 */
public final class SpaceService {
  private final Database db;
  private final SpaceRepository spaces;
  private final UserRepository users;
  private final Permissions permissions;
  private final EventLog events;

  public SpaceService(Database db, SpaceRepository spaces, UserRepository users, Permissions permissions, EventLog events) {
    this.events = events;
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
    return existingUsers(wanted).compose(members -> db.tx(tx -> spaces
            .insert(tx, Viewer.of(caller), req.slug(), req.name(), req.description(), req.visibility())
            .compose(s -> spaces.addMembers(tx, s.id(), members.stream().map(User::id).toList()).map(s))))
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

  public Future<SpaceDetail> putMember(Caller caller, String slug, String username) {
    return groupSpaceFor(caller, slug).compose(s -> user(username)
        .compose(u -> db.tx(tx -> spaces.addMembers(tx, s.id(), List.of(u.id()))
            .compose(v -> events.appendAll(tx, List.of(AccessChange.spaceMember(s.id(), s.slug(), u.id()))))))
        .compose(v -> detail(s)));
  }

  /** Removes a group member; their live sockets lose the space's topic and its threads' on every node. */
  public Future<Void> removeMember(Caller caller, String slug, String username) {
    return groupSpaceFor(caller, slug).compose(s -> user(username)
        .compose(u -> db.tx(tx -> spaces.removeMember(tx, s.id(), u.id()).compose(removed -> !removed
            ? Future.<Boolean>succeededFuture(false)
            : events.appendAll(tx, List.of(AccessChange.spaceMember(s.id(), s.slug(), u.id()))).map(true))))
        .compose(removed -> removed ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("member"))));
  }

  private Future<Space> groupSpaceFor(Caller caller, String slug) {
    if (!permissions.canManageSpaces(caller)) {
      return Future.failedFuture(ApiException.forbidden("Only an admin can manage a space's members."));
    }
    return space(caller, slug).compose(s -> s.visibility() == Space.Visibility.GROUP
        ? Future.succeededFuture(s)
        : Future.failedFuture(ApiException.conflict("Only a group space has members; this one is " + s.visibility().wire() + ".")));
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
