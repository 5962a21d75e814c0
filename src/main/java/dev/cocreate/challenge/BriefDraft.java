package dev.cocreate.challenge;

import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A challenge's brief as it is written, new or edited, read by one {@link #from} for the API's body
 * and the brief editor's form alike; the form ({@link BriefForm}) posts the API's JSON, criteria
 * table and all, so it is read as a JSON body. Its limits are here, in one place.
 */
final class BriefDraft {
  static final int TITLE_MAX = 200;
  static final int SUMMARY_MAX = 500;
  /** The longest problem, outcomes, constraints or IP terms; an idea's body too. */
  static final int TEXT_MAX = 20_000;
  static final int REWARD_MAX = 2000;
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}", Pattern.CASE_INSENSITIVE);

  private BriefDraft() {}

  /**
   * Reads a brief; on create the required fields must be there, on edit every field is optional.
   * The caller validates, after reading what it reads besides (the API's {@code org}).
   */
  static ChallengeService.Brief from(JsonBody b, boolean create) {
    String title = create ? b.string("title", 1, TITLE_MAX) : nonBlank(b, "title", TITLE_MAX);
    String summary = create ? b.string("summary", 1, SUMMARY_MAX) : nonBlank(b, "summary", SUMMARY_MAX);
    String problem = create ? b.string("problem", 1, TEXT_MAX) : nonBlank(b, "problem", TEXT_MAX);
    String outcomes = create ? b.string("desiredOutcomes", 1, TEXT_MAX) : nonBlank(b, "desiredOutcomes", TEXT_MAX);
    String constraints = b.optionalString("constraints", TEXT_MAX);
    String reward = b.optionalString("reward", REWARD_MAX);
    String ipTerms = create ? b.string("ipTerms", 1, TEXT_MAX) : nonBlank(b, "ipTerms", TEXT_MAX);
    JsonArray criteria = criteria(b, create);
    OffsetDateTime closesAt = closesAt(b, create);
    Integer threshold = b.integer("supportThreshold", 1, 1_000_000, false);
    JsonArray stages = StagePlan.read(b, threshold, create);
    // 0 removes a budget a draft had; absent leaves it as it is.
    Integer budget = b.integer("supportBudget", 0, 10_000, false);
    String space = b.optionalString("space", 64);
    if (space != null && !SLUG.matcher(space).matches()) {
      b.error("space", "must be a space slug");
    }
    Long previousRound = b.optionalLong("previousRound");
    if (previousRound != null && previousRound < 1) {
      b.error("previousRound", "must be a challenge id");
    }
    Boolean publicRationale = b.bool("publicRationale");
    SupportShare share = SupportShare.read(b);
    return new ChallengeService.Brief(title, summary, problem, outcomes, constraints, criteria, reward, ipTerms, closesAt,
        threshold, space == null ? null : space.toLowerCase(Locale.ROOT), previousRound, stages, budget, publicRationale, share);
  }

  private static String nonBlank(JsonBody b, String field, int max) {
    return b.has(field) ? b.string(field, 1, max) : null;
  }

  private static OffsetDateTime closesAt(JsonBody b, boolean create) {
    String raw = create ? b.string("closesAt", 1, 64) : b.optionalString("closesAt", 64);
    if (raw == null) {
      return null;
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(raw);
      if (create && !t.isAfter(OffsetDateTime.now())) {
        b.error("closesAt", "must be in the future");
        return null;
      }
      return t;
    } catch (DateTimeParseException e) {
      b.error("closesAt", "must be an ISO-8601 time such as 2026-12-01T00:00:00Z");
      return null;
    }
  }

  /** 1 to 20 criteria {name, weight}: names distinct, weights positive numbers up to 1000. */
  private static JsonArray criteria(JsonBody b, boolean create) {
    Object raw = b.raw().getValue("criteria");
    if (raw == null) {
      if (create) {
        b.error("criteria", "is required");
      }
      return null;
    }
    if (!(raw instanceof JsonArray arr) || arr.isEmpty() || arr.size() > 20) {
      b.error("criteria", "must be an array of 1 to 20 {name, weight} objects");
      return null;
    }
    JsonArray out = new JsonArray();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "criteria[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject o)) {
        b.error(field, "must be an object {name, weight}");
        return null;
      }
      Object name = o.getValue("name");
      Object weight = o.getValue("weight");
      if (!(name instanceof String n) || n.isBlank() || n.strip().length() > 100 || n.indexOf('\u0000') >= 0) {
        b.error(field + ".name", "must be 1 to 100 characters");
        return null;
      }
      if (!names.add(n.strip().toLowerCase(Locale.ROOT))) {
        b.error(field + ".name", "must differ from the other criteria's names");
        return null;
      }
      if (!(weight instanceof Number w) || !(w.doubleValue() > 0) || w.doubleValue() > 1000
          || Double.isInfinite(w.doubleValue())) {
        b.error(field + ".weight", "must be a positive number up to 1000");
        return null;
      }
      out.add(new JsonObject().put("name", n.strip()).put("weight", w));
    }
    return out;
  }

  /** The brief after an edit: the patch's fields where it sets them, the stored challenge's elsewhere. */
  static ChallengeService.Brief merged(Challenge c, ChallengeService.Brief p) {
    return new ChallengeService.Brief(
        p.title() != null ? p.title() : c.title(),
        p.summary() != null ? p.summary() : c.summary(),
        p.problem() != null ? p.problem() : c.problem(),
        p.desiredOutcomes() != null ? p.desiredOutcomes() : c.desiredOutcomes(),
        p.constraints() != null ? p.constraints() : c.constraints(),
        p.criteria() != null ? p.criteria() : c.criteria(),
        p.reward() != null ? p.reward() : c.reward(),
        p.ipTerms() != null ? p.ipTerms() : c.ipTerms(),
        p.closesAt() != null ? p.closesAt() : c.closesAt(),
        p.supportThreshold() != null ? p.supportThreshold() : c.supportThreshold(),
        p.space() != null ? p.space() : c.spaceSlug(),
        p.previousRound() != null ? p.previousRound() : c.previousRoundId(),
        p.supportStages() != null ? p.supportStages() : c.supportStages().toJson(),
        p.supportBudget() != null ? p.supportBudget() : c.supportBudget(),
        p.publicRationale() != null ? p.publicRationale() : c.publicRationale(),
        p.minSupportShare() != null ? p.minSupportShare() : c.minSupportShare());
  }
}
