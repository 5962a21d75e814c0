package dev.cocreate.challenge;

import dev.cocreate.platform.http.ApiException;
import io.vertx.core.json.JsonArray;
import java.util.Objects;

/** What a brief's support stages and budget must be, beyond what one request's fields say alone. */
final class SupportRules {
  private SupportRules() {}

  /**
   * Stages and budget may change only in a draft, as the threshold: once open, members supported
   * ideas under them, and ideas run on the stage clock they were submitted with.
   */
  static boolean editable(Challenge c, ChallengeService.Brief patch) {
    if (c.phase() == ChallengePhase.DRAFT) {
      return true;
    }
    boolean stages = patch.supportStages() == null || patch.supportStages().equals(c.supportStages().toJson());
    boolean budget = patch.supportBudget() == null || Objects.equals(normalBudget(patch.supportBudget()), c.supportBudget());
    boolean share = patch.minSupportShare() == null || patch.minSupportShare().equals(c.minSupportShare());
    return stages && budget && share;
  }

  /** The brief an edit merged with the stored one, once its last stage is still the threshold (400 otherwise). */
  static ChallengeService.Brief stagesEndAtThreshold(ChallengeService.Brief next) {
    JsonArray stages = next.supportStages();
    if (stages == null || stages.isEmpty()) {
      return next;
    }
    int last = stages.getJsonObject(stages.size() - 1).getInteger("supporters");
    if (next.supportThreshold() == null || last != next.supportThreshold()) {
      throw ApiException.invalid("supportStages[" + (stages.size() - 1) + "].supporters",
          "must equal supportThreshold (" + next.supportThreshold() + ")");
    }
    return next;
  }

  /** A brief's budget as stored: 0 (sent to remove it) is none. */
  static Integer normalBudget(Integer budget) {
    return budget == null || budget == 0 ? null : budget;
  }
}
