package dev.cocreate.codesign;

import dev.cocreate.platform.http.Fields;

/**
 * A proposed amendment: the idea's text as the member would have it ({@code body}) and why
 * ({@code note}, optional). Together they open the amendment's discussion thread, so both fit in one post.
 */
public record NewAmendment(String body, String note) {
  static final int BODY_MAX = 45_000;
  static final int NOTE_MAX = 2_000;

  public static NewAmendment from(Fields f) {
    String body = f.string("body", 1, BODY_MAX);
    String note = f.optionalString("note", NOTE_MAX);
    f.validate();
    return new NewAmendment(body, note == null ? "" : note);
  }
}
