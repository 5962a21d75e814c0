package dev.cocreate.jury;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.challenge.Challenge;
import dev.cocreate.challenge.ChallengePhase;
import dev.cocreate.challenge.ChallengeService;
import dev.cocreate.challenge.Idea;
import dev.cocreate.challenge.IdeaService;
import dev.cocreate.challenge.IdeaSort;
import dev.cocreate.challenge.JuryVerdicts;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Jury evaluation of a challenge in review: the firm names its judges; a judge declares conflicts of
 * interest and scores each other idea 0–10 per criterion of the brief with a note, changeable until
 * the challenge is decided; judges are blind to each other's scores of an idea until they have
 * scored it themselves. Every write share-locks the challenge's row, so none lands after it moved on.
 */
public final class JuryService {
  /** How {@code spread} is measured, said in the scores' answer so no reader has to guess. */
  static final String SPREAD = "population standard deviation of the judges' weighted scores";

  private final Database db;
  private final JuryRepository repo;
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final UserRepository users;
  private final Permissions permissions;
  private final Notifier notifier;

  public JuryService(Database db, JuryRepository repo, ChallengeService challenges, IdeaService ideas, UserRepository users,
      Permissions permissions, Notifier notifier) {
    this.db = db;
    this.repo = repo;
    this.challenges = challenges;
    this.ideas = ideas;
    this.users = users;
    this.permissions = permissions;
    this.notifier = notifier;
  }

  /** The jury as the firm and the judges read it: {@code {challengeId, phase, judges}}. */
  public Future<JsonObject> jury(Caller caller, long challengeId) {
    return challenges.get(caller, challengeId).compose(view -> repo.judges(db.pool(), challengeId).map(judges -> {
      if (!view.canManage() && judges.stream().noneMatch(j -> j.id() == caller.id())) {
        throw ApiException.forbidden("Only the challenge's org and its judges read its jury.");
      }
      return juryJson(view.challenge(), judges);
    }));
  }

  private static JsonObject juryJson(Challenge c, List<JuryRepository.Judge> judges) {
    return new JsonObject().put("challengeId", c.id()).put("phase", c.phase().wire()).put("judges", JuryRepository.toJson(judges));
  }

  /** Names the challenge's judges (the whole jury at once); those newly named are notified. */
  public Future<JsonObject> name(Caller caller, long challengeId, JuryNaming naming) {
    return challenges.get(caller, challengeId).compose(view -> {
      if (!view.canManage()) {
        return Future.failedFuture(ApiException.forbidden("Only the challenge's org names its judges."));
      }
      return users.byUsernames(db.pool(), naming.judges());
    }).compose(found -> {
      Map<String, User> byName = new LinkedHashMap<>();
      found.forEach(u -> byName.put(u.username().toLowerCase(Locale.ROOT), u));
      List<ApiException.FieldError> errors = new ArrayList<>();
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < naming.judges().size(); i++) {
        User u = byName.get(naming.judges().get(i).toLowerCase(Locale.ROOT));
        if (u == null || u.isSuspended()) {
          errors.add(new ApiException.FieldError("judges[" + i + "]", "must be the username of an active member"));
        } else {
          ids.add(u.id());
        }
      }
      if (!errors.isEmpty()) {
        return Future.failedFuture(ApiException.invalid(errors));
      }
      return db.tx(tx -> lockInReview(tx, challengeId, "Judges are named while the challenge is in review")
          .compose(locked -> repo.replaceJudges(tx, challengeId, ids, caller.id())
              .compose(added -> notifier.namedJudges(tx, challengeId, locked.title(), added, caller.id()))));
    }).compose(v -> jury(caller, challengeId));
  }

  /** A judge declares a conflict of interest on an idea: from then on it is not theirs to score. */
  public Future<JsonObject> conflict(Caller caller, long ideaId) {
    return AccountRules.mayWrite(caller).compose(w -> ideas.get(caller, ideaId)).compose(idea -> db.tx(tx ->
        repo.standing(tx, ideaId, caller.id()).compose(found -> {
          JuryRepository.Standing s = found.orElseThrow(() -> ApiException.notFound("idea"));
          if (!s.judge()) {
            return Future.failedFuture(ApiException.forbidden("Only the challenge's judges declare conflicts on its ideas."));
          }
          return lockInReview(tx, s.challengeId(), "Conflicts are declared while the challenge is in review")
              .compose(locked -> repo.declareConflict(tx, ideaId, caller.id()));
        })))
        .map(v -> new JsonObject().put("ideaId", ideaId).put("conflict", true));
  }

  /**
   * A judge's scores of an idea and their note, replacing the ones they gave before: every
   * criterion of the brief scored, no other name.
   */
  public Future<JsonObject> score(Caller caller, long ideaId, ScoreSheet sheet) {
    return AccountRules.mayWrite(caller).compose(w -> ideas.get(caller, ideaId)).compose(idea -> db.tx(tx ->
        repo.standing(tx, ideaId, caller.id()).compose(found -> {
          JuryRepository.Standing s = found.orElseThrow(() -> ApiException.notFound("idea"));
          if (!permissions.canScoreIdea(caller, s.judge(), s.conflicted())) {
            return Future.failedFuture(ApiException.forbidden(s.conflicted()
                ? "You declared a conflict of interest on this idea: it is not yours to score."
                : "Only the challenge's judges score its ideas."));
          }
          return lockInReview(tx, s.challengeId(), "Scores can change only while the challenge is in review")
              .compose(locked -> repo.saveScore(tx, ideaId, caller.id(), checked(locked.criteria(), sheet), sheet.note()));
        })))
        .map(v -> {
          JsonObject scores = new JsonObject();
          sheet.scores().forEach(scores::put);
          return new JsonObject().put("ideaId", ideaId).put("scores", scores).put("note", sheet.note());
        });
  }

  /** The sheet's scores as stored, once each criterion of the brief has one and nothing else is named. */
  private static JsonObject checked(JsonArray criteria, ScoreSheet sheet) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    JsonObject out = new JsonObject();
    Set<String> names = new HashSet<>();
    for (Object o : criteria) {
      String name = ((JsonObject) o).getString("name");
      names.add(name);
      Integer score = sheet.scores().get(name);
      if (score == null) {
        errors.add(new ApiException.FieldError("scores." + name, "is required: a whole number from 0 to 10"));
      } else {
        out.put(name, score);
      }
    }
    sheet.scores().keySet().stream().filter(k -> !names.contains(k)).sorted()
        .forEach(k -> errors.add(new ApiException.FieldError("scores." + k, "is not a criterion of the brief")));
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return out;
  }

  /** The challenge locked for the write, which must find it in review: else 409 with {@code why}. */
  private Future<JuryRepository.Locked> lockInReview(SqlConnection tx, long challengeId, String why) {
    return repo.lock(tx, challengeId).compose(found -> {
      JuryRepository.Locked locked = found.orElseThrow(() -> ApiException.notFound("challenge"));
      if (locked.phase() != ChallengePhase.REVIEW) {
        return Future.failedFuture(ApiException.conflict(why + "; it is " + locked.phase().wire() + "."));
      }
      return Future.succeededFuture(locked);
    });
  }

  /** What the scores' answer and the scoring screen are made of, for one caller. */
  record Board(Challenge challenge, boolean firm, boolean judge, List<JuryRepository.Ranked> ranked,
      List<JuryRepository.Sheet> sheets, Set<Long> conflicts) {}

  /** The firm's or a judge's board; 403 for anyone else. */
  Future<Board> board(Caller caller, long challengeId) {
    return challenges.get(caller, challengeId).compose(view -> repo.judges(db.pool(), challengeId).compose(judges -> {
      boolean judge = caller.signedIn() && judges.stream().anyMatch(j -> j.id() == caller.id());
      if (!view.canManage() && !judge) {
        return Future.failedFuture(ApiException.forbidden("Only the challenge's org and its judges read its scores."));
      }
      Future<List<JuryRepository.Ranked>> ranked = repo.ranks(db.pool(), challengeId);
      Future<List<JuryRepository.Sheet>> sheets = repo.sheets(db.pool(), challengeId,
          first -> permissions.visibleJuryScores(caller, "i", "c", first));
      Future<Set<Long>> conflicts = judge ? repo.conflicts(db.pool(), challengeId, caller.id()) : Future.succeededFuture(Set.of());
      return Future.all(ranked, sheets, conflicts).map(all -> new Board(view.challenge(), view.canManage(), judge,
          ranked.result(), sheets.result(), conflicts.result()));
    }));
  }

  /** {@code GET /api/challenges/{id}/scores}: per idea its tally (where the caller may see it) beside its support rank. */
  public Future<JsonObject> scores(Caller caller, long challengeId) {
    return board(caller, challengeId).map(b -> scoresJson(caller, b));
  }

  JsonObject scoresJson(Caller caller, Board b) {
    Map<Long, List<JuryRepository.Sheet>> byIdea = new LinkedHashMap<>();
    b.sheets().forEach(s -> byIdea.computeIfAbsent(s.ideaId(), k -> new ArrayList<>()).add(s));
    JsonArray items = new JsonArray();
    for (JuryRepository.Ranked r : b.ranked()) {
      List<JuryRepository.Sheet> sheets = byIdea.getOrDefault(r.ideaId(), List.of());
      boolean scoredByYou = sheets.stream().anyMatch(s -> s.judge().id() == caller.id());
      // The SQL scope already left out what the caller may not see; blind says so rather than showing 0 judges.
      boolean blind = !permissions.canSeeJuryScores(caller, b.firm(), scoredByYou);
      JsonObject item = new JsonObject().put("ideaId", r.ideaId()).put("status", r.status())
          .put("supportCount", r.supportCount()).put("supportRank", r.supportRank()).put("blind", blind);
      if (b.judge()) {
        item.put("scoredByYou", scoredByYou).put("conflict", b.conflicts().contains(r.ideaId()));
      }
      if (!blind) {
        JuryVerdicts.Tally t = Tallies.of(b.challenge().criteria(), sheets.stream().map(JuryRepository.Sheet::scores).toList());
        item.put("judges", t == null ? 0 : t.judges());
        if (t != null) {
          JsonObject means = new JsonObject();
          t.criterionMeans().forEach((name, mean) -> means.put(name, round(mean)));
          item.put("weightedMean", round(t.weightedMean())).put("spread", round(t.spread())).put("criterionMeans", means);
        }
        JsonArray shown = new JsonArray();
        sheets.forEach(s -> shown.add(s.toJson()));
        item.put("sheets", shown);
      }
      items.add(item);
    }
    return new JsonObject().put("challengeId", b.challenge().id()).put("phase", b.challenge().phase().wire())
        .put("criteria", b.challenge().criteria().copy()).put("spreadMeasure", SPREAD).put("items", items);
  }

  /** Two decimals, as every figure of the scores is shown. */
  static double round(double d) {
    return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  /** The challenge of an idea the caller may see: where the scoring screen's forms lead back to. */
  Future<Challenge> challengeOf(Caller caller, long ideaId) {
    return ideas.get(caller, ideaId).compose(idea -> challenges.get(caller, idea.challengeId()))
        .map(ChallengeService.View::challenge);
  }

  /** Every idea of the challenge as the caller may read it, in support order: the scoring screen's list. */
  Future<List<Idea>> ideasOf(Caller caller, long challengeId) {
    List<Idea> all = new ArrayList<>();
    return page(caller, challengeId, null, all).map(all);
  }

  private Future<Void> page(Caller caller, long challengeId, String cursor, List<Idea> into) {
    return ideas.list(caller, challengeId, IdeaSort.SUPPORT, null, cursor, 100).compose(p -> {
      into.addAll(p.items());
      return p.nextCursor() == null ? Future.succeededFuture() : page(caller, challengeId, p.nextCursor(), into);
    });
  }
}
