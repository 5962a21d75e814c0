package dev.cocreate.challenge.webhook;

import java.util.Set;

/** The events an org's webhooks can subscribe to. */
public final class WebhookEvents {
  public static final String IDEA_CREATED = "idea.created";
  public static final String IDEA_THRESHOLD_REACHED = "idea.threshold_reached";
  public static final String IDEA_STATUS = "idea.status";
  public static final String IDEA_STAGE_REACHED = "idea.stage_reached";
  public static final String CHALLENGE_TRANSITION = "challenge.transition";
  /** A result of a decided challenge was updated (progress, status, note): see results.ResultService. */
  public static final String RESULT_UPDATED = "result.updated";
  /** An idea was accepted with its reward's split agreed, now frozen: see codesign.RewardSplits. */
  public static final String IDEA_SPLIT_AGREED = "idea.split_agreed";
  public static final Set<String> ALL = Set.of(IDEA_CREATED, IDEA_THRESHOLD_REACHED, IDEA_STAGE_REACHED, IDEA_STATUS,
      CHALLENGE_TRANSITION, RESULT_UPDATED, IDEA_SPLIT_AGREED);

  private WebhookEvents() {}
}
