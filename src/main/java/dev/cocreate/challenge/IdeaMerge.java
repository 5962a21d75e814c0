package dev.cocreate.challenge;

import dev.cocreate.platform.http.Fields;

/**
 * An idea merged into the one that survives, with a note for its supporters, optional. The API's
 * body and the review board's merge form are read by the same {@link #from}.
 */
public record IdeaMerge(long into, String note) {
  static final int NOTE_MAX = 5000;

  /** Reads and checks a merge: the id of the idea that survives, and a note (blank is none). */
  public static IdeaMerge from(Fields f) {
    Long into = f.requiredLong("into");
    if (into != null && into <= 0) {
      f.error("into", "must be an idea id");
    }
    String note = f.optionalString("note", NOTE_MAX);
    f.validate();
    return new IdeaMerge(into, note == null || note.isEmpty() ? null : note);
  }
}
