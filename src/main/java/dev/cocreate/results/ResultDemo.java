package dev.cocreate.results;

import dev.cocreate.account.Caller;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;

/** The result of the demo's finished round, recorded, updated and rated through {@link ResultService}. */
public final class ResultDemo {
  private final ResultService results;

  public ResultDemo(ResultService results) {
    this.results = results;
  }

  /** Records a result carrying out {@code ideaIds}, its milestones due on the given dates; its id. */
  public Future<Long> record(Caller firm, long challengeId, String title, String owner, List<Long> ideaIds,
      List<String> milestoneTitles, List<LocalDate> due) {
    List<Result.Milestone> milestones = new java.util.ArrayList<>();
    for (int i = 0; i < milestoneTitles.size(); i++) {
      milestones.add(new Result.Milestone(milestoneTitles.get(i), due.get(i)));
    }
    return results.record(firm, challengeId, new NewResult(title, owner, ideaIds, milestones))
        .map(view -> view.result().id());
  }

  public Future<Void> update(Caller firm, long resultId, int progress, String status, String note) {
    return results.update(firm, resultId, new ResultUpdate(progress, status, note)).mapEmpty();
  }

  public Future<Void> rate(Caller supporter, long resultId, int stars, String comment) {
    return results.rate(supporter, resultId, new ResultRating(stars, comment)).mapEmpty();
  }
}
