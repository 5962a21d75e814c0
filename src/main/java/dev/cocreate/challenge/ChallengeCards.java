package dev.cocreate.challenge;

import dev.cocreate.account.Caller;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

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
    return challenges.list(caller, "open", null, null, ON_HOME).map(page -> cards(ctx, page.getJsonArray("items")))
        .otherwise((JsonArray) null);
  }

  JsonArray cards(RoutingContext ctx, JsonArray items) {
    return cards(ctx, items, null);
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
    JsonObject stats = c.getJsonObject("stats");
    if (stats != null) {
      stats.put("oneIdea", stats.getLong("ideas", 0L) == 1);
    }
    return c;
  }

  /** Adds to the API's idea JSON its status in words and whether the caller may support it now. */
  JsonObject idea(RoutingContext ctx, JsonObject idea, boolean open, boolean signedIn) {
    String status = idea.getString("status");
    return idea.put("statusLabel", texts.status(ctx, status))
        .put("canSupport", open && signedIn && !"merged".equals(status))
        .put("oneSupport", idea.getInteger("supportCount", 0) == 1);
  }
}
