package dev.cocreate.challenge;

import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A challenge as stored, with its org (and, when loaded, its participation figures).
 * {@code publicRationale}: whether everyone reads the per-criterion rationale of its jury-scored
 * ideas' answers (their authors and the firm always do).
 */
public record Challenge(
    long id,
    long orgId,
    String orgSlug,
    String orgName,
    Long spaceId,
    String spaceSlug,
    String title,
    String summary,
    String problem,
    String problemHtml,
    String desiredOutcomes,
    String desiredOutcomesHtml,
    String constraints,
    String constraintsHtml,
    JsonArray criteria,
    String reward,
    String ipTerms,
    String ipTermsHtml,
    OffsetDateTime closesAt,
    int supportThreshold,
    ChallengePhase phase,
    int revision,
    long createdBy,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime phaseChangedAt,
    StagePlan supportStages,
    Integer supportBudget,
    Stats stats,
    Long previousRoundId,
    Long nextRoundId,
    boolean publicRationale,
    SupportShare minSupportShare) {

  /** Ideas (merged duplicates not counted), distinct authors and supporters, and supports. */
  public record Stats(long ideas, long participants, long supports) {
    JsonObject toJson() {
      return new JsonObject().put("ideas", ideas).put("participants", participants).put("supports", supports);
    }
  }

  static Challenge of(Row r) {
    Stats stats = r.getColumnIndex("stat_ideas") < 0 ? null
        : new Stats(r.getLong("stat_ideas"), r.getLong("stat_participants"), r.getLong("stat_supports"));
    Object criteria = r.getValue("criteria");
    return new Challenge(
        r.getLong("id"),
        r.getLong("org_id"),
        r.getString("org_slug"),
        r.getString("org_name"),
        r.getLong("space_id"),
        r.getString("space_slug"),
        r.getString("title"),
        r.getString("summary"),
        r.getString("problem"),
        r.getString("problem_html"),
        r.getString("desired_outcomes"),
        r.getString("desired_outcomes_html"),
        r.getString("constraints"),
        r.getString("constraints_html"),
        criteria instanceof JsonArray a ? a : new JsonArray(String.valueOf(criteria)),
        r.getString("reward"),
        r.getString("ip_terms"),
        r.getString("ip_terms_html"),
        r.getOffsetDateTime("closes_at"),
        r.getInteger("support_threshold"),
        ChallengePhase.of(r.getString("phase")),
        r.getInteger("revision"),
        r.getLong("created_by"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"),
        r.getOffsetDateTime("phase_changed_at"),
        StagePlan.of(r.getValue("support_stages")),
        r.getInteger("support_budget"),
        stats,
        r.getLong("previous_round_id"),
        r.getLong("next_round_id"),
        Boolean.TRUE.equals(r.getBoolean("public_rationale")),
        SupportShare.of(r));
  }

  /** The brief as a member edits it; revisions keep this shape. */
  public JsonObject briefJson() {
    return new JsonObject()
        .put("title", title)
        .put("summary", summary)
        .put("problem", problem)
        .put("desiredOutcomes", desiredOutcomes)
        .put("constraints", constraints)
        .put("criteria", criteria.copy())
        .put("reward", reward)
        .put("ipTerms", ipTerms)
        .put("closesAt", Times.iso(closesAt))
        .put("supportThreshold", supportThreshold)
        .put("space", spaceSlug)
        .put("supportStages", supportStages.toJson())
        .put("supportBudget", supportBudget)
        .put("previousRound", previousRoundId)
        .put("publicRationale", publicRationale)
        .put("minSupportShare", minSupportShare.toJson());
  }

  /** The API's `challenge`. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("org", new JsonObject().put("id", orgId).put("slug", orgSlug).put("name", orgName))
        .put("phase", phase.wire())
        .put("revision", revision)
        .put("createdAt", Times.iso(createdAt))
        .put("updatedAt", Times.iso(updatedAt))
        .put("phaseChangedAt", Times.iso(phaseChangedAt))
        .mergeIn(briefJson())
        // The round after this one, once it is public: a draft next round is its firm's business.
        .put("nextRound", nextRoundId)
        .put("html", new JsonObject()
            .put("problem", problemHtml)
            .put("desiredOutcomes", desiredOutcomesHtml)
            .put("constraints", constraintsHtml)
            .put("ipTerms", ipTermsHtml));
    if (stats != null) {
      j.put("stats", stats.toJson());
    }
    return j;
  }

  /** The compact shape used in lists of an org's challenges and in events. */
  public JsonObject toSummaryJson() {
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("summary", summary)
        .put("phase", phase.wire())
        .put("closesAt", Times.iso(closesAt))
        .put("supportThreshold", supportThreshold)
        .put("supportStages", supportStages.toJson())
        .put("supportBudget", supportBudget)
        .put("createdAt", Times.iso(createdAt));
    if (stats != null) {
      j.put("stats", stats.toJson());
    }
    return j;
  }
}
