package dev.cocreate.challenge;

import dev.cocreate.platform.http.Fields;

/**
 * The firm's official answer to an idea: one of {@link IdeaStatus#OFFICIAL} and the note its author
 * reads. The API's body and the review board's form are read by the same {@link #from}.
 */
public record IdeaAnswer(IdeaStatus status, String note) {
  static final int NOTE_MAX = 5000;

  /** Reads and checks an answer: a status the firm may give and a note of 1 to 5,000 characters. */
  public static IdeaAnswer from(Fields f) {
    String status = f.oneOf("status", IdeaStatus.OFFICIAL, true);
    String note = f.string("note", 1, NOTE_MAX);
    f.validate();
    return new IdeaAnswer(IdeaStatus.of(status), note);
  }
}
