package dev.cocreate.challenge;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.live.TopicPosition;
import dev.cocreate.notify.NotificationService;
import dev.cocreate.notify.WatchControl;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.FormFields;
import dev.cocreate.platform.http.Http;
import dev.cocreate.web.Crumb;
import dev.cocreate.web.FormValues;
import dev.cocreate.web.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /c/:id}: a challenge's brief and its idea leaderboard, with the team's buttons that move
 * it from phase to phase ({@code POST /c/:id/transition}). challenge.js adds the countdown and the
 * live leaderboard.
 */
final class ChallengePage {
  static final int LEADERBOARD_SIZE = 50;

  private final Pages pages;
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final ChallengeCards cards;
  private final ChallengeTexts texts;
  private final Database db;
  private final NotificationService notifications;
  private final TopicPosition positions = new TopicPosition();
  private final StagePages stages;
  private final RoundsView rounds;

  ChallengePage(Pages pages, ChallengeService challenges, IdeaService ideas, ChallengeCards cards, ChallengeTexts texts,
      Database db, NotificationService notifications, StagePages stages) {
    this.stages = stages;
    this.pages = pages;
    this.notifications = notifications;
    this.challenges = challenges;
    this.ideas = ideas;
    this.cards = cards;
    this.texts = texts;
    this.db = db;
    this.rounds = new RoundsView(pages, challenges);
  }

  /**
   * A button of the team's that moves the challenge on; {@code danger} for closing or cancelling it,
   * which is final; {@code askReason} when opening a next round, which may need the firm's reason.
   */
  record Transition(ChallengePhase to, String label, boolean danger, boolean askReason) {
    JsonObject toJson() {
      return new JsonObject().put("to", to.wire()).put("label", label).put("danger", danger).put("askReason", askReason);
    }
  }

  /** A link of the sort switch; {@code current} is the order shown. */
  record SortLink(String href, String label, boolean current) {
    JsonObject toJson() {
      return new JsonObject().put("href", href).put("label", label).put("current", current);
    }
  }

  /**
   * What challenge.hbs reads besides the frame; {@code position} is where the live updates take
   * over, {@code nextHref} the next page of ideas in the same order (none on the last).
   */
  record View(JsonObject challenge, JsonArray ideas, List<SortLink> sorts, String sort, String nextHref,
      List<Transition> transitions, long position, List<Crumb> breadcrumbs, JsonObject follow, JsonObject rounds) {
    JsonObject into(JsonObject frame) {
      if (rounds != null) {
        frame.put("rounds", rounds);
      }
      if (follow != null) {
        frame.put("follow", follow);
      }
      JsonArray buttons = new JsonArray();
      transitions.forEach(t -> buttons.add(t.toJson()));
      JsonArray links = new JsonArray();
      sorts.forEach(l -> links.add(l.toJson()));
      return frame.put("challenge", challenge).put("ideas", ideas).put("sorts", links).put("sort", sort)
          .put("nextHref", nextHref).put("transitions", buttons).put("position", position)
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    IdeaSort sort = sort(ctx.request().getParam("sort"));
    String after = FormValues.blankToNull(ctx.request().getParam("after"));
    // The live position is read first: what commits while the page loads is replayed, not lost.
    Future<Long> position = positions.of(db.pool(), "challenge:" + id);
    pages.render(ctx, "challenge", position.compose(pos -> challenges.get(caller, id).compose(view ->
        notifications.challengeLevelShown(caller, id).compose(level ->
        rounds.of(ctx, caller, view.challenge()).compose(round ->
        ideas.list(caller, id, sort, null, after, LEADERBOARD_SIZE).map(page -> {
          // Merged ideas live on in the one they were merged into: the board lists the others.
          JsonArray board = new JsonArray();
          for (Idea idea : page.items()) {
            if (idea.status() != IdeaStatus.MERGED) {
              board.add(cards.idea(ctx, idea, false, view.challenge(), caller));
            }
          }
          String base = "/c/" + id + "?sort=" + wire(sort);
          String next = page.nextCursor() == null ? null : base + "&after=" + FormValues.encode(page.nextCursor());
          return new View(cards.challenge(ctx, view.toJson()), board, sortLinks(ctx, id, sort), wire(sort), next,
              transitions(ctx, view), pos, pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges")),
              caller.signedIn() ? WatchControl.of(pages, ctx, "challenge", id, level) : null, round)
              .into(pages.share(ctx, pages.frame(ctx, view.challenge().title()), "article", view.challenge().summary(),
                  "/c/" + view.challenge().id()));
        })))).compose(model -> stages.withBudget(ctx, caller, model))));
  }

  /** The order asked for in the link; an unknown one shows the default, by support. */
  private static IdeaSort sort(String raw) {
    for (IdeaSort s : IdeaSort.values()) {
      if (wire(s).equals(raw)) {
        return s;
      }
    }
    return IdeaSort.SUPPORT;
  }

  private static String wire(IdeaSort sort) {
    return sort.name().toLowerCase(Locale.ROOT);
  }

  private List<SortLink> sortLinks(RoutingContext ctx, long id, IdeaSort current) {
    List<SortLink> out = new ArrayList<>();
    for (IdeaSort s : IdeaSort.values()) {
      out.add(new SortLink("/c/" + id + "?sort=" + wire(s) + "#ideas-heading", pages.text(ctx, "challenge.sort." + wire(s)),
          s == current));
    }
    return out;
  }

  /** The phases the team may move the challenge to from where it is; none for anyone else. */
  private List<Transition> transitions(RoutingContext ctx, ChallengeService.View view) {
    List<Transition> out = new ArrayList<>();
    if (view.canManage()) {
      ChallengePhase from = view.challenge().phase();
      for (ChallengePhase to : ChallengePhase.values()) {
        if (from.canMoveTo(to)) {
          out.add(new Transition(to, texts.transition(ctx, from, to), to == ChallengePhase.CLOSED,
              to == ChallengePhase.OPEN && view.challenge().previousRoundId() != null));
        }
      }
    }
    return out;
  }

  /** {@code POST /c/:id/transition}: back to the challenge, with why in a flash when the move was refused. */
  void transition(RoutingContext ctx) {
    Caller caller = pages.signedInOrSignIn(ctx);
    if (caller == null) {
      return;
    }
    long id = Http.idParam(ctx, "id");
    PhaseChange change = PhaseChange.from(FormFields.of(ctx));
    ChallengePhase to = change.to();
    // Closing (or cancelling) cannot be taken back: it is asked about first.
    if (to == ChallengePhase.CLOSED && !pages.confirmed(ctx, new Pages.Confirm(pages.text(ctx, "confirm.closeChallenge.question"),
        pages.text(ctx, "confirm.closeChallenge.consequence"), pages.text(ctx, "confirm.closeChallenge.button"), "/c/" + id))) {
      return;
    }
    challenges.transition(caller, id, change).onComplete(ar -> {
      if (ar.succeeded()) {
        pages.flashNotice(ctx, pages.text(ctx, "flash.challengeMoved", "phase", texts.phase(ctx, to.wire())));
        pages.redirect(ctx, "/c/" + id);
      } else if (ar.cause() instanceof ApiException e && e.status() == 409) {
        // Why it was refused goes to the challenge page in a flash, never in its URL (which anyone could write).
        pages.flashError(ctx, pages.problem(ctx, e));
        pages.redirect(ctx, "/c/" + id);
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
