package dev.cocreate.challenge;

import dev.cocreate.platform.http.Fields;
import java.util.Set;

/**
 * A member's support of an idea given or taken back. The API says which by its method ({@code PUT}
 * or {@code DELETE /api/ideas/{id}/support}), the idea's support button by its {@code action}.
 */
public enum SupportChange {
  SUPPORT, WITHDRAW;

  /** Reads a support button's action: {@code support} (also when none is sent) or {@code withdraw}. */
  public static SupportChange from(Fields f) {
    String action = f.oneOf("action", Set.of("support", "withdraw"), false);
    f.validate();
    return "withdraw".equals(action) ? WITHDRAW : SUPPORT;
  }
}
