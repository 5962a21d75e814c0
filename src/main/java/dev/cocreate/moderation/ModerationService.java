package dev.cocreate.moderation;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.account.UserRepository;
import dev.cocreate.platform.config.ModerationConfig;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.SqlErrors;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.RenderChange;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.RateLimitPolicy;
import dev.cocreate.platform.http.RateLimiter;
import dev.cocreate.platform.json.Times;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import dev.cocreate.reputation.ReputationKind;
import dev.cocreate.reputation.ReputationLedger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags, the moderation queue, moderators' actions and what members are told. Each write reads
 * like its rule: check who may, load the target (404 when unknown), then in one transaction make
 * the change, close the flags it settles, write the audit log (and the author's notice) and append
 * the live event. A write that fails at any step leaves nothing behind, not even a log row.
 *
 * <p>It is one class because the actions on posts, threads and flags share those steps (the
 * policy, the queue's claims, closing flags, the log and the notice) as private methods; staff
 * actions on members, which share none of them, are {@link MemberModeration}.
 */
public final class ModerationService {
  private static final Logger log = LoggerFactory.getLogger(ModerationService.class);
  /** Entries shown per target and per author in the queue's history. */
  private static final int HISTORY = 5;

  private final Database db;
  private final ModeratedContent content;
  private final UserRepository users;
  private final ModerationLog auditLog;
  private final EventLog events;
  private final TrustService trust;
  private final ModerationConfig config;
  private final Permissions permissions;
  private final RateLimiter limiter;
  private final RateLimitPolicy policy;
  /** Whose now decides whether a facilitator's term still runs. */
  private final InstantSource clock;
  private final FlagRepository flags = new FlagRepository();
  private final ClaimRepository claims = new ClaimRepository();
  /** An upheld flag costs the post's author reputation, in the hiding's transaction. */
  private final ReputationLedger reputation = new ReputationLedger();

  public ModerationService(Database db, ModeratedContent content, UserRepository users, ModerationLog auditLog,
      EventLog events, TrustService trust, ModerationConfig config, Permissions permissions, RateLimiter limiter,
      RateLimitPolicy policy, InstantSource clock) {
    this.clock = clock;
    this.db = db;
    this.content = content;
    this.users = users;
    this.auditLog = auditLog;
    this.events = events;
    this.trust = trust;
    this.config = config;
    this.permissions = permissions;
    this.limiter = limiter;
    this.policy = policy;
  }

  /** Who holds a queue item, and until when. */
  public record Claim(String targetType, long targetId, long moderatorId, String moderatorUsername, OffsetDateTime until) {
    public JsonObject toJson() {
      return new JsonObject().put("targetType", targetType).put("targetId", targetId)
          .put("by", new JsonObject().put("id", moderatorId).put("username", moderatorUsername))
          .put("until", Times.iso(until));
    }

    static Claim of(ClaimRepository.Claim c) {
      return new Claim(c.targetType(), c.targetId(), c.moderatorId(), c.moderatorUsername(), c.expiresAt());
    }
  }

  /** What a moderator needs to decide on a flagged target. */
  public record AuthorHistory(long id, String username, String displayName, Integer trustLevel, long postCount,
      int flagsUpheld, List<ModerationLog.Entry> previousActions) {
    public JsonObject toJson() {
      JsonArray actions = new JsonArray();
      previousActions.forEach(e -> actions.add(e.toJson()));
      return new JsonObject().put("id", id).put("username", username).put("displayName", displayName)
          .put("trustLevel", trustLevel).put("postCount", postCount).put("flagsUpheld", flagsUpheld)
          .put("previousActions", actions);
    }
  }

  /** One item of the queue: a target with its open flags, its content, its author's history and past actions on it. */
  public record QueueItem(String targetType, long targetId, OffsetDateTime firstFlaggedAt, List<Flag> flags,
      JsonObject content, AuthorHistory author, List<ModerationLog.Entry> previousActions, Claim claim) {
    public JsonObject toJson() {
      JsonArray fl = new JsonArray();
      flags.forEach(f -> fl.add(f.toQueueJson()));
      JsonArray prev = new JsonArray();
      previousActions.forEach(e -> prev.add(e.toJson()));
      return new JsonObject()
          .put("targetType", targetType)
          .put("targetId", targetId)
          .put("firstFlaggedAt", Times.iso(firstFlaggedAt))
          .put("flagCount", flags.size())
          .put("flags", fl)
          .put("content", content)
          .put("author", author == null ? null : author.toJson())
          .put("previousActions", prev)
          .put("claim", claim == null ? null : claim.toJson());
    }
  }

  // Flags

  /**
   * A member flags a post they can read (404 otherwise). Once enough distinct trusted members
   * (level 1+) have open flags on it, it is hidden pending review, in the same transaction.
   */
  public Future<Flag> flagPost(Caller caller, long postId, FlagRequest request) {
    if (!caller.signedIn()) {
      return Future.failedFuture(ApiException.unauthorized("Sign in first."));
    }
    if (caller.user().isSilenced()) {
      return AccountRules.mayWrite(caller).mapEmpty();
    }
    try {
      // Spent here, not by the API route or the flag form, so neither can skip it.
      policy.check(limiter, RateLimitPolicy.Action.FLAG, caller.user().trustLevel(), permissions.isModerator(caller),
          caller.id());
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    String reason = request.reason();
    String note = request.note();
    return content.readablePost(caller, postId).compose(post -> {
      if (!permissions.canFlag(caller, post.authorId())) {
        return Future.failedFuture(ApiException.forbidden("You cannot flag your own post."));
      }
      if (post.deleted()) {
        return Future.failedFuture(ApiException.conflict("This post is deleted."));
      }
      return db.tx(tx -> lockTarget(tx, "post", postId)
              .compose(v -> flags.insert(tx, "post", postId, post.authorId(), caller.id(), reason, note))
              .compose(flag -> autoHideIfFlaggedEnough(tx, postId).map(flag)))
          .recover(e -> SqlErrors.isUniqueViolation(e, "flags_one_open_per_flagger")
              ? Future.failedFuture(ApiException.conflict("You have already flagged this post; a moderator will look at it."))
              : Future.failedFuture(e));
    });
  }

  /**
   * A dispute over the credit for an idea: a flag with reason {@code credit} on the opening post of
   * its discussion, which a moderator handles in the queue like any flag. Who may raise one (people in
   * the idea's credit ledger or named in its reward split) is the co-design's to decide before it
   * calls this; a credit flag never counts towards hiding the post, since it says nothing against its text.
   */
  public Future<Flag> flagCredit(Caller caller, long postId, String note) {
    return AccountRules.mayWrite(caller).compose(v -> {
      try {
        policy.check(limiter, RateLimitPolicy.Action.FLAG, caller.user().trustLevel(), permissions.isModerator(caller),
            caller.id());
      } catch (ApiException e) {
        return Future.failedFuture(e);
      }
      return content.readablePost(caller, postId);
    }).compose(post -> db.tx(tx -> lockTarget(tx, "post", postId)
            .compose(v -> flags.insert(tx, "post", postId, post.authorId(), caller.id(), Flag.CREDIT, note)))
        .recover(e -> SqlErrors.isUniqueViolation(e, "flags_one_open_per_flagger")
            ? Future.failedFuture(ApiException.conflict("You have an open flag on this idea already; a moderator will look at it."))
            : Future.failedFuture(e)));
  }

  private Future<Void> autoHideIfFlaggedEnough(SqlConnection tx, long postId) {
    return flags.trustedOpenFlaggers(tx, "post", postId, permissions.notNewMembers("u")).compose(count -> {
      if (count < config.autoHideFlags()) {
        return Future.succeededFuture();
      }
      return content.post(tx, postId).compose(found -> {
        ModeratedContent.PostRef post = found.orElseThrow(() -> ApiException.notFound("post"));
        if (post.hidden() || post.deleted()) {
          return Future.succeededFuture();
        }
        return content.setPostHidden(tx, postId, true)
            .compose(threadToo -> threadAccessChanged(tx, post.threadId(), threadToo))
            .compose(v -> content.spaceOf(tx, "post", postId))
            .compose(space -> auditLog.record(tx, new ModerationLog.Record(null, "auto_hide", "post", postId, post.authorId(),
                "Hidden after " + count + " members flagged it; a moderator will review it.",
                new JsonObject().put("flaggers", count), true, space.orElse(null))))
            .compose(e -> postHiddenEvent(tx, post, true))
            .<Void>mapEmpty();
      });
    });
  }

  // Queue

  /**
   * Open flags grouped by target, the target whose first open flag is oldest first: all of them for
   * moderators, those on posts in their own spaces for facilitators ({@code Permissions.moderatedFlags}).
   */
  public Future<Page<QueueItem>> queue(Caller caller, String cursor, int limit) {
    if (!permissions.canSeeQueue(caller, clock.instant())) {
      return Future.failedFuture(forbidden());
    }
    OffsetDateTime afterTime = null;
    String afterType = null;
    Long afterId = null;
    if (cursor != null) {
      Cursor c = Cursor.decode(cursor, "queue", 3);
      afterTime = c.timeAt(0);
      afterType = c.textAt(1);
      afterId = c.longAt(2);
    }
    SqlClient pool = db.pool();
    return flags.openTargets(pool, afterTime, afterType, afterId, limit + 1,
        permissions.moderatedFlags(caller, "f", clock.instant(), 5)).compose(found -> {
      boolean more = found.size() > limit;
      List<FlagRepository.OpenTarget> targets = more ? found.subList(0, limit) : found;
      if (targets.isEmpty()) {
        return Future.succeededFuture(new Page<QueueItem>(List.of(), null));
      }
      String[] types = targets.stream().map(FlagRepository.OpenTarget::targetType).toArray(String[]::new);
      Long[] ids = targets.stream().map(FlagRepository.OpenTarget::targetId).toArray(Long[]::new);
      List<Long> postIds = targets.stream().filter(t -> t.targetType().equals("post")).map(FlagRepository.OpenTarget::targetId).toList();
      Future<List<Flag>> openFlags = flags.openOn(pool, types, ids);
      Future<List<ClaimRepository.Claim>> liveClaims = claims.liveOn(pool, types, ids);
      Future<List<ModerationLog.Entry>> onTargets = auditLog.latestOn(pool, types, ids, HISTORY);
      Future<Map<Long, JsonObject>> posts = content.postsForReview(pool, postIds);
      return Future.all(openFlags, liveClaims, onTargets, posts).compose(all -> {
        Set<Long> authorIds = new LinkedHashSet<>();
        openFlags.result().forEach(f -> {
          if (f.targetAuthorId() != null) {
            authorIds.add(f.targetAuthorId());
          }
        });
        return authorHistories(pool, new ArrayList<>(authorIds)).map(known -> permissions.canModerate(caller) ? known
            : inTheirSpaces(caller, known)).map(histories -> {
          List<QueueItem> items = new ArrayList<>();
          for (FlagRepository.OpenTarget t : targets) {
            List<Flag> fl = openFlags.result().stream()
                .filter(f -> f.targetType().equals(t.targetType()) && f.targetId() == t.targetId()).toList();
            Long authorId = fl.stream().map(Flag::targetAuthorId).filter(Objects::nonNull).findFirst().orElse(null);
            Claim claim = liveClaims.result().stream()
                .filter(c -> c.targetType().equals(t.targetType()) && c.targetId() == t.targetId()).findFirst()
                .map(Claim::of).orElse(null);
            List<ModerationLog.Entry> prev = onTargets.result().stream()
                .filter(e -> e.targetType().equals(t.targetType()) && e.targetId() == t.targetId()).toList();
            JsonObject body = t.targetType().equals("post") ? posts.result().get(t.targetId()) : null;
            items.add(new QueueItem(t.targetType(), t.targetId(), t.firstFlaggedAt(), fl, body,
                authorId == null ? null : histories.get(authorId), prev, claim));
          }
          FlagRepository.OpenTarget last = targets.get(targets.size() - 1);
          return new Page<>(items, more ? Cursor.encode("queue", Cursor.micros(last.firstFlaggedAt()), last.targetType(),
              last.targetId()) : null);
        });
      });
    });
  }

  /** Whether the caller moderates the whole site (not only the spaces they facilitate). */
  public boolean isModerator(Caller caller) {
    return permissions.canModerate(caller);
  }

  /** Whether the caller may moderate in the space now: the moves the queue offers them. */
  public boolean mayModerateIn(Caller caller, long spaceId) {
    return permissions.canModerateIn(caller, spaceId, clock.instant());
  }

  /** Whether the caller works the queue at all: a moderator, or a facilitator whose term runs (their spaces' items). */
  public boolean mayWorkQueue(Caller caller) {
    return permissions.canSeeQueue(caller, clock.instant());
  }

    /**
   * What a facilitator reads of the authors' histories: the entries about them taken in the spaces
   * they facilitate, not the site's moderation of their accounts (warnings, suspensions) or of
   * other spaces.
   */
  private Map<Long, AuthorHistory> inTheirSpaces(Caller caller, Map<Long, AuthorHistory> histories) {
    Map<Long, AuthorHistory> out = new HashMap<>();
    histories.forEach((id, h) -> out.put(id, new AuthorHistory(h.id(), h.username(), h.displayName(), h.trustLevel(),
        h.postCount(), h.flagsUpheld(), h.previousActions().stream()
            .filter(e -> e.spaceId() != null && permissions.canModerateIn(caller, e.spaceId(), clock.instant())).toList())));
    return out;
  }

  /** Each author's post count, flags upheld against them and the latest actions concerning them. */
  public Future<Map<Long, AuthorHistory>> authorHistories(SqlClient pool, List<Long> authorIds) {
    if (authorIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Long[] ids = authorIds.toArray(Long[]::new);
    Future<Map<Long, Long>> postCounts = content.postCounts(pool, authorIds);
    Future<Map<Long, Integer>> upheld = flags.upheldAgainst(pool, ids);
    Future<List<ModerationLog.Entry>> about = auditLog.latestAbout(pool, ids, HISTORY);
    Future<Map<Long, User>> people = usersById(pool, authorIds);
    return Future.all(postCounts, upheld, about, people).map(all -> {
      Map<Long, AuthorHistory> out = new HashMap<>();
      for (Long id : authorIds) {
        User u = people.result().get(id);
        if (u == null) {
          continue;
        }
        out.put(id, new AuthorHistory(id, u.username(), u.displayName(), u.trustLevel(),
            postCounts.result().getOrDefault(id, 0L), upheld.result().getOrDefault(id, 0),
            about.result().stream().filter(e -> id.equals(e.subjectUserId())).toList()));
      }
      return out;
    });
  }

  /**
   * A moderator takes a queue item for {@code claimMinutes} so no one else works it meanwhile;
   * taking it again renews the claim. 409 while another moderator holds it; 404 when the target
   * has no open flags.
   */
  public Future<Claim> claim(Caller caller, String targetType, long targetId) {
    return targetSpace(caller, targetType, targetId).compose(space -> flags.openCount(db.pool(), targetType, targetId).compose(open -> {
      if (open == 0) {
        return Future.failedFuture(ApiException.notFound("queue item"));
      }
      return claims.claim(db.pool(), targetType, targetId, caller.id(), config.claimMinutes()).compose(c -> c.isPresent()
          ? Future.succeededFuture(Claim.of(c.get()))
          : claims.heldByOther(db.pool(), targetType, targetId, caller.id()).compose(other -> Future.failedFuture(
              ApiException.conflict(other.map(o -> "@" + o.moderatorUsername() + " is working on this item until "
                  + Times.iso(o.expiresAt()) + ".").orElse("Another moderator is working on this item.")))));
    }));
  }

  /** Gives up the caller's claim on a queue item (nothing happens when they held none). */
  public Future<Void> release(Caller caller, String targetType, long targetId) {
    return targetSpace(caller, targetType, targetId)
        .compose(space -> claims.release(db.pool(), targetType, targetId, caller.id())).mapEmpty();
  }

  // Actions

  /**
   * Applies a moderator's (or a facilitator's, in their spaces) action and logs it with its scope,
   * in one transaction; returns the log entry.
   */
  public Future<ModerationLog.Entry> act(Caller caller, ActionRequest req) {
    if (!permissions.canModerate(caller) && !permissions.facilitatesAny(caller, clock.instant())) {
      return Future.failedFuture(forbidden());
    }
    if (!req.action().targetType().equals(req.targetType())) {
      return Future.failedFuture(ApiException.invalid("targetType",
          "must be " + req.action().targetType() + " for " + req.action().wire()));
    }
    return targetSpace(caller, req.targetType(), req.targetId())
        .compose(space -> claims.heldByOther(db.pool(), req.targetType(), req.targetId(), caller.id()).compose(claimed -> {
      if (claimed.isPresent()) {
        return Future.failedFuture(ApiException.conflict("@" + claimed.get().moderatorUsername()
            + " is working on this item until " + Times.iso(claimed.get().expiresAt()) + "."));
      }
      return switch (req.targetType()) {
        case "post" -> actOnPost(caller, req, space.orElseThrow());
        case "thread" -> actOnThread(caller, req);
        default -> actOnUser(caller, req);
      };
    }));
  }

  /**
   * Who may act on the target, and the space it is in (its scope; empty for a member): moderators
   * anywhere; a facilitator on posts and threads of a space whose term they hold (403 elsewhere, on
   * members and once the term ended); 404 for a post or thread that does not exist.
   */
  private Future<Optional<Long>> targetSpace(Caller caller, String targetType, long targetId) {
    boolean staff = permissions.canModerate(caller);
    if (!staff && !permissions.facilitatesAny(caller, clock.instant())) {
      return Future.failedFuture(forbidden());
    }
    if (!targetType.equals("post") && !targetType.equals("thread")) {
      return staff ? Future.succeededFuture(Optional.empty())
          : Future.failedFuture(ApiException.forbidden("Only moderators can act on members."));
    }
    return content.spaceOf(db.pool(), targetType, targetId).compose(space -> {
      if (space.isEmpty()) {
        return Future.failedFuture(ApiException.notFound(targetType));
      }
      return permissions.canModerateIn(caller, space.get(), clock.instant()) ? Future.succeededFuture(space)
          : Future.failedFuture(ApiException.forbidden("You facilitate other spaces; this one is not yours to moderate."));
    });
  }

  private Future<ModerationLog.Entry> actOnPost(Caller caller, ActionRequest req, long spaceId) {
    long id = req.targetId();
    return content.post(db.pool(), id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("post"));
      }
      Future<ModerationLog.Entry> done = db.tx(tx -> lockTarget(tx, "post", id)
          .compose(v -> content.post(tx, id))
          .compose(again -> {
            ModeratedContent.PostRef post = again.orElseThrow(() -> ApiException.notFound("post"));
            ModerationLog.Record base = ModerationLog.Record.of(caller.user(), req.action().wire(), "post", id,
                post.authorId(), req.reason()).in(spaceId);
            Future<ModerationLog.Entry> entry = switch (req.action()) {
              case HIDE -> hide(tx, caller, post, base);
              case UNHIDE -> unhide(tx, post, base);
              default -> dismissFlags(tx, caller, post, base);
            };
            return entry.compose(e -> claims.release(tx, "post", id, null).map(e));
          }));
      return done.onSuccess(e -> {
        if (req.action() == ModerationAction.HIDE) {
          recomputeLater(found.get().authorId());
        }
      });
    });
  }

  private Future<ModerationLog.Entry> hide(SqlConnection tx, Caller caller, ModeratedContent.PostRef post,
      ModerationLog.Record base) {
    if (post.deleted()) {
      return Future.failedFuture(ApiException.conflict("This post is deleted."));
    }
    return flags.openCount(tx, "post", post.id()).compose(open -> {
      if (post.hidden() && open == 0) {
        return Future.failedFuture(ApiException.conflict("This post is already hidden."));
      }
      Future<Boolean> change = post.hidden() ? Future.succeededFuture(false) : content.setPostHidden(tx, post.id(), true);
      return change
          .compose(threadToo -> threadAccessChanged(tx, post.threadId(), threadToo))
          .compose(v -> flags.close(tx, "post", post.id(), "resolved", caller.id()))
          .compose(resolved -> resolved == 0 ? Future.succeededFuture(resolved)
              : reputation.earn(tx, post.authorId(), ReputationKind.FLAG_UPHELD, "post:" + post.id()).map(resolved))
          .compose(resolved -> auditLog.record(tx, base.with(new JsonObject().put("flagsResolved", resolved)).tellingSubject()))
          .compose(e -> post.hidden() ? Future.succeededFuture(e) : postHiddenEvent(tx, post, true).map(e));
    });
  }

  private Future<ModerationLog.Entry> unhide(SqlConnection tx, ModeratedContent.PostRef post, ModerationLog.Record base) {
    if (!post.hidden()) {
      return Future.failedFuture(ApiException.conflict("This post is not hidden."));
    }
    return content.setPostHidden(tx, post.id(), false)
        .compose(threadToo -> threadAccessChanged(tx, post.threadId(), threadToo))
        .compose(v -> auditLog.record(tx, base.tellingSubject()))
        .compose(e -> postHiddenEvent(tx, post, false).map(e));
  }

  /**
   * The flags were wrong: they are rejected, and a post the system hid because of them (or held
   * for pre-moderation) is shown again. A post a moderator hid stays hidden.
   */
  private Future<ModerationLog.Entry> dismissFlags(SqlConnection tx, Caller caller, ModeratedContent.PostRef post,
      ModerationLog.Record base) {
    return flags.close(tx, "post", post.id(), "rejected", caller.id()).compose(rejected -> {
      if (rejected == 0) {
        return Future.failedFuture(ApiException.conflict("This post has no open flags."));
      }
      Future<String> lastHide = post.hidden() ? auditLog.lastVisibilityAction(tx, "post", post.id()) : Future.succeededFuture(null);
      return lastHide.compose(last -> {
        boolean restore = "auto_hide".equals(last) || "hold".equals(last);
        Future<Boolean> change = restore ? content.setPostHidden(tx, post.id(), false) : Future.succeededFuture(false);
        return change
            .compose(threadToo -> threadAccessChanged(tx, post.threadId(), threadToo))
            .compose(v -> auditLog.record(tx, base.with(new JsonObject().put("flagsRejected", rejected).put("restored", restore))))
            .compose(e -> restore ? postHiddenEvent(tx, post, false).map(e) : Future.succeededFuture(e));
      });
    });
  }

  private Future<ModerationLog.Entry> actOnThread(Caller caller, ActionRequest req) {
    long id = req.targetId();
    return content.thread(db.pool(), id).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("thread"));
      }
      Future<Optional<ModeratedContent.SpaceRef>> destination = req.action() == ModerationAction.MOVE
          ? content.space(db.pool(), req.toSpace()).compose(s -> s.isEmpty()
              ? Future.failedFuture(ApiException.invalid("toSpace", "is not a space"))
              // A facilitator moves threads between their own spaces only.
              : permissions.canModerateIn(caller, s.get().id(), clock.instant()) ? Future.succeededFuture(s)
              : Future.failedFuture(ApiException.forbidden("You can move a thread only into a space you facilitate.")))
          : Future.succeededFuture(Optional.empty());
      return destination.compose(to -> db.tx(tx -> lockTarget(tx, "thread", id)
          .compose(v -> content.thread(tx, id))
          .compose(again -> {
            ModeratedContent.ThreadRef t = again.orElseThrow(() -> ApiException.notFound("thread"));
            ModerationLog.Record base = ModerationLog.Record.of(caller.user(), req.action().wire(), "thread", id, t.authorId(),
                req.reason()).in(t.spaceId());
            return switch (req.action()) {
              case LOCK, UNLOCK -> setLocked(tx, t, req.action() == ModerationAction.LOCK, base);
              case PIN, UNPIN -> setPinned(tx, t, req.action() == ModerationAction.PIN, base);
              default -> move(tx, t, to.orElseThrow(), base);
            };
          })));
    });
  }

  private Future<ModerationLog.Entry> setLocked(SqlConnection tx, ModeratedContent.ThreadRef t, boolean locked,
      ModerationLog.Record base) {
    if (t.locked() == locked) {
      return Future.failedFuture(ApiException.conflict(locked ? "This thread is already locked." : "This thread is not locked."));
    }
    return content.setThreadLocked(tx, t.id(), locked)
        .compose(v -> auditLog.record(tx, base.tellingSubject()))
        .compose(e -> events.append(tx, "thread:" + t.id(), "thread.locked",
            new JsonObject().put("threadId", t.id()).put("locked", locked)).map(e));
  }

  private Future<ModerationLog.Entry> setPinned(SqlConnection tx, ModeratedContent.ThreadRef t, boolean pinned,
      ModerationLog.Record base) {
    if (t.pinned() == pinned) {
      return Future.failedFuture(ApiException.conflict(pinned ? "This thread is already pinned." : "This thread is not pinned."));
    }
    // No live topic carries a pin; the render change tells every node's page cache the thread's badge changed.
    return content.setThreadPinned(tx, t.id(), pinned).compose(v -> auditLog.record(tx, base))
        .compose(e -> events.appendAll(tx, List.of(RenderChange.thread(t.id()))).map(e));
  }

  private Future<ModerationLog.Entry> move(SqlConnection tx, ModeratedContent.ThreadRef t, ModeratedContent.SpaceRef to,
      ModerationLog.Record base) {
    if (t.spaceId() == to.id()) {
      return Future.failedFuture(ApiException.conflict("The thread is already in that space."));
    }
    JsonObject data = new JsonObject().put("threadId", t.id()).put("fromSpace", t.spaceSlug()).put("toSpace", to.slug());
    // The thread's followers who may still read it may read both spaces. A space's followers are
    // told the other space only when every one of them may read it: a public space's followers
    // never learn the name of the group space a thread went to.
    return content.moveThread(tx, t.id(), to.id())
        .compose(v -> threadAccessChanged(tx, t.id(), true))
        .compose(v -> auditLog.record(tx, base.with(new JsonObject().put("fromSpace", t.spaceSlug()).put("toSpace", to.slug()))
            .tellingSubject()))
        .compose(e -> content.readerOverlap(tx, t.spaceId(), to.id()).compose(overlap -> {
          JsonObject toFrom = data.copy();
          if (!overlap.aWithinB()) {
            toFrom.remove("toSpace");
          }
          JsonObject toTo = data.copy();
          if (!overlap.bWithinA()) {
            toTo.remove("fromSpace");
          }
          return events.appendAll(tx, List.of(new EventLog.Pending("thread:" + t.id(), "thread.moved", data),
              new EventLog.Pending("space:" + t.spaceSlug(), "thread.moved", toFrom),
              new EventLog.Pending("space:" + to.slug(), "thread.moved", toTo)));
        }).map(e));
  }

  private Future<ModerationLog.Entry> actOnUser(Caller caller, ActionRequest req) {
    return users.byId(db.pool(), req.targetId()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("user"));
      }
      User target = found.get();
      if (target.id() == caller.id()) {
        return Future.failedFuture(ApiException.conflict("You cannot warn yourself."));
      }
      if (!permissions.canActOnMember(caller, target)) {
        return Future.failedFuture(ApiException.forbidden("Only an admin can warn a moderator or admin."));
      }
      return db.tx(tx -> auditLog.record(tx,
          ModerationLog.Record.of(caller.user(), "warn", "user", target.id(), target.id(), req.reason()).tellingSubject()));
    });
  }

  // Reading the log and notices

  /** The audit log, newest first; optionally one target's entries only. */
  public Future<Page<ModerationLog.Entry>> log(Caller caller, String cursor, int limit, String targetType, Long targetId) {
    if (!mayModerate(caller)) {
      return Future.failedFuture(forbidden());
    }
    Long before = cursor == null ? null : Cursor.decode(cursor, "log", 1).longAt(0);
    return auditLog.page(db.pool(), before, limit + 1, targetType, targetId).map(rows -> {
      boolean more = rows.size() > limit;
      List<ModerationLog.Entry> items = more ? rows.subList(0, limit) : rows;
      return new Page<>(items, more ? Cursor.encode("log", items.get(items.size() - 1).id()) : null);
    });
  }

  /** What the caller has been told about moderation of their content or account, newest first. */
  public Future<Page<ModerationNotice>> notices(Caller caller, String cursor, int limit, String onlyAction) {
    if (!caller.signedIn()) {
      return Future.failedFuture(ApiException.unauthorized("Sign in first."));
    }
    Long before = cursor == null ? null : Cursor.decode(cursor, "notices", 1).longAt(0);
    return auditLog.noticesOf(db.pool(), caller.id(), before, limit + 1, onlyAction).map(rows -> {
      boolean more = rows.size() > limit;
      List<ModerationNotice> items = more ? rows.subList(0, limit) : rows;
      return new Page<>(items, more ? Cursor.encode("notices", items.get(items.size() - 1).id()) : null);
    });
  }

  /**
   * Why each of the caller's own hidden posts among {@code postIds} is hidden: the latest hide,
   * auto-hide or hold notice they were given about it, by post id.
   */
  public Future<Map<Long, ModerationNotice>> hiddenReasons(Caller caller, List<Long> postIds) {
    if (!caller.signedIn() || postIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return auditLog.latestNoticesOn(db.pool(), caller.id(), "post", postIds.toArray(Long[]::new),
        new String[] {"hide", "auto_hide", "hold"}).map(list -> {
          Map<Long, ModerationNotice> out = new HashMap<>();
          list.forEach(n -> out.put(n.targetId(), n));
          return out;
        });
  }

  /** Whether moderation has told the caller anything; pages link the notices only then. */
  public Future<Boolean> hasNotices(Caller caller) {
    return caller.signedIn() ? auditLog.hasNotices(db.pool(), caller.id()) : Future.succeededFuture(false);
  }

  /** Members by id, for moderators reading the log (a warned or suspended member is named, not numbered). */
  public Future<Map<Long, User>> members(Caller caller, List<Long> ids) {
    if (!mayModerate(caller)) {
      return Future.failedFuture(forbidden());
    }
    return ids.isEmpty() ? Future.succeededFuture(Map.of()) : usersById(db.pool(), ids);
  }

  // Helpers

  /** Serializes moderation of one target (flags, actions) so counts and state checks cannot race. */
  private static Future<Void> lockTarget(SqlConnection tx, String targetType, long targetId) {
    return tx.preparedQuery("select pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of("moderation:" + targetType + ":" + targetId))
        .mapEmpty();
  }

  private Future<Long> postHiddenEvent(SqlConnection tx, ModeratedContent.PostRef post, boolean hidden) {
    return events.append(tx, "thread:" + post.threadId(), "post.hidden",
        new JsonObject().put("id", post.id()).put("threadId", post.threadId()).put("hidden", hidden));
  }

  /**
   * Tells every node's live hubs that who may read the thread changed (moved, or hidden or shown
   * with its opening post), so they decide its followers again before they fan out what follows.
   * Appended right after the change, before the log's notice and the action's own events: it must
   * come first among them. That takes the event-order lock a few statements earlier than the usual
   * last step, which a moderator's action (rare) can afford.
   */
  private Future<Void> threadAccessChanged(SqlConnection tx, long threadId, boolean changed) {
    return changed ? events.appendAll(tx, List.of(AccessChange.thread(threadId))).mapEmpty() : Future.succeededFuture();
  }

  private Future<Map<Long, User>> usersById(SqlClient pool, List<Long> ids) {
    return users.byIds(pool, ids).map(list -> {
      Map<Long, User> out = new HashMap<>();
      list.forEach(u -> out.put(u.id(), u));
      return out;
    });
  }

  private void recomputeLater(long userId) {
    trust.recompute(userId).onFailure(e -> log.warn("trust level of user {} not recomputed: {}", userId, e.toString()));
  }

  private boolean mayModerate(Caller caller) {
    return permissions.canModerate(caller);
  }

  private static ApiException forbidden() {
    return ApiException.forbidden("Only moderators can do that.");
  }
}
