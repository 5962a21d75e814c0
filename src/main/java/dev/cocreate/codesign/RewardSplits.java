package dev.cocreate.codesign;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.IdeaStatus;
import dev.cocreate.moderation.Flag;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The split of an idea's reward (issue #22): when its challenge has a reward, the idea's authors
 * propose shares among the people in its credit ledger (themselves included), adding up to 100%;
 * each named person consents or declines (which sends it back to the authors); a new proposal
 * replaces the last and clears its answers. The firm cannot accept the idea until everyone named
 * consented ({@link SplitAcceptance}), and then the split is frozen. Every change locks the idea's
 * row first, as the acceptance does, so each sees the other's outcome. A dispute over credit is a
 * flag for the moderators.
 */
public final class RewardSplits {
  /** Statuses in which an idea's split can no longer change: decided, or gone into another idea. */
  private static final Set<String> SETTLED = Set.of(IdeaStatus.ACCEPTED.wire(), IdeaStatus.IMPLEMENTED.wire(),
      IdeaStatus.DECLINED.wire(), IdeaStatus.MERGED.wire());

  /** What the split page and {@code GET /split} show: the reward, who may be named, the split if any. */
  public record View(CodesignService.Involved involved, String reward, List<SplitRepository.Person> eligible,
      Optional<RewardSplit> split) {
    public boolean hasReward() {
      return RewardSplits.hasReward(reward);
    }

    public JsonObject toJson() {
      JsonArray people = new JsonArray();
      eligible.forEach(p -> people.add(new JsonObject().put("id", p.id()).put("username", p.username())
          .put("displayName", p.displayName())));
      return new JsonObject().put("ideaId", involved.idea().id()).put("reward", hasReward() ? reward : null)
          .put("eligible", people).put("split", split.map(RewardSplit::toJson).orElse(null));
    }
  }

  private final Database db;
  private final SplitRepository repo = new SplitRepository();
  private final CodesignService codesign;
  private final Permissions permissions;
  private final ModerationService moderation;
  private final Notifier notifier;

  public RewardSplits(Database db, CodesignService codesign, Permissions permissions, ModerationService moderation,
      Notifier notifier) {
    this.db = db;
    this.codesign = codesign;
    this.permissions = permissions;
    this.moderation = moderation;
    this.notifier = notifier;
  }

  static boolean hasReward(String reward) {
    return reward != null && !reward.isBlank();
  }

  /** The split as whoever reads the idea sees it; 404 when its text is withheld from them. */
  public Future<View> view(Caller caller, long ideaId) {
    return codesign.involved(caller, ideaId).compose(inv -> view(inv));
  }

  Future<View> view(CodesignService.Involved inv) {
    long ideaId = inv.idea().id();
    Future<String> reward = repo.reward(db.pool(), inv.idea().challengeId());
    Future<List<SplitRepository.Person>> eligible = repo.eligible(db.pool(), ideaId);
    Future<Optional<RewardSplit>> split = repo.split(db.pool(), ideaId);
    return Future.all(reward, eligible, split).map(v -> new View(inv, reward.result(), eligible.result(), split.result()));
  }

  /**
   * A new proposal by one of the idea's authors, replacing any open one. 422 when the shares do not
   * add up to 100% or name someone outside the idea's credit ledger; 409 without a reward or once
   * the idea is decided.
   */
  public Future<RewardSplit> propose(Caller caller, long ideaId, SplitProposal proposal) {
    return AccountRules.mayWrite(caller).compose(v -> codesign.involved(caller, ideaId)).compose(inv -> {
      if (!permissions.canProposeSplit(caller, inv.ideaAuthor(), "accepted".equals(inv.coauthorStatus()))) {
        return Future.failedFuture(ApiException.forbidden("Only the idea's authors and accepted co-authors can propose its split."));
      }
      return db.tx(tx -> changeable(tx, ideaId)
          .compose(split -> repo.eligible(tx, ideaId))
          .map(eligible -> named(proposal, eligible))
          .compose(shares -> repo.propose(tx, ideaId, caller.id(), shares)
              .compose(v -> notifier.splitProposed(tx, ideaId, List.copyOf(shares.keySet()), caller.id())))
          .compose(v -> repo.split(tx, ideaId))
          .map(Optional::orElseThrow));
    });
  }

  /** The proposal's shares by user id: every name must be someone in the ledger, and they must add up to 100%. */
  private static Map<Long, Integer> named(SplitProposal proposal, List<SplitRepository.Person> eligible) {
    Map<Long, Integer> out = new LinkedHashMap<>();
    List<ApiException.FieldError> errors = new ArrayList<>();
    proposal.basisPoints().forEach((username, bp) -> eligible.stream().filter(p -> p.username().equalsIgnoreCase(username))
        .findFirst().ifPresentOrElse(p -> out.merge(p.id(), bp, Integer::sum),
            () -> errors.add(new ApiException.FieldError("shares." + username,
                "is not in this idea's credit ledger: only its authors and the people it credits can share the reward"))));
    int total = proposal.total();
    if (total != 10_000) {
      errors.add(new ApiException.FieldError("shares",
          "must add up to 100% (these add up to " + RewardSplit.percent(total) + "%)"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable("The split cannot be proposed as it is.", errors);
    }
    return out;
  }

  /** A named person consents to their share; when everyone has, the split is agreed. */
  public Future<RewardSplit> consent(Caller caller, long ideaId, Integer round) {
    return answer(caller, ideaId, round, "consented");
  }

  /** A named person declines: the split goes back to the authors, for a new proposal. */
  public Future<RewardSplit> decline(Caller caller, long ideaId, Integer round) {
    return answer(caller, ideaId, round, "declined");
  }

  private Future<RewardSplit> answer(Caller caller, long ideaId, Integer round, String consent) {
    return AccountRules.mayWrite(caller).compose(v -> codesign.involved(caller, ideaId))
        .compose(inv -> db.tx(tx -> changeable(tx, ideaId).compose(found -> {
          RewardSplit split = found.orElseThrow(() -> ApiException.conflict("No split of this idea's reward is proposed."));
          if (!permissions.canAnswerSplit(caller, split.shareOf(caller.id()) != null)) {
            throw ApiException.forbidden("Only the people this split names can consent to it or decline it.");
          }
          if (round != null && round != split.round()) {
            throw ApiException.conflict("The split was proposed again since you read it: read the new one first.");
          }
          if ("declined".equals(split.status())) {
            throw ApiException.conflict("Someone declined this split: it is back with the idea's authors for a new proposal.");
          }
          return repo.answer(tx, ideaId, caller.id(), consent).compose(x -> repo.split(tx, ideaId)).map(Optional::orElseThrow);
        })));
  }

  /**
   * The idea's split with the idea's row locked, when it may still change: 409 without a reward,
   * once frozen or once the idea is decided.
   */
  private Future<Optional<RewardSplit>> changeable(SqlConnection tx, long ideaId) {
    return repo.lockIdea(tx, ideaId).compose(found -> {
      SplitRepository.LockedIdea idea = found.orElseThrow(() -> ApiException.notFound("idea"));
      if (!hasReward(idea.reward())) {
        throw ApiException.conflict("This idea's challenge offers no reward to split.");
      }
      return repo.split(tx, ideaId).map(split -> {
        if (split.map(s -> s.frozenAt() != null).orElse(false)) {
          throw ApiException.conflict("The idea is accepted: its split is frozen and cannot change.");
        }
        if (SETTLED.contains(idea.status())) {
          throw ApiException.conflict("The idea is " + idea.status() + ": its split can no longer change.");
        }
        return split;
      });
    });
  }

  /**
   * A dispute over the idea's credit or split, raised by someone in its ledger or named in its
   * split: a flag with reason {@code credit} on the idea's discussion, for the moderators.
   */
  public Future<Flag> dispute(Caller caller, long ideaId, CreditDispute dispute) {
    return AccountRules.mayWrite(caller).compose(v -> codesign.involved(caller, ideaId)).compose(inv -> view(inv))
        .compose(view -> {
          boolean inLedger = view.eligible().stream().anyMatch(p -> p.id() == caller.id());
          boolean named = view.split().map(s -> s.shareOf(caller.id()) != null).orElse(false);
          if (!permissions.canDisputeCredit(caller, inLedger || named)) {
            return Future.failedFuture(ApiException.forbidden(
                "Only people in the idea's credit ledger or named in its split can dispute its credit."));
          }
          return repo.openingPost(db.pool(), ideaId).compose(postId -> postId == null
              ? Future.failedFuture(ApiException.conflict("This idea has no discussion to flag."))
              : moderation.flagCredit(caller, postId, dispute.note()));
        });
  }
}
