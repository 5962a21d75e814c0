package dev.cocreate.challenge;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Who may run a challenge on the pages: the firm's team posts the brief, edits it and reviews the ideas. */
final class ChallengeTeam {
  private final ChallengeService challenges;
  private final Permissions permissions;

  ChallengeTeam(ChallengeService challenges, Permissions permissions) {
    this.challenges = challenges;
    this.permissions = permissions;
  }

  /** Whether the caller is the firm's team (of the org's page JSON), which posts its challenges and reads its statistics. */
  boolean onTeam(JsonObject orgView, Caller caller) {
    boolean listed = caller.signedIn() && orgView.getJsonArray("members", new JsonArray()).stream()
        .anyMatch(m -> ((JsonObject) m).getLong("id") == caller.id());
    return permissions.canManageChallenge(caller, listed);
  }

  /** The challenge, when the caller may manage it; 403 otherwise, naming the firm whose team may. */
  Future<ChallengeService.View> manageable(Caller caller, long id) {
    return challenges.get(caller, id).map(view -> {
      if (!view.canManage()) {
        throw ApiException.forbidden("Only members of " + view.challenge().orgName() + " can manage this challenge.");
      }
      return view;
    });
  }

  /** Refusals a challenge or idea form shows beside its fields: bad input, or a phase that no longer allows it. */
  static boolean formExplains(int status) {
    return status == 400 || status == 409;
  }
}
