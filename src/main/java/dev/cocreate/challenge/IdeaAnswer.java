package dev.cocreate.challenge;

import dev.cocreate.platform.http.Fields;
import java.util.Map;

/**
 * The firm's official answer to an idea: one of {@link IdeaStatus#OFFICIAL}, the note its author
 * reads and, per criterion of the brief, a short rationale (required by {@link IdeaService#answer}
 * when a jury scored the idea and the answer declines or shortlists it). The API's body and the
 * review board's form are read by the same {@link #from}.
 */
public record IdeaAnswer(IdeaStatus status, String note, Map<String, String> rationale) {
  static final int NOTE_MAX = 5000;
  /** A rationale is a sentence or two per criterion, not a second note. */
  static final int RATIONALE_MAX = 1000;

  /** Reads and checks an answer: a status the firm may give, a note of 1 to 5,000 characters, rationale texts. */
  public static IdeaAnswer from(Fields f) {
    String status = f.oneOf("status", IdeaStatus.OFFICIAL, true);
    String note = f.string("note", 1, NOTE_MAX);
    Map<String, String> rationale = f.texts("rationale", 20, RATIONALE_MAX);
    f.validate();
    return new IdeaAnswer(IdeaStatus.of(status), note, Map.copyOf(rationale));
  }
}
