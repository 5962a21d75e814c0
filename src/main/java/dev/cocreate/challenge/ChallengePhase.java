package dev.cocreate.challenge;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Where a challenge stands: {@code draft → open → review → decided → closed}, and
 * {@code open → closed} to cancel. Every other move is refused.
 */
public enum ChallengePhase {
  DRAFT, OPEN, REVIEW, DECIDED, CLOSED;

  public String wire() {
    return name().toLowerCase();
  }

  public static Optional<ChallengePhase> parse(String s) {
    return Arrays.stream(values()).filter(p -> p.wire().equals(s)).findFirst();
  }

  public static ChallengePhase of(String s) {
    return parse(s).orElseThrow(() -> new IllegalArgumentException("unknown phase " + s));
  }

  public static Set<String> wireNames() {
    return Set.of("draft", "open", "review", "decided", "closed");
  }

  public boolean canMoveTo(ChallengePhase to) {
    return switch (this) {
      case DRAFT -> to == OPEN;
      case OPEN -> to == REVIEW || to == CLOSED;
      case REVIEW -> to == DECIDED;
      case DECIDED -> to == CLOSED;
      case CLOSED -> false;
    };
  }
}
