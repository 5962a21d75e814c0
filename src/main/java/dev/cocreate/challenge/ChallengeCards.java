package dev.cocreate.challenge;

import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;

/**
 * A challenge and an idea as every page shows them: the phase and status in words, and the flags a
 * template cannot work out (open, draft, one idea, may support). Public for the home page, which
 * shows the open challenges beside the forum.
 */
public final class ChallengeCards {
  /** Open challenges on the home page. */
  static final int ON_HOME = 6;

  private final ChallengeService challenges;
  private final ChallengeTexts texts;

  public ChallengeCards(Pages pages, ChallengeService challenges) {
    this(challenges, new ChallengeTexts(pages));
  }

  ChallengeCards(ChallengeService challenges, ChallengeTexts texts) {
    this.challenges = challenges;
    this.texts = texts;
  }

  /** The open challenges the caller may read, as cards; null when they cannot be had, so the home page still shows. */
  public Future<JsonArray> openOnHome(RoutingContext ctx, Caller caller) {
    return challenges.list(caller, "open", null, null, ON_HOME).map(page -> cards(ctx, page.items()))
        .otherwise((JsonArray) null);
  }

  JsonArray cards(RoutingContext ctx, List<Challenge> items) {
    JsonArray out = new JsonArray();
    items.forEach(c -> out.add(challenge(ctx, c.toJson())));
    return out;
  }

  /** Cards of the API's challenge items; on a firm's page the items leave out the firm, which {@code org} puts back. */
  JsonArray cards(RoutingContext ctx, JsonArray items, JsonObject org) {
    JsonArray out = new JsonArray();
    for (Object o : items) {
      JsonObject c = ((JsonObject) o).copy();
      if (org != null && !c.containsKey("org")) {
        c.put("org", new JsonObject().put("slug", org.getString("slug")).put("name", org.getString("name")));
      }
      out.add(challenge(ctx, c));
    }
    return out;
  }

  /** Adds to the API's challenge JSON what its card and page show: the phase in words, open, draft, one idea. */
  JsonObject challenge(RoutingContext ctx, JsonObject c) {
    String phase = c.getString("phase");
    c.put("phaseLabel", texts.phase(ctx, phase)).put("isOpen", "open".equals(phase)).put("isDraft", "draft".equals(phase));
    // Results are recorded once a challenge is decided: its page links to them from then on.
    c.put("hasResults", "decided".equals(phase) || "closed".equals(phase));
    JsonObject stats = c.getJsonObject("stats");
    if (stats != null) {
      stats.put("oneIdea", stats.getLong("ideas", 0L) == 1);
    }
    return c;
  }

  /** Adds to the API's idea JSON its status in words and its support count's plural, for the team's board. */
  JsonObject idea(RoutingContext ctx, JsonObject idea) {
    String status = idea.getString("status");
    return idea.put("statusLabel", texts.status(ctx, status)).put("oneSupport", idea.getInteger("supportCount", 0) == 1);
  }

  /**
   * An idea as its card and page show it to the caller: the API's JSON with its status in words,
   * whether they may support it now (never their own: {@code ownIdea} says so instead), and its way
   * to the challenge's support threshold ({@code progress}) with the days left to get there, and on a
   * list, the posts of its discussion the caller has not read yet ({@code unread}, when there are any).
   */
  JsonObject idea(RoutingContext ctx, Idea idea, boolean withBody, Challenge challenge, Caller caller) {
    boolean open = challenge.phase() == ChallengePhase.OPEN;
    boolean own = caller.signedIn() && caller.id() == idea.authorId();
    JsonObject json = idea(ctx, idea.toJson(withBody))
        .put("ownIdea", own)
        .put("canSupport", open && AccountRules.canWrite(caller) && !own && idea.status() != IdeaStatus.MERGED
            && idea.status() != IdeaStatus.EXPIRED && !idea.stage().missed(challenges.now()));
    if (idea.unread() > 0) {
      json.put("unread", idea.unread());
    }
    if (idea.withheld()) {
      // The API's placeholder is English; a page reads it in its reader's language, as a hidden post's.
      String placeholder = texts.hiddenPlaceholder(ctx);
      json.put("title", placeholder).put("pitch", placeholder);
      if (withBody) {
        json.put("body", placeholder).put("html", "<p>" + Pages.escape(placeholder) + "</p>");
      }
    }
    if (idea.status() == IdeaStatus.MERGED) {
      return json;
    }
    if (idea.status() == IdeaStatus.EXPIRED) {
      // Its supports went back to the members; its author may put it back on the stages.
      return json.put("expired", true)
          .put("canResubmit", open && own && AccountRules.canWrite(caller));
    }
    IdeaStage stage = idea.stage();
    if (stage.on() && stage.deadline() != null) {
      JsonObject progress = texts.stageProgress(ctx, idea.supportCount(), stage, challenges.now());
      if (!open) {
        // Support ended with the challenge's phase: no stage deadline is counting down any more.
        progress.remove("closesIn");
      }
      return json.put("progress", progress);
    }
    int threshold = idea.supportThreshold();
    JsonObject progress = new JsonObject()
        .put("value", Math.min(idea.supportCount(), threshold))
        .put("max", threshold)
        .put("text", texts.progress(ctx, idea.supportCount(), threshold))
        .put("reached", idea.thresholdReachedAt() != null);
    if (open && idea.thresholdReachedAt() == null) {
      long hours = Duration.between(challenges.now(), challenge.closesAt().toInstant()).toHours();
      if (hours >= 0) {
        progress.put("closesIn", texts.daysLeft(ctx, hours / 24 + 1));
      }
    }
    return json.put("progress", progress);
  }
}
