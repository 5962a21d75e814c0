package dev.cocreate.challenge;

import dev.cocreate.challenge.ChallengeService.Brief;
import dev.cocreate.forum.markdown.RenderedMarkdown;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * The HTML of each Markdown field a brief's patch sets (null for a field it leaves alone), rendered
 * before the edit's transaction so the challenge's row lock is never held while Markdown renders.
 */
record RenderedPatch(String problem, String desiredOutcomes, String constraints, String ipTerms) {
  /** The stored content after the patch: the patch's HTML where it set a field, the row's own elsewhere. */
  ChallengeRepository.Content onto(Challenge c, Brief b, Long spaceId) {
    return new ChallengeRepository.Content(
        b.title(), b.summary(),
        b.problem(), problem != null ? problem : c.problemHtml(),
        b.desiredOutcomes(), desiredOutcomes != null ? desiredOutcomes : c.desiredOutcomesHtml(),
        b.constraints() == null ? "" : b.constraints(), constraints != null ? constraints : c.constraintsHtml(),
        b.criteria(),
        b.reward() == null ? "" : b.reward(),
        b.ipTerms(), ipTerms != null ? ipTerms : c.ipTermsHtml(),
        b.closesAt(),
        b.supportThreshold(),
        spaceId, b.supportStages(), b.supportBudget(), b.publicRationale(), b.minSupportShare());
  }

  /** Renders the Markdown fields {@code p} sets, side by side on the renderer's workers. */
  static Future<RenderedPatch> of(Brief p, Function<String, Future<RenderedMarkdown>> render) {
    Future<String> problem = renderIfSet(p.problem(), render);
    Future<String> outcomes = renderIfSet(p.desiredOutcomes(), render);
    Future<String> limits = renderIfSet(p.constraints(), render);
    Future<String> terms = renderIfSet(p.ipTerms(), render);
    return Future.all(problem, outcomes, limits, terms)
        .map(all -> new RenderedPatch(problem.result(), outcomes.result(), limits.result(), terms.result()));
  }

  private static Future<String> renderIfSet(String markdown, Function<String, Future<RenderedMarkdown>> render) {
    return markdown == null ? Future.succeededFuture(null) : render.apply(markdown).map(RenderedMarkdown::html);
  }
}
