package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import dev.cocreate.platform.http.Fields;
import io.vertx.core.Future;
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

  /** Gives or takes back the caller's support, as this change says. */
  public Future<IdeaService.SupportState> by(Caller caller, long ideaId, IdeaService ideas) {
    return this == WITHDRAW ? ideas.withdraw(caller, ideaId) : ideas.support(caller, ideaId);
  }
}
