package dev.cocreate.challenge;

import dev.cocreate.platform.http.Fields;

/**
 * A challenge moved to its next phase, as the API's body and the challenge page's buttons both
 * give it; whether it may move there is {@link ChallengeService#transition}'s to decide.
 */
public record PhaseChange(ChallengePhase to, String reason) {
  /**
   * Reads the phase to move to, by its wire name, and the optional {@code reason}: why a next round
   * opens although its previous round reported no result (see {@link Rounds}).
   */
  public static PhaseChange from(Fields f) {
    String to = f.oneOf("to", ChallengePhase.wireNames(), true);
    String reason = f.optionalString("reason", Rounds.REASON_MAX);
    f.validate();
    return new PhaseChange(ChallengePhase.of(to), reason == null || reason.isBlank() ? null : reason);
  }
}
