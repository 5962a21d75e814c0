package dev.cocreate.challenge;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * An idea's standing: {@code submitted → in_review → shortlisted → accepted → implemented};
 * {@code declined} from any review state ({@code in_review}, {@code shortlisted}, {@code accepted});
 * {@code merged} for a duplicate. {@code submitted → in_review} also happens by itself when support
 * reaches the challenge's threshold. {@code expired}: a submitted idea missed a support stage's
 * deadline; its author may resubmit it ({@code expired → submitted}).
 */
public enum IdeaStatus {
  SUBMITTED, IN_REVIEW, SHORTLISTED, ACCEPTED, IMPLEMENTED, DECLINED, MERGED, EXPIRED;

  /** The statuses a firm may set with an official response. */
  public static final Set<String> OFFICIAL = Set.of("in_review", "shortlisted", "accepted", "declined", "implemented");

  public String wire() {
    return name().toLowerCase();
  }

  public static Optional<IdeaStatus> parse(String s) {
    return Arrays.stream(values()).filter(p -> p.wire().equals(s)).findFirst();
  }

  public static IdeaStatus of(String s) {
    return parse(s).orElseThrow(() -> new IllegalArgumentException("unknown idea status " + s));
  }

  /** Whether an official response may move an idea from this status to {@code to}. */
  public boolean canAnswerWith(IdeaStatus to) {
    return switch (this) {
      case SUBMITTED -> to == IN_REVIEW;
      case IN_REVIEW -> to == SHORTLISTED || to == DECLINED;
      case SHORTLISTED -> to == ACCEPTED || to == DECLINED;
      case ACCEPTED -> to == IMPLEMENTED || to == DECLINED;
      case IMPLEMENTED, DECLINED, MERGED, EXPIRED -> false;
    };
  }
}
