package dev.cocreate.challenge;

import dev.cocreate.account.AuthHandler;
import dev.cocreate.account.Caller;
import dev.cocreate.live.TopicPosition;
import dev.cocreate.notify.NotificationService;
import dev.cocreate.notify.WatchControl;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
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

  ChallengePage(Pages pages, ChallengeService challenges, IdeaService ideas, ChallengeCards cards, ChallengeTexts texts,
      Database db, NotificationService notifications) {
    this.pages = pages;
    this.notifications = notifications;
    this.challenges = challenges;
    this.ideas = ideas;
    this.cards = cards;
    this.texts = texts;
    this.db = db;
  }

  /** A button of the team's that moves the challenge on; {@code danger} for cancelling an open one. */
  record Transition(ChallengePhase to, String label, boolean danger) {
    JsonObject toJson() {
      return new JsonObject().put("to", to.wire()).put("label", label).put("danger", danger);
    }
  }

  /** What challenge.hbs reads besides the frame; {@code position} is where the live updates take over. */
  record View(JsonObject challenge, JsonArray ideas, List<Transition> transitions, long position, List<Crumb> breadcrumbs,
      JsonObject follow) {
    JsonObject into(JsonObject frame) {
      if (follow != null) {
        frame.put("follow", follow);
      }
      JsonArray buttons = new JsonArray();
      transitions.forEach(t -> buttons.add(t.toJson()));
      return frame.put("challenge", challenge).put("ideas", ideas).put("transitions", buttons).put("position", position)
          .put("breadcrumbs", Crumb.toJson(breadcrumbs));
    }
  }

  void show(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Http.idParam(ctx, "id");
    // The live position is read first: what commits while the page loads is replayed, not lost.
    Future<Long> position = positions.of(db.pool(), "challenge:" + id);
    pages.render(ctx, "challenge", position.compose(pos -> challenges.get(caller, id).compose(view ->
        notifications.challengeLevelShown(caller, id).compose(level ->
        ideas.list(caller, id, IdeaSort.SUPPORT, null, null, LEADERBOARD_SIZE).map(page -> {
          boolean open = view.challenge().phase() == ChallengePhase.OPEN;
          // Merged ideas live on in the one they were merged into: the board ranks the others.
          JsonArray board = new JsonArray();
          int rank = 0;
          for (Object o : page.getJsonArray("items")) {
            JsonObject idea = (JsonObject) o;
            if (!idea.getString("status").equals("merged")) {
              board.add(cards.idea(ctx, idea, open, caller.signedIn()).put("rank", ++rank));
            }
          }
          return new View(cards.challenge(ctx, view.toJson()), board, transitions(ctx, view), pos,
              pages.trail(ctx, new Crumb(pages.text(ctx, "nav.challenges"), "/challenges")),
              caller.signedIn() ? WatchControl.of(pages, ctx, "challenge", id, level) : null)
              .into(pages.frame(ctx, view.challenge().title()));
        })))));
  }

  /** The phases the team may move the challenge to from where it is; none for anyone else. */
  private List<Transition> transitions(RoutingContext ctx, ChallengeService.View view) {
    List<Transition> out = new ArrayList<>();
    if (view.canManage()) {
      ChallengePhase from = view.challenge().phase();
      for (ChallengePhase to : ChallengePhase.values()) {
        if (from.canMoveTo(to)) {
          out.add(new Transition(to, texts.transition(ctx, from, to), to == ChallengePhase.CLOSED && from == ChallengePhase.OPEN));
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
    ChallengePhase to = ChallengePhase.parse(FormValues.orEmpty(ctx.request().getFormAttribute("to")))
        .orElseThrow(() -> ApiException.invalid("to", "must be a phase"));
    challenges.transition(caller, id, to).onComplete(ar -> {
      if (ar.succeeded()) {
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
