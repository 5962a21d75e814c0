package dev.cocreate.codesign;

import dev.cocreate.platform.http.Fields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A proposed split of an idea's reward: each named member's share by username, either in whole
 * percent ({@code shares}) or in basis points ({@code basisPoints}, 10000 = 100%), one or the
 * other. A share of 0 names no one. Whether they add up to 100% and name people in the idea's credit
 * ledger is the service's to decide (422), with the ledger in hand.
 */
public record SplitProposal(Map<String, Integer> basisPoints) {
  static final int MAX_PEOPLE = 50;

  public static SplitProposal from(Fields f) {
    boolean percent = f.has("shares");
    boolean points = f.has("basisPoints");
    Map<String, Integer> out = new LinkedHashMap<>();
    if (percent == points) {
      f.error("shares", "give the shares in whole percent (shares) or in basis points (basisPoints), one of the two");
    } else if (percent) {
      f.integers("shares", MAX_PEOPLE, 0, 100).forEach((name, p) -> out.put(name, p * 100));
    } else {
      out.putAll(f.integers("basisPoints", MAX_PEOPLE, 0, 10_000));
    }
    f.validate();
    out.values().removeIf(v -> v == 0);
    if (out.isEmpty()) {
      f.error("shares", "must name at least one person with a share above 0");
      f.validate();
    }
    return new SplitProposal(out);
  }

  /** The sum of the shares, in basis points. */
  int total() {
    return basisPoints.values().stream().mapToInt(Integer::intValue).sum();
  }
}
