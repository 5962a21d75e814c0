package dev.cocreate.codesign;

import dev.cocreate.platform.http.Fields;

/**
 * A named person's answer to a split (consent or decline), optionally with the {@code round} they
 * read: when the authors proposed again since, the answer is refused rather than given to a split
 * its giver never saw.
 */
public record SplitAnswer(Integer round) {
  static final SplitAnswer ANY_ROUND = new SplitAnswer(null);

  public static SplitAnswer from(Fields f) {
    Long round = f.optionalLong("round");
    if (round != null && (round < 1 || round > Integer.MAX_VALUE)) {
      f.error("round", "must be the round of the split you read");
    }
    f.validate();
    return new SplitAnswer(round == null ? null : round.intValue());
  }
}
