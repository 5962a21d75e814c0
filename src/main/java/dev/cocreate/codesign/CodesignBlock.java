package dev.cocreate.codesign;

import dev.cocreate.account.Caller;
import dev.cocreate.challenge.Idea;
import dev.cocreate.challenge.IdeaPageBlock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Co-design's part of an idea's page (partials/codesign.hbs): which iteration it shows, "changed
 * since you supported" (then recorded as seen), who is involved, the invitation waiting for the
 * reader, the amendments, the credit ledger and where the reward's split stands (who consented,
 * who is pending), with the authors' forms. An idea whose text is
 * withheld from the reader shows none of it.
 */
final class CodesignBlock implements IdeaPageBlock {
  private final CodesignService codesign;
  private final CreditLedger ledger;
  private final RewardSplits splits;
  private final CodesignTexts texts;

  CodesignBlock(CodesignService codesign, CreditLedger ledger, RewardSplits splits, CodesignTexts texts) {
    this.codesign = codesign;
    this.ledger = ledger;
    this.splits = splits;
    this.texts = texts;
  }

  @Override
  public Future<JsonObject> model(RoutingContext ctx, Caller caller, Idea idea) {
    if (idea.withheld()) {
      return Future.succeededFuture(null);
    }
    return codesign.involved(caller, idea.id()).compose(inv -> {
      Future<List<Iteration>> iterations = codesign.stored(idea.id());
      Future<List<Coauthor>> coauthors = codesign.coauthorsOf(inv);
      Future<List<Amendment>> amendments = codesign.amendmentsOf(inv);
      Future<List<Credit>> credits = ledger.creditsOf(inv);
      Future<List<CodesignRepository.Candidate>> candidates = ledger.candidates(inv);
      Future<RewardSplits.View> split = splits.view(inv);
      // Only a supporter is told what changed since they supported, so only theirs is a look worth keeping.
      boolean supporter = Boolean.TRUE.equals(idea.supported());
      Future<Boolean> changed = supporter ? codesign.changedSinceSupported(caller, idea.id()) : Future.succeededFuture(false);
      return Future.all(List.of(iterations, coauthors, amendments, credits, candidates, changed, split))
          // Seen once this page is built: the mark shows this time, and not again until the next iteration.
          .compose(all -> supporter ? codesign.viewed(caller, idea.id()) : Future.<Void>succeededFuture())
          .map(v -> view(ctx, caller, inv, iterations.result(), coauthors.result(), amendments.result(), credits.result(),
              candidates.result(), changed.result()).put("split", texts.splitSummary(ctx, split.result())));
    });
  }

  private JsonObject view(RoutingContext ctx, Caller caller, CodesignService.Involved inv, List<Iteration> iterations,
      List<Coauthor> coauthors, List<Amendment> amendments, List<Credit> credits,
      List<CodesignRepository.Candidate> candidates, boolean changed) {
    JsonObject j = new JsonObject().put("ideaId", inv.idea().id()).put("isAuthor", inv.author()).put("invited", inv.invited())
        .put("signedIn", caller.signedIn());
    if (!iterations.isEmpty()) {
      Iteration latest = iterations.get(iterations.size() - 1);
      j.put("latest", texts.iteration(ctx, latest)).put("changed", changed ? texts.iteration(ctx, latest).put("fromN", latest.n() - 1) : null);
    }
    JsonArray people = new JsonArray();
    JsonArray waiting = new JsonArray();
    for (Coauthor c : CodesignService.shown(coauthors, inv.author(), caller.signedIn() ? caller.id() : 0)) {
      (c.accepted() ? people : waiting).add(texts.coauthor(ctx, c));
    }
    j.put("coauthors", people).put("waiting", waiting);
    long open = amendments.stream().filter(Amendment::open).count();
    j.put("openAmendments", open).put("amendmentCount", amendments.size());
    j.put("credits", texts.credits(ctx, credits));
    JsonArray offered = new JsonArray();
    candidates.forEach(c -> offered.add(new JsonObject().put("postId", c.postId()).put("author", c.authorDisplayName())
        .put("excerpt", c.excerpt())));
    j.put("candidates", offered);
    return j;
  }
}
