package dev.cocreate.challenge;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The brief fields an edit changes: what a revision records and the update announces. */
final class BriefChanges {
  private BriefChanges() {}

  static List<String> between(Challenge c, ChallengeRepository.Content n) {
    List<String> changed = new ArrayList<>();
    if (!c.title().equals(n.title())) {
      changed.add("title");
    }
    if (!c.summary().equals(n.summary())) {
      changed.add("summary");
    }
    if (!c.problem().equals(n.problem())) {
      changed.add("problem");
    }
    if (!c.desiredOutcomes().equals(n.desiredOutcomes())) {
      changed.add("desiredOutcomes");
    }
    if (!c.constraints().equals(n.constraints())) {
      changed.add("constraints");
    }
    if (!c.criteria().equals(n.criteria())) {
      changed.add("criteria");
    }
    if (!c.reward().equals(n.reward())) {
      changed.add("reward");
    }
    if (!c.ipTerms().equals(n.ipTerms())) {
      changed.add("ipTerms");
    }
    if (!c.closesAt().isEqual(n.closesAt())) {
      changed.add("closesAt");
    }
    if (c.supportThreshold() != n.supportThreshold()) {
      changed.add("supportThreshold");
    }
    if (!Objects.equals(c.spaceId(), n.spaceId())) {
      changed.add("space");
    }
    if (!c.supportStages().toJson().equals(n.supportStages() == null ? new JsonArray() : n.supportStages())) {
      changed.add("supportStages");
    }
    if (!Objects.equals(c.supportBudget(), n.supportBudget())) {
      changed.add("supportBudget");
    }
    if (!c.minSupportShare().equals(n.minSupportShare())) {
      changed.add("minSupportShare");
    }
    if (c.publicRationale() != n.publicRationale()) {
      changed.add("publicRationale");
    }
    return changed;
  }
}
