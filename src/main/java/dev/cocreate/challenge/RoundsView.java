package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The rounds on a challenge's page (the round it follows and what that round delivered, the round
 * after it, and why it opened without a reported result) and "What happened" on an idea's page.
 * A round the reader may not see is left out, as if it were not there.
 */
final class RoundsView {
  private final Pages pages;
  private final ChallengeService challenges;

  RoundsView(Pages pages, ChallengeService challenges) {
    this.pages = pages;
    this.challenges = challenges;
  }

  /** {@code {previous: {id, title, delivered}, next: {id, title}, log}}, or null when the challenge stands alone. */
  Future<JsonObject> of(RoutingContext ctx, Caller caller, Challenge c) {
    Future<JsonObject> previous = c.previousRoundId() == null ? Future.succeededFuture(null)
        : visible(caller, c.previousRoundId()).compose(p -> p == null ? Future.succeededFuture(null)
            : challenges.outcomes().ofChallenge(p.getLong("id")).map(results -> p.put("delivered", labelled(ctx, results))));
    Future<JsonObject> next = c.nextRoundId() == null ? Future.succeededFuture(null) : visible(caller, c.nextRoundId());
    Future<JsonArray> log = challenges.roundLog(caller, c.id());
    return Future.all(previous, next, log).map(all -> {
      if (previous.result() == null && next.result() == null && log.result().isEmpty()) {
        return null;
      }
      return new JsonObject().put("previous", previous.result()).put("next", next.result()).put("log", log.result());
    });
  }

  /** The idea's results, each with its status in the page's language. */
  Future<JsonArray> happened(RoutingContext ctx, long ideaId) {
    return challenges.outcomes().ofIdea(ideaId).map(results -> labelled(ctx, results));
  }

  private Future<JsonObject> visible(Caller caller, long id) {
    return challenges.get(caller, id)
        .map(v -> new JsonObject().put("id", v.challenge().id()).put("title", v.challenge().title()))
        .otherwise(e -> null);
  }

  private JsonArray labelled(RoutingContext ctx, JsonArray results) {
    JsonArray out = new JsonArray();
    for (Object o : results) {
      JsonObject r = ((JsonObject) o).copy();
      out.add(r.put("statusLabel", pages.text(ctx, "results.status." + r.getString("status")))
          .put("progressLabel", pages.text(ctx, "results.progressLabel", "progress", r.getInteger("progress"))));
    }
    return out;
  }
}
