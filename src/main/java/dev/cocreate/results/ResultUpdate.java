package dev.cocreate.results;

import dev.cocreate.platform.http.Fields;
import java.util.Set;

/** A progress update on a result, as the API's body and the results page's form both give it. */
record ResultUpdate(int progress, String status, String note) {
  static final int NOTE_MAX = 5000;

  static ResultUpdate from(Fields f) {
    Integer progress = f.integer("progress", 0, 100, true);
    String status = f.oneOf("status", Set.copyOf(Result.STATUSES), true);
    String note = f.optionalString("note", NOTE_MAX);
    f.validate();
    return new ResultUpdate(progress, status, note == null ? "" : note);
  }
}
