package dev.cocreate.jury;

import dev.cocreate.account.Caller;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** The jury's part of the demo's finished round, through {@link JuryService} as the firm and judges act. */
public final class JuryDemo {
  private final JuryService jury;

  public JuryDemo(JuryService jury) {
    this.jury = jury;
  }

  public Future<Void> name(Caller firm, long challengeId, List<String> judges) {
    return jury.name(firm, challengeId, new JuryNaming(judges)).mapEmpty();
  }

  public Future<Void> conflict(Caller judge, long ideaId) {
    return jury.conflict(judge, ideaId).mapEmpty();
  }

  public Future<Void> score(Caller judge, long ideaId, Map<String, Integer> scores, String note) {
    return jury.score(judge, ideaId, new ScoreSheet(Map.copyOf(scores), note)).mapEmpty();
  }
}
