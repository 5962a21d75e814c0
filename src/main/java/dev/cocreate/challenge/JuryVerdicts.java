package dev.cocreate.challenge;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Map;

/**
 * What challenges need of the jury that scores their ideas: whether an idea was scored (an answer
 * declining or shortlisting it then owes a rationale per criterion) and each idea's tally for the
 * review board and the export. {@code dev.cocreate.jury} builds on this package, so it implements
 * this and {@code App} hands it over, as notifications get the forum's read rule.
 */
public interface JuryVerdicts {
  /** Whether a judge of its challenge scored the idea. */
  Future<Boolean> scored(SqlClient db, long ideaId);

  /** Each scored idea of the challenge (by id) with its judges' tally against the brief's criteria. */
  Future<Map<Long, Tally>> tallies(SqlClient db, Challenge challenge);

  /**
   * An idea's scores: the mean over its judges of each judge's weighted score (the brief's weights),
   * the spread of those weighted scores as their population standard deviation, how many judges
   * scored it, and each criterion's mean (criteria no judge scored are absent).
   */
  record Tally(double weightedMean, double spread, int judges, Map<String, Double> criterionMeans) {}
}
