package dev.cocreate.jury;

import dev.cocreate.challenge.Challenge;
import dev.cocreate.challenge.JuryVerdicts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jury's arithmetic, and what challenges ask of it ({@link JuryVerdicts}). Each judge's weighted
 * score is {@code Σ weight × score / Σ weight} over the brief's criteria they scored; an idea's
 * weighted mean is the mean of its judges' weighted scores, its spread their population standard
 * deviation (0 with one judge), each criterion's mean the mean of its judges' scores of it. Only
 * the judges the challenge names now count, and only the criteria its brief names now.
 */
public final class Tallies implements JuryVerdicts {
  private final JuryRepository repo;

  public Tallies(JuryRepository repo) {
    this.repo = repo;
  }

  @Override
  public Future<Boolean> scored(SqlClient db, long ideaId) {
    return repo.scored(db, ideaId);
  }

  @Override
  public Future<Map<Long, Tally>> tallies(SqlClient db, Challenge challenge) {
    return repo.sheets(db, challenge.id()).map(sheets -> byIdea(challenge.criteria(), sheets));
  }

  /** Each idea's tally from its judges' sheets. */
  static Map<Long, Tally> byIdea(JsonArray criteria, List<JuryRepository.Sheet> sheets) {
    Map<Long, List<Map<String, Integer>>> grouped = new LinkedHashMap<>();
    for (JuryRepository.Sheet s : sheets) {
      grouped.computeIfAbsent(s.ideaId(), k -> new ArrayList<>()).add(s.scores());
    }
    Map<Long, Tally> out = new HashMap<>();
    grouped.forEach((idea, scores) -> {
      Tally t = of(criteria, scores);
      if (t != null) {
        out.put(idea, t);
      }
    });
    return out;
  }

  /** One idea's tally from its judges' scores, or null when none of them scored a criterion of the brief. */
  static Tally of(JsonArray criteria, List<Map<String, Integer>> judges) {
    List<Double> weighted = new ArrayList<>();
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Map<String, Integer> scores : judges) {
      double total = 0;
      double weights = 0;
      for (Object o : criteria) {
        JsonObject criterion = (JsonObject) o;
        String name = criterion.getString("name");
        Integer score = scores.get(name);
        if (score == null) {
          continue;
        }
        double w = criterion.getNumber("weight").doubleValue();
        total += w * score;
        weights += w;
        double[] sum = sums.computeIfAbsent(name, k -> new double[2]);
        sum[0] += score;
        sum[1]++;
      }
      if (weights > 0) {
        weighted.add(total / weights);
      }
    }
    if (weighted.isEmpty()) {
      return null;
    }
    double mean = weighted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double variance = weighted.stream().mapToDouble(w -> (w - mean) * (w - mean)).average().orElse(0);
    Map<String, Double> means = new LinkedHashMap<>();
    sums.forEach((name, sum) -> means.put(name, sum[0] / sum[1]));
    return new Tally(mean, Math.sqrt(variance), weighted.size(), means);
  }
}
