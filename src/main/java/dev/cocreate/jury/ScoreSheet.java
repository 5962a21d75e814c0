package dev.cocreate.jury;

import dev.cocreate.platform.http.Fields;
import java.util.Map;

/**
 * {@code PUT /api/ideas/{id}/score} and the scoring form: a judge's 0–10 per criterion and a note.
 * Whether the criteria are the brief's is checked by {@link JuryService#score}, which reads it.
 */
record ScoreSheet(Map<String, Integer> scores, String note) {
  static final int MIN = 0;
  static final int MAX = 10;
  static final int NOTE_MAX = 2000;

  static ScoreSheet from(Fields f) {
    if (!f.has("scores")) {
      f.error("scores", "is required");
    }
    Map<String, Integer> scores = f.integers("scores", 20, MIN, MAX);
    String note = f.string("note", 1, NOTE_MAX);
    f.validate();
    return new ScoreSheet(Map.copyOf(scores), note);
  }
}
