package dev.cocreate.challenge;

import dev.cocreate.platform.json.Times;
import dev.cocreate.web.Pages;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** How the challenge pages name phases, idea statuses, phase changes and team roles in the page's language. */
final class ChallengeTexts {
  private final Pages pages;

  ChallengeTexts(Pages pages) {
    this.pages = pages;
  }

  String phase(RoutingContext ctx, String phase) {
    return switch (phase) {
      case "draft" -> pages.text(ctx, "phase.draft");
      case "open" -> pages.text(ctx, "phase.open");
      case "review" -> pages.text(ctx, "phase.review");
      case "decided" -> pages.text(ctx, "phase.decided");
      case "closed" -> pages.text(ctx, "phase.closed");
      default -> phase;
    };
  }

  /** How the challenges page names a phase inside a sentence ("No open challenges right now"). */
  String phaseInSentence(RoutingContext ctx, String phase) {
    return switch (phase) {
      case "draft" -> pages.text(ctx, "phase.inSentence.draft");
      case "open" -> pages.text(ctx, "phase.inSentence.open");
      case "review" -> pages.text(ctx, "phase.inSentence.review");
      case "decided" -> pages.text(ctx, "phase.inSentence.decided");
      case "closed" -> pages.text(ctx, "phase.inSentence.closed");
      default -> phase;
    };
  }

  String status(RoutingContext ctx, String status) {
    return switch (status) {
      case "submitted" -> pages.text(ctx, "ideaStatus.submitted");
      case "in_review" -> pages.text(ctx, "ideaStatus.in_review");
      case "shortlisted" -> pages.text(ctx, "ideaStatus.shortlisted");
      case "accepted" -> pages.text(ctx, "ideaStatus.accepted");
      case "implemented" -> pages.text(ctx, "ideaStatus.implemented");
      case "declined" -> pages.text(ctx, "ideaStatus.declined");
      case "merged" -> pages.text(ctx, "ideaStatus.merged");
      case "expired" -> pages.text(ctx, "ideaStatus.expired");
      default -> status;
    };
  }

  /** The button that moves a challenge on; closing an open one is cancelling it. */
  String transition(RoutingContext ctx, ChallengePhase from, ChallengePhase to) {
    return pages.text(ctx, switch (to) {
      case OPEN -> "transition.open";
      case REVIEW -> "transition.review";
      case DECIDED -> "transition.decided";
      case CLOSED -> from == ChallengePhase.OPEN ? "transition.cancel" : "transition.close";
      case DRAFT -> "transition.draft";
    });
  }

  /** A team member's role in the firm, as the firm's page shows it. */
  String orgRole(RoutingContext ctx, String role) {
    return switch (role) {
      case "owner" -> pages.text(ctx, "org.role.owner");
      case "member" -> pages.text(ctx, "org.role.member");
      default -> role;
    };
  }

  /** "9 / 10 supporters": how far an idea is on its way to the threshold, plural as the language wants it. */
  String progress(RoutingContext ctx, int supportCount, int threshold) {
    return pages.text(ctx, "idea.progress", "count", supportCount, "threshold", threshold);
  }

  /**
   * An idea on its way through the support stages, for the threshold partial: "42 / 100 supporters,
   * stage 1 of 4" against the current stage's target and "12 days left" until its deadline.
   */
  JsonObject stageProgress(RoutingContext ctx, int supportCount, IdeaStage stage, Instant now) {
    JsonObject progress = new JsonObject()
        .put("value", Math.min(supportCount, stage.target()))
        .put("max", stage.target())
        .put("text", pages.text(ctx, "idea.stageProgress", "count", supportCount, "target", stage.target(),
            "stage", stage.index(), "of", stage.of()))
        .put("stage", true)
        .put("reached", false);
    Long days = stage.daysLeft(now);
    if (days != null) {
      progress.put("closesIn", daysLeft(ctx, days)).put("deadline", Times.iso(stage.deadline()));
    }
    return progress;
  }

  /** "12 days left" until the challenge closes (and with it the chance to reach the threshold). */
  /** What stands for an idea's words moderation withholds from the reader. */
  String hiddenPlaceholder(RoutingContext ctx) {
    return pages.text(ctx, "post.hiddenPlaceholder");
  }

  String daysLeft(RoutingContext ctx, long days) {
    return pages.text(ctx, "idea.daysLeft", "days", days);
  }
}
