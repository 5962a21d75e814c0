package dev.cocreate.challenge;

import dev.cocreate.platform.http.Fields;

/**
 * A challenge moved to its next phase, as the API's body and the challenge page's buttons both
 * give it; whether it may move there is {@link ChallengeService#transition}'s to decide.
 */
public record PhaseChange(ChallengePhase to) {
  /** Reads the phase to move to, by its wire name. */
  public static PhaseChange from(Fields f) {
    String to = f.oneOf("to", ChallengePhase.wireNames(), true);
    f.validate();
    return new PhaseChange(ChallengePhase.of(to));
  }
}
