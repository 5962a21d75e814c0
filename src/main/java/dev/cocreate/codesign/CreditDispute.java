package dev.cocreate.codesign;

import dev.cocreate.platform.http.Fields;

/** A dispute over an idea's credit or reward split: what is wrong, for the moderator who handles it. */
public record CreditDispute(String note) {
  static final int NOTE_MAX = 1000;

  public static CreditDispute from(Fields f) {
    String note = f.string("note", 1, NOTE_MAX);
    f.validate();
    return new CreditDispute(note);
  }
}
