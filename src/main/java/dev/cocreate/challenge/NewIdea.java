package dev.cocreate.challenge;

import dev.cocreate.platform.http.Fields;
import dev.cocreate.platform.http.RateLimiter;
import java.time.Duration;

/**
 * An idea submitted to a challenge, under its IP terms. The API's body and the idea form are read
 * by the same {@link #from}; the submission limit is spent by {@link IdeaService#submit}, whichever
 * sent it.
 */
public record NewIdea(String title, String pitch, String body) {
  public static final RateLimiter.Limit SUBMIT_PER_USER = new RateLimiter.Limit("idea-submit", 10, Duration.ofMinutes(10));
  static final int TITLE_MAX = 200;
  static final int PITCH_MAX = 1000;

  /** The rule for the terms, in the API's field error and (translated, ProblemText) beside the form's checkbox. */
  static final String TERMS_REQUIRED = "must be true: ideas are submitted under the challenge's IP terms";

  /** Reads and checks an idea: a title, a pitch and a body, and the terms accepted. */
  public static NewIdea from(Fields f) {
    String title = f.string("title", 1, TITLE_MAX);
    String pitch = f.string("pitch", 1, PITCH_MAX);
    String body = f.string("body", 1, BriefDraft.TEXT_MAX);
    if (!Boolean.TRUE.equals(f.bool("acceptTerms"))) {
      f.error("acceptTerms", TERMS_REQUIRED);
    }
    f.validate();
    return new NewIdea(title, pitch, body);
  }
}
