package dev.cocreate.moderation;

import dev.cocreate.platform.http.Fields;
import java.util.Set;

/**
 * A moderator's action on a post, a thread or a member, with the reason the author is told;
 * {@code toSpace} only for {@code move}. The API's body and the queue's action forms are read by
 * the same {@link #from}.
 */
public record ActionRequest(ModerationAction action, String targetType, long targetId, String reason, String toSpace) {
  public static final int REASON_MAX = 1000;
  static final int SPACE_MAX = 64;
  private static final Set<String> TARGET_TYPES = Set.of("post", "thread", "user");

  /** Reads and checks an action; every field error at once. */
  public static ActionRequest from(Fields f) {
    String actionName = f.oneOf("action", ModerationAction.wireNames(), true);
    String targetType = f.oneOf("targetType", TARGET_TYPES, true);
    Long targetId = f.requiredLong("targetId");
    if (targetId != null && targetId <= 0) {
      f.error("targetId", "must be a positive id");
    }
    String reason = f.string("reason", 1, REASON_MAX);
    ModerationAction action = actionName == null ? null : ModerationAction.of(actionName);
    String toSpace = null;
    if (action == ModerationAction.MOVE) {
      toSpace = f.string("toSpace", 1, SPACE_MAX);
    } else if (f.has("toSpace")) {
      f.error("toSpace", "is only for move");
    }
    if (action != null && targetType != null && !action.targetType().equals(targetType)) {
      f.error("targetType", "must be " + action.targetType() + " for " + action.wire());
    }
    f.validate();
    return new ActionRequest(action, targetType, targetId, reason, toSpace);
  }
}
