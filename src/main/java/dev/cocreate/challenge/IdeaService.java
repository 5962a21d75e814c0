package dev.cocreate.challenge;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.account.UserRepository;
import dev.cocreate.challenge.webhook.WebhookEvents;
import dev.cocreate.challenge.webhook.WebhookOutbox;
import dev.cocreate.forum.ForumService;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.RateLimiter;
import dev.cocreate.platform.json.Times;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.reputation.ReputationKind;
import dev.cocreate.reputation.ReputationLedger;
import dev.cocreate.stakeholder.Breakdowns;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ideas answer an open challenge. Members support them (one support each, counted exactly under
 * any concurrency); reaching the challenge's threshold moves an idea to review by itself, once; the
 * firm answers with official statuses and notes that stay public; duplicates are merged.
 *
 * <p>It is one class because every write to an idea takes the same row lock first (the idea's, then
 * its challenge's phase) and ends in the same outbox append: support, withdrawal, status and merge
 * each change the support count or the status the others read under that lock.
 */
public final class IdeaService {
  private final Database db;
  private final IdeaRepository ideas;
  private final ChallengeRepository challengeRepo;
  private final ChallengeService challenges;
  private final UserRepository users;
  private final ForumService forum;
  private final Permissions permissions;
  private final EventLog events;
  private final WebhookOutbox webhooks;
  private final RateLimiter limiter;
  private final Notifier notifier;
  private final SupportStages stages;
  private final SupportBudget budget = new SupportBudget();
  private final JuryVerdicts jury;
  private final IdeaAcceptance acceptance;
  /** Ideas earn their authors reputation in the transaction that moves them. */
  private final ReputationLedger reputation = new ReputationLedger();
  /** Supporters' stakeholder types, for a challenge that requires a share of one. */
  private final Breakdowns breakdowns = new Breakdowns();

  public IdeaService(Database db, ChallengeService challenges, UserRepository users, ForumService forum,
      Permissions permissions, EventLog events, WebhookOutbox webhooks, Notifier notifier, RateLimiter limiter,
      SupportStages stages, JuryVerdicts jury, IdeaAcceptance acceptance) {
    this.stages = stages;
    this.db = db;
    this.ideas = new IdeaRepository();
    this.challengeRepo = new ChallengeRepository();
    this.challenges = challenges;
    this.users = users;
    this.forum = forum;
    this.permissions = permissions;
    this.events = events;
    this.webhooks = webhooks;
    this.notifier = notifier;
    this.limiter = limiter;
    this.jury = jury;
    this.acceptance = acceptance;
  }

  /**
   * {@code PUT/DELETE /support}'s answer. {@code reachedThreshold} is true only for the one support
   * that carried the idea to its challenge's threshold, so that supporter's page can say so.
   */
  public record SupportState(int supportCount, int supportThreshold, boolean supported, boolean reachedThreshold) {
    public JsonObject toJson() {
      return new JsonObject().put("supportCount", supportCount).put("supportThreshold", supportThreshold)
          .put("supported", supported).put("reachedThreshold", reachedThreshold);
    }
  }

  /** Where an idea's thread goes when its challenge names no space: created by migration V12. */
  public static final String DEFAULT_SPACE = "ideas";

  /**
   * A new idea and, in the same transaction, its discussion thread (in the challenge's space, or
   * {@link #DEFAULT_SPACE}), so an idea never exists without its thread.
   */
  public Future<Idea> submit(Caller caller, long challengeId, NewIdea s) {
    if (caller.signedIn() && caller.user().isSilenced()) {
      return AccountRules.mayWrite(caller).mapEmpty();
    }
    try {
      // Spent here, not by the API route or the idea form, so neither can skip it.
      limiter.check(NewIdea.SUBMIT_PER_USER, Long.toString(caller.id()));
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    return challenges.get(caller, challengeId).compose(view -> forum.render(s.body())).compose(rendered -> db.tx(tx ->
        challengeRepo.lockShared(tx, challengeId).compose(locked -> {
          Challenge c = locked.orElseThrow(() -> ApiException.notFound("challenge"));
          if (c.phase() != ChallengePhase.OPEN) {
            return Future.failedFuture(ApiException.conflict(
                "Ideas are accepted only while the challenge is open; it is " + c.phase().wire() + "."));
          }
          String space = c.spaceSlug() != null ? c.spaceSlug() : DEFAULT_SPACE;
          return ideas.insert(tx, challengeId, caller.id(), s.title(), s.pitch(), s.body(), rendered.html(),
                  c.supportStages().firstDeadline(stages.now()))
              .compose(id -> forum.createThread(tx, caller,
                      new ForumService.NewThread(space, s.title(), s.body(), List.of("idea"), id), rendered)
                  .compose(thread -> notifier.ideaSubmitted(tx, challengeId, id, caller.id()))
                  .compose(v -> ideas.byId(tx, caller.id(), id)))
              .compose(idea -> {
                Idea created = idea.orElseThrow();
                // The live topic is public: the idea as a visitor reads it (a placeholder while a new
                // member's idea waits for review). The webhook goes to the org, the idea's staff.
                return new Announcements(events, webhooks)
                    .live(challengeId, WebhookEvents.IDEA_CREATED, publicJson(forViewer(Caller.ANONYMOUS, created)))
                    .webhook(c.orgId(), WebhookEvents.IDEA_CREATED, publicJson(created.forViewer(true)))
                    .flush(tx)
                    .map(created);
              });
        })))
        // Its author reads back what they just sent, even while it waits for review (hidden says
        // so): the answer tells them nothing they did not write. Every later read follows the rule.
        .map(created -> created.forViewer(true));
  }

  /**
   * The idea as the caller may see it: 404 when its challenge is hidden from them, a placeholder
   * for its content when they may not read that (its thread hidden or out of their reach).
   */
  public Future<Idea> get(Caller caller, long id) {
    return ideas.byId(db.pool(), caller.id(), id).map(found -> found
        .filter(i -> permissions.canSeeChallenge(caller, i.challengeDraft(), i.reading().viewerOnTeam()))
        .map(i -> forViewer(caller, i))
        .orElseThrow(() -> ApiException.notFound("idea")));
  }

  /** The idea decided for the caller by {@code Permissions.canReadIdea}: every path that shows an idea goes through here. */
  Idea forViewer(Caller caller, Idea idea) {
    Idea shown = idea.forViewer(readable(caller, idea));
    Idea.Reading r = idea.reading();
    boolean rationale = permissions.canReadRationale(caller, caller.signedIn() && caller.id() == idea.authorId(),
        r.viewerOnTeam(), r.publicRationale());
    return rationale ? shown : shown.withoutRationale();
  }

  private boolean readable(Caller caller, Idea idea) {
    Idea.Reading r = idea.reading();
    return permissions.canReadIdea(caller, idea.challengeDraft(), r.viewerOnTeam(), r.threadSpace(), r.threadHidden());
  }

  /** A page of a challenge's ideas, each decided for the caller. */
  public Future<Page<Idea>> list(Caller caller, long challengeId, IdeaSort sort, String status, String cursor,
      int limit) {
    int keySize = switch (sort) {
      case RECENT -> 1;
      case SUPPORT -> 2;
      case TRENDING -> 3;
    };
    String kind = "ideas-" + sort.name().toLowerCase(Locale.ROOT);
    Cursor key = Cursor.decodeOrFirst(cursor, kind, keySize);
    long[] after = null;
    if (key != null) {
      after = new long[keySize];
      for (int i = 0; i < keySize; i++) {
        after[i] = key.longAt(i);
      }
    }
    long[] from = after;
    return challenges.get(caller, challengeId)
        .compose(v -> ideas.list(db.pool(), caller.id(), challengeId, sort, status, from, limit + 1))
        .map(rows -> {
          Page<IdeaRepository.Ranked> page = Page.of(rows, limit, r -> switch (sort) {
            case RECENT -> Cursor.encode(kind, r.idea().id());
            case SUPPORT -> Cursor.encode(kind, r.idea().id(), r.idea().supportCount());
            case TRENDING -> Cursor.encode(kind, r.idea().id(), r.idea().supportCount(), r.trend());
          });
          return new Page<>(page.items().stream().map(r -> forViewer(caller, r.idea())).toList(), page.nextCursor());
        });
  }

  public Future<SupportState> support(Caller caller, long ideaId) {
    return AccountRules.mayWrite(caller).compose(writer -> db.tx(tx -> breakdowns.lockShared(tx, ideaId)
        .compose(locked -> lockForSupport(tx, caller, ideaId)).compose(l -> {
      if (l.status() == IdeaStatus.MERGED) {
        return Future.failedFuture(ApiException.conflict("This idea was merged into another; support that one."));
      }
      if (l.authorId() == caller.id()) {
        // Support says "others want this": an author's own would count them twice towards the threshold.
        return Future.failedFuture(ApiException.conflict("You cannot support your own idea."));
      }
      return stages.mayGainSupport(l).compose(v -> budget.spend(tx, l, caller.id()))
          .compose(v -> ideas.addSupport(tx, ideaId, caller.id())).compose(added -> {
        if (added == 0) {
          return Future.succeededFuture(new SupportState(l.supportCount(), l.supportThreshold(), true, false));
        }
        Announcements news = new Announcements(events, webhooks);
        int count = l.supportCount() + added;
        return storeCount(tx, l, count, news, caller.id())
            .compose(reached -> notifier.supported(tx, ideaId, caller.id())
                .compose(v -> news.flush(tx))
                .map(new SupportState(count, l.supportThreshold(), true, reached)));
      });
    })));
  }

  public Future<SupportState> withdraw(Caller caller, long ideaId) {
    return db.tx(tx -> breakdowns.lockShared(tx, ideaId).compose(locked -> lockForSupport(tx, caller, ideaId))
        .compose(l -> ideas.removeSupport(tx, ideaId, caller.id())
        .compose(removed -> {
          if (removed == 0) {
            return Future.succeededFuture(new SupportState(l.supportCount(), l.supportThreshold(), false, false));
          }
          Announcements news = new Announcements(events, webhooks);
          int count = l.supportCount() - removed;
          return storeCount(tx, l, count, news, caller.id())
              .compose(reached -> news.flush(tx).map(new SupportState(count, l.supportThreshold(), false, reached)));
        })));
  }

  /**
   * Whether a locked idea exists for the caller's write. Ideas are submitted only once their
   * challenge is open, so none belongs to a draft; were one to, it is nobody's to act on here
   * (the team's membership is not loaded with the lock), as an unseen draft's idea is.
   */
  private boolean existsFor(Caller caller, IdeaRepository.Locked l) {
    return permissions.canSeeChallenge(caller, l.phase() == ChallengePhase.DRAFT, false);
  }

  /** The idea locked, while its challenge is open: supports change only then. */
  private Future<IdeaRepository.Locked> lockForSupport(SqlConnection tx, Caller caller, long ideaId) {
    return ideas.lock(tx, ideaId).compose(found -> {
      IdeaRepository.Locked l = found.filter(i -> existsFor(caller, i)).orElseThrow(() -> ApiException.notFound("idea"));
      if (l.phase() != ChallengePhase.OPEN) {
        return Future.failedFuture(ApiException.conflict(
            "Supports can change only while the challenge is open; it is " + l.phase().wire() + "."));
      }
      return Future.succeededFuture(l);
    });
  }

  /**
   * Stores a locked idea's new support count. The first time it reaches the threshold (and the share
   * its challenge requires, if any) is recorded, announced once, and moves a submitted idea to
   * review; the answer is whether this count did.
   */
  private Future<Boolean> storeCount(SqlConnection tx, IdeaRepository.Locked l, int count, Announcements news, long actorId) {
    news.live(l.challengeId(), "idea.supported", new JsonObject().put("ideaId", l.id()).put("supportCount", count));
    return reaches(tx, l, count).compose(reached -> {
      boolean moved = reached && l.status() == IdeaStatus.SUBMITTED;
      IdeaStatus status = moved ? IdeaStatus.IN_REVIEW : l.status();
      return ideas.setSupport(tx, l.id(), count, status, moved, reached)
          .compose(v -> stages.advance(tx, l, count, news, actorId))
          .compose(v -> reached ? thresholdReached(tx, l, count, status, news, actorId) : Future.<Void>succeededFuture())
          .map(reached);
    });
  }

  /** What an idea's reaching its threshold brings: the announcement, the notifications, its author's reputation. */
  private Future<Void> thresholdReached(SqlConnection tx, IdeaRepository.Locked l, int count, IdeaStatus status,
      Announcements news, long actorId) {
    news.both(l.challengeId(), l.orgId(), WebhookEvents.IDEA_THRESHOLD_REACHED, new JsonObject()
        .put("ideaId", l.id())
        .put("challengeId", l.challengeId())
        .put("supportCount", count)
        .put("supportThreshold", l.supportThreshold())
        .put("status", status.wire())
        .put("at", Times.iso(OffsetDateTime.now())));
    return notifier.thresholdReached(tx, l.id(), actorId)
        .compose(v -> reputation.earn(tx, l.authorId(), ReputationKind.IDEA_THRESHOLD, "idea:" + l.id()))
        .mapEmpty();
  }

  /**
   * Whether {@code count} carries the locked idea to its threshold for the first time: the count,
   * and the share of its supports from the type its challenge requires, as its supporters' types
   * stand now. The row lock makes the supports of one idea take turns, and the org's stakeholder
   * lock (held shared by every support, exclusively by a change of type) keeps a change of type from
   * slipping between, so exactly one decision sees this true.
   */
  private Future<Boolean> reaches(SqlConnection tx, IdeaRepository.Locked l, int count) {
    if (l.thresholdReachedAt() != null || count < l.supportThreshold()) {
      return Future.succeededFuture(false);
    }
    if (!l.share().on()) {
      return Future.succeededFuture(true);
    }
    return breakdowns.shareHolds(tx, l.id(), l.orgId(), l.share().type(), l.share().percent());
  }

  /**
   * After a member's stakeholder type towards the org changed (in {@code tx}, which holds the org's
   * stakeholder lock exclusively): the org's ideas that have the supports their open challenge asks
   * for but not yet its required share are locked (in id order) and decided again; those whose share
   * now holds reach their threshold, as a support would have carried them.
   */
  public Future<Void> recheckShares(SqlConnection tx, long orgId, long actorId) {
    return ideas.waitingOnShare(tx, orgId).compose(ids -> ids.isEmpty() ? Future.<Void>succeededFuture()
        : ideas.lockAll(tx, ids).compose(locked -> {
          Announcements news = new Announcements(events, webhooks);
          Future<Void> chain = Future.succeededFuture();
          for (IdeaRepository.Locked l : locked) {
            chain = chain.compose(v -> reaches(tx, l, l.supportCount()).compose(reached -> {
              if (!reached) {
                return Future.<Void>succeededFuture();
              }
              boolean moved = l.status() == IdeaStatus.SUBMITTED;
              IdeaStatus status = moved ? IdeaStatus.IN_REVIEW : l.status();
              return ideas.setSupport(tx, l.id(), l.supportCount(), status, moved, true)
                  .compose(v2 -> thresholdReached(tx, l, l.supportCount(), status, news, actorId));
            }));
          }
          return chain.compose(v -> news.flush(tx));
        }));
  }

  /** An idea's supports and participation by stakeholder type towards its challenge's org, for one who reads it. */
  public Future<JsonObject> breakdown(Idea idea) {
    return breakdowns.ofIdea(db.pool(), idea.id(), idea.orgId());
  }

  /** An official response: the org's team moves the idea along and says why, in public. */
  public Future<Idea> answer(Caller caller, long ideaId, IdeaStatus to, String note) {
    return answer(caller, ideaId, new IdeaAnswer(to, note, Map.of()));
  }

  /**
   * An official response with its rationale per criterion. Declining or shortlisting an idea the
   * jury scored owes the author a reason against each criterion of the brief: missing ones are
   * field errors ({@code rationale.<criterion>}), as are names that are no criterion of it.
   */
  public Future<Idea> answer(Caller caller, long ideaId, IdeaAnswer answer) {
    IdeaStatus to = answer.status();
    String note = answer.note();
    return db.tx(tx -> ideas.lock(tx, ideaId).compose(found -> {
      IdeaRepository.Locked l = found.filter(i -> existsFor(caller, i)).orElseThrow(() -> ApiException.notFound("idea"));
      return challenges.isMember(tx, caller, l.orgId()).compose(member -> {
        if (!permissions.canManageChallenge(caller, member)) {
          return Future.failedFuture(ApiException.forbidden("Only the challenge's org can answer its ideas."));
        }
        if (!l.status().canAnswerWith(to)) {
          return Future.failedFuture(ApiException.conflict(
              "An idea cannot move from " + l.status().wire() + " to " + to.wire() + "."));
        }
        Announcements news = statusNews(l, to, note, caller, null);
        return rationale(tx, l, answer)
            .compose(rationale -> accepting(tx, l, to, news)
                .compose(v -> ideas.setStatus(tx, ideaId, to))
                .compose(v -> ideas.insertResponse(tx, ideaId, to, note, rationale, caller.id())))
            .compose(v -> earnFromAnswer(tx, l, to))
            .compose(v -> notifier.ideaStatus(tx, ideaId, to.wire(), note, caller.id()))
            .compose(v -> news.flush(tx));
      });
    })).compose(v -> get(caller, ideaId));
  }

  /**
   * Accepting an idea of a challenge with a reward: 409 until its split is agreed, which it freezes
   * (in this transaction, the idea locked); the org hears of the agreed split by webhook.
   */
  private Future<Void> accepting(SqlConnection tx, IdeaRepository.Locked l, IdeaStatus to, Announcements news) {
    if (to != IdeaStatus.ACCEPTED) {
      return Future.succeededFuture();
    }
    return challengeRepo.byId(tx, l.challengeId())
        .map(found -> found.orElseThrow(() -> ApiException.notFound("idea")))
        .compose(c -> acceptance.accepting(tx, l.id(), c))
        .map(agreed -> {
          if (agreed != null) {
            news.webhook(l.orgId(), WebhookEvents.IDEA_SPLIT_AGREED, agreed);
          }
          return null;
        });
  }

  /**
   * The author's reputation for the firm's answer, in its transaction: recompute reads the same
   * event from idea_responses, the first answer with each status.
   */
  private Future<Void> earnFromAnswer(SqlConnection tx, IdeaRepository.Locked l, IdeaStatus to) {
    ReputationKind kind = switch (to) {
      case SHORTLISTED -> ReputationKind.IDEA_SHORTLISTED;
      case ACCEPTED -> ReputationKind.IDEA_ACCEPTED;
      case IMPLEMENTED -> ReputationKind.IDEA_IMPLEMENTED;
      default -> null;
    };
    return kind == null ? Future.succeededFuture() : reputation.earn(tx, l.authorId(), kind, "idea:" + l.id()).mapEmpty();
  }

  /** The answer's rationale as stored (null for none), checked against the brief's criteria and the jury's scores. */
  private Future<JsonObject> rationale(SqlConnection tx, IdeaRepository.Locked l, IdeaAnswer answer) {
    boolean owed = answer.status() == IdeaStatus.DECLINED || answer.status() == IdeaStatus.SHORTLISTED;
    if (!owed && answer.rationale().isEmpty()) {
      return Future.succeededFuture(null);
    }
    Future<Boolean> scored = owed ? jury.scored(tx, l.id()) : Future.succeededFuture(false);
    return scored.compose(required -> challengeRepo.byId(tx, l.challengeId()).map(found -> {
      Challenge c = found.orElseThrow(() -> ApiException.notFound("idea"));
      List<ApiException.FieldError> errors = new ArrayList<>();
      JsonObject stored = new JsonObject();
      List<String> names = new ArrayList<>();
      for (Object o : c.criteria()) {
        String name = ((JsonObject) o).getString("name");
        names.add(name);
        String text = answer.rationale().get(name);
        if (text != null) {
          stored.put(name, text);
        } else if (required) {
          errors.add(new ApiException.FieldError("rationale." + name,
              "is required: the jury scored this idea, so its author is owed a reason per criterion"));
        }
      }
      answer.rationale().keySet().stream().filter(k -> !names.contains(k)).sorted()
          .forEach(k -> errors.add(new ApiException.FieldError("rationale." + k, "is not a criterion of the brief")));
      if (!errors.isEmpty()) {
        throw ApiException.invalid(errors);
      }
      return stored.isEmpty() ? null : stored;
    }));
  }

  private Announcements statusNews(IdeaRepository.Locked l, IdeaStatus to, String note, Caller by, Long mergedInto) {
    JsonObject data = new JsonObject()
        .put("ideaId", l.id())
        .put("challengeId", l.challengeId())
        .put("from", l.status().wire())
        .put("status", to.wire())
        .put("note", note)
        .put("by", by.user().toAuthorJson())
        .put("at", Times.iso(OffsetDateTime.now()));
    if (mergedInto != null) {
      data.put("mergedInto", mergedInto);
    }
    return new Announcements(events, webhooks).both(l.challengeId(), l.orgId(), WebhookEvents.IDEA_STATUS, data);
  }

  /**
   * Merges a duplicate into the idea that survives: its supports move over without counting a
   * member twice, it becomes {@code merged} with a public note, and its thread points to the
   * survivor.
   */
  public Future<Idea> merge(Caller caller, long ideaId, long intoId, String note) {
    if (ideaId == intoId) {
      return Future.failedFuture(ApiException.conflict("An idea cannot be merged into itself."));
    }
    // The supports moved decide the surviving idea's share as a support would: under the org's stakeholder lock.
    return db.tx(tx -> breakdowns.lockShared(tx, intoId).compose(v -> ideas.lockAll(tx, List.of(ideaId, intoId))).compose(locked -> {
      IdeaRepository.Locked from = locked.stream().filter(i -> i.id() == ideaId && existsFor(caller, i)).findFirst()
          .orElseThrow(() -> ApiException.notFound("idea"));
      IdeaRepository.Locked into = locked.stream().filter(i -> i.id() == intoId).findFirst()
          .orElseThrow(() -> ApiException.invalid("into", "no such idea"));
      return challenges.isMember(tx, caller, from.orgId()).compose(member -> {
        if (!permissions.canMergeIdeas(caller, member)) {
          return Future.failedFuture(ApiException.forbidden("Only moderators and the challenge's org can merge ideas."));
        }
        if (into.challengeId() != from.challengeId()) {
          return Future.failedFuture(ApiException.invalid("into", "must be an idea of the same challenge"));
        }
        if (from.status() == IdeaStatus.MERGED) {
          return Future.failedFuture(ApiException.conflict("This idea is already merged."));
        }
        if (into.status() == IdeaStatus.MERGED) {
          return Future.failedFuture(ApiException.conflict("Ideas cannot be merged into a merged idea; use its survivor."));
        }
        if (into.status() == IdeaStatus.EXPIRED) {
          return Future.failedFuture(ApiException.conflict("Ideas cannot be merged into an expired idea; its supports were released."));
        }
        String said = note != null ? note : "Merged into #" + intoId + " as a duplicate.";
        Announcements news = statusNews(from, IdeaStatus.MERGED, said, caller, intoId);
        return ideas.moveSupports(tx, ideaId, intoId)
            .compose(v -> ideas.countSupports(tx, intoId))
            .compose(count -> storeCount(tx, into, count, news, caller.id()))
            .compose(v -> ideas.markMerged(tx, ideaId, intoId))
            .compose(v -> ideas.insertResponse(tx, ideaId, IdeaStatus.MERGED, said, caller.id()))
            .compose(v -> notifier.ideaStatus(tx, ideaId, IdeaStatus.MERGED.wire(), said, caller.id()))
            .compose(v -> news.live(from.challengeId(), "idea.supported",
                new JsonObject().put("ideaId", ideaId).put("supportCount", 0)).flush(tx));
      });
    })).compose(v -> get(caller, ideaId));
  }

  /** Its author puts an expired idea back on the support stages; the idea as they now see it. */
  public Future<Idea> resubmit(Caller caller, long ideaId) {
    return stages.resubmit(caller, ideaId, ideas).compose(v -> get(caller, ideaId));
  }

  /** Ideas of the challenge resembling a draft, best first, to catch duplicates before posting. */
  public Future<JsonObject> similar(Caller caller, long challengeId, String text) {
    return challenges.get(caller, challengeId)
        .compose(v -> db.tx(tx -> ideas.similar(tx, caller.id(), challengeId, text, 5,
            first -> permissions.readableIdeas(caller, "i", "c", first))))
        .map(found -> {
          JsonArray items = new JsonArray();
          found.forEach(i -> items.add(forViewer(caller, i).toJson(false)));
          return new JsonObject().put("items", items).put("nextCursor", null);
        });
  }

  /** The ideas a member supports, most recent first: {@code {items, nextCursor}}. */
  public Future<JsonObject> supportedBy(Caller viewer, String username, String cursor, int limit) {
    Cursor key = Cursor.decodeOrFirst(cursor, "supported", 2);
    OffsetDateTime beforeAt = key == null ? null : key.timeAt(0);
    long beforeIdea = key == null ? 0 : key.longAt(1);
    return users.byUsername(db.pool(), username)
        .map(u -> u.orElseThrow(() -> ApiException.notFound("user")))
        .compose(u -> ideas.supportedBy(db.pool(), viewer.id(), u.id(), beforeAt, beforeIdea, limit + 1,
            first -> permissions.readableChallenges(viewer, "c", first)))
        .map(rows -> Page.of(rows, limit, s -> Cursor.encode("supported", Cursor.micros(s.supportedAt()), s.idea().id()))
            .toJson(s -> forViewer(viewer, s.idea()).toJson(false).put("supportedAt", Times.iso(s.supportedAt()))));
  }

  /**
   * Every idea of the challenge as CSV, for the org's team: what it says (title, pitch), who wants it
   * (the count and the supporters' usernames), and what its jury made of it: one column per
   * criterion of the brief, headed with its weight, holding the judges' mean score, then the
   * weighted mean, its spread (the population standard deviation of the judges' weighted scores)
   * and how many judges scored it; empty for an idea no judge scored.
   * Each row is decided like every other view of an idea (the team reads hidden ones, and
   * {@code hidden} says which they are), so the export stays right should anyone outside the team
   * ever be let in; a withheld idea names no supporters either.
   */
  public Future<String> exportCsv(Caller caller, long challengeId) {
    return challenges.manageable(caller, challengeId).compose(c -> ideas.export(db.pool(), caller.id(), challengeId)
        .compose(rows -> jury.tallies(db.pool(), c).map(tallies -> {
          List<String> criteria = new ArrayList<>();
          List<Object> header = new ArrayList<>(List.of("id", "title", "pitch", "author", "status",
              "supportCount", "supporters", "createdAt", "hidden"));
          for (Object o : c.criteria()) {
            JsonObject criterion = (JsonObject) o;
            criteria.add(criterion.getString("name"));
            header.add("mean: " + criterion.getString("name") + " (weight " + weight(criterion) + ")");
          }
          header.addAll(List.of("weightedMean", "spread", "judges"));
          CsvExport csv = new CsvExport().row(header);
          for (IdeaRepository.Exported row : rows) {
            boolean readable = readable(caller, row.idea());
            Idea i = row.idea().forViewer(readable);
            List<Object> cells = new ArrayList<>(List.of(i.id(), i.title(), i.pitch(), i.authorUsername(),
                i.status().wire(), i.supportCount(), readable ? String.join(" ", row.supporters()) : "",
                Times.iso(i.createdAt()), i.hidden()));
            JuryVerdicts.Tally t = tallies.get(i.id());
            for (String name : criteria) {
              Double mean = t == null ? null : t.criterionMeans().get(name);
              cells.add(mean == null ? "" : decimal(mean));
            }
            cells.addAll(t == null ? List.of("", "", "")
                : List.of(decimal(t.weightedMean()), decimal(t.spread()), t.judges()));
            csv.row(cells);
          }
          return csv.toString();
        })));
  }

  /** A score as the export writes it: two decimals at most, 6.5 not 6.50. */
  static String decimal(double d) {
    return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  /** A criterion's weight as the brief shows it: 3, not 3.0. */
  private static String weight(JsonObject criterion) {
    Number w = criterion.getNumber("weight");
    return w == null ? "" : new BigDecimal(w.toString()).stripTrailingZeros().toPlainString();
  }

  /** The idea as webhooks and live events carry it: no per-viewer fields. */
  private static JsonObject publicJson(Idea idea) {
    JsonObject j = idea.toJson(false);
    j.remove("supported");
    return j;
  }
}
