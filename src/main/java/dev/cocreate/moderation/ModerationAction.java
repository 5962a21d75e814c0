package dev.cocreate.moderation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The actions of {@code POST /api/moderation/actions}, each with the one kind of target it applies to. */
public enum ModerationAction {
  HIDE("post"),
  UNHIDE("post"),
  DISMISS_FLAGS("post"),
  LOCK("thread"),
  UNLOCK("thread"),
  PIN("thread"),
  UNPIN("thread"),
  MOVE("thread"),
  WARN("user");

  private static final Map<String, ModerationAction> BY_WIRE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ModerationAction::wire, Function.identity()));

  private final String targetType;

  ModerationAction(String targetType) {
    this.targetType = targetType;
  }

  /** The name on the wire and in the log: {@code hide}, {@code dismiss_flags}, ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String targetType() {
    return targetType;
  }

  public static ModerationAction of(String wire) {
    return BY_WIRE.get(wire);
  }

  public static Set<String> wireNames() {
    return BY_WIRE.keySet();
  }
}
