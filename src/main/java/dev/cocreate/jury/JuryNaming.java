package dev.cocreate.jury;

import dev.cocreate.platform.http.Fields;
import java.util.List;

/** {@code PUT /api/challenges/{id}/jury} and the jury form: the usernames of the judges, the whole jury at once. */
record JuryNaming(List<String> judges) {
  static final int MAX_JUDGES = 50;

  static JuryNaming from(Fields f) {
    if (!f.has("judges")) {
      f.error("judges", "is required");
    }
    List<String> judges = f.strings("judges", MAX_JUDGES, 64);
    f.validate();
    return new JuryNaming(judges.stream().distinct().toList());
  }
}
