package dev.cocreate.codesign;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.account.UserRepository;
import dev.cocreate.challenge.Idea;
import dev.cocreate.challenge.IdeaService;
import dev.cocreate.challenge.IdeaStatus;
import dev.cocreate.content.Space;
import dev.cocreate.forum.ForumService;
import dev.cocreate.notify.Notifier;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.RateLimiter;
import dev.cocreate.platform.json.Times;
import dev.cocreate.upload.UploadPaths;
import dev.cocreate.upload.UploadService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Co-design of an idea: its authors (who submitted it and the co-authors who accepted) publish
 * iterations; any reader proposes amendments, which an author accepts (a new iteration crediting its
 * proposer) or declines with a reason; co-authorship, accepted amendments and replies the authors
 * mark incorporated each add one entry to the idea's credit ledger ({@link CreditLedger}). Every read goes through
 * {@link IdeaService#get}, so an idea withheld from the caller is as absent here as its text is there.
 */
public final class CodesignService {
  /** Whether the caller is one of the idea's authors, with the idea as they read it. */
  public record Involved(Idea idea, boolean ideaAuthor, String coauthorStatus) {
    public boolean author() {
      return ideaAuthor || "accepted".equals(coauthorStatus);
    }

    public boolean invited() {
      return "invited".equals(coauthorStatus);
    }
  }

  /** An idea's iterations, oldest first, and whether the caller supports it and has not seen its latest change. */
  public record Iterations(List<Iteration> items, boolean changedSinceSupported) {
    public Iteration latest() {
      return items.get(items.size() - 1);
    }

    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      items.forEach(i -> list.add(i.toJson()));
      return new JsonObject().put("items", list).put("changedSinceSupported", changedSinceSupported);
    }
  }

  /** What changed from iteration {@code from} to iteration {@code to}. */
  public record Diff(Iteration from, Iteration to, List<TextDiff.Segment> segments) {
    public String html() {
      return TextDiff.html(segments);
    }

    public JsonObject toJson() {
      JsonArray changes = new JsonArray();
      segments.forEach(s -> changes.add(new JsonObject().put("op", s.op().name().toLowerCase()).put("text", s.text())));
      return new JsonObject().put("from", from.n()).put("to", to.n()).put("changes", changes).put("html", html());
    }
  }

  /** An amendment accepted, and the iteration it became. */
  public record Accepted(Amendment amendment, Iteration iteration) {
    public JsonObject toJson() {
      return new JsonObject().put("amendment", amendment.toJson()).put("iteration", iteration.toJson());
    }
  }

  private final Database db;
  private final CodesignRepository repo = new CodesignRepository();
  private final IdeaService ideas;
  private final ForumService forum;
  private final UserRepository users;
  private final Permissions permissions;
  private final EventLog events;
  private final Notifier notifier;
  private final UploadService uploads;
  private final RateLimiter limiter;

  /** The live event of a new iteration, on the idea's challenge's topic and on the idea's own. */
  public static final String IDEA_ITERATED = "idea.iterated";

  /** Amendments per member: each opens a thread, so they are limited as ideas are. */
  static final RateLimiter.Limit AMENDMENTS = new RateLimiter.Limit("amendment", 10, Duration.ofMinutes(10));

  public CodesignService(Database db, IdeaService ideas, ForumService forum, UserRepository users, Permissions permissions,
      EventLog events, Notifier notifier, UploadService uploads, RateLimiter limiter) {
    this.db = db;
    this.ideas = ideas;
    this.forum = forum;
    this.users = users;
    this.permissions = permissions;
    this.events = events;
    this.notifier = notifier;
    this.uploads = uploads;
    this.limiter = limiter;
  }

  // Reads

  /** The idea as the caller reads it, and their part in it; 404 when its text is withheld from them. */
  public Future<Involved> involved(Caller caller, long ideaId) {
    return ideas.get(caller, ideaId).compose(idea -> {
      if (idea.withheld()) {
        return Future.failedFuture(ApiException.notFound("idea"));
      }
      if (!caller.signedIn()) {
        return Future.succeededFuture(new Involved(idea, false, null));
      }
      return repo.authorship(db.pool(), ideaId, caller.id()).map(a -> new Involved(idea,
          a.map(x -> x.authorId() == caller.id()).orElse(false), a.map(CodesignRepository.Authorship::coauthorStatus).orElse(null)));
    });
  }

  public Future<Iterations> iterations(Caller caller, long ideaId) {
    return involved(caller, ideaId).compose(inv -> repo.iterations(db.pool(), ideaId).compose(stored -> {
      // Until a second version is published, the idea's own text is its only iteration.
      List<Iteration> items = stored.isEmpty() ? List.of(original(inv.idea())) : stored;
      Future<Boolean> changed = caller.signedIn() ? repo.changedSinceSupported(db.pool(), ideaId, caller.id())
          : Future.succeededFuture(false);
      return changed.map(c -> new Iterations(items, c));
    }));
  }

  private static Iteration original(Idea idea) {
    return new Iteration(idea.id(), 1, "", idea.body(), idea.html(), new JsonArray(), idea.authorId(), idea.authorUsername(),
        idea.authorDisplayName(), null, idea.createdAt());
  }

  /** The diff between any two iterations; 404 for a number the idea does not have. */
  public Future<Diff> diff(Caller caller, long ideaId, int from, int to) {
    return iterations(caller, ideaId).map(its -> {
      Iteration a = numbered(its.items(), from);
      Iteration b = numbered(its.items(), to);
      return new Diff(a, b, TextDiff.between(a.body(), b.body()));
    });
  }

  static Iteration numbered(List<Iteration> items, int n) {
    return items.stream().filter(i -> i.n() == n).findFirst().orElseThrow(() -> ApiException.notFound("iteration"));
  }

  /** The caller has looked at the idea's page: "changed since you supported" is over until the next iteration. */
  public Future<Void> viewed(Caller caller, long ideaId) {
    return caller.signedIn() ? repo.viewed(db.pool(), ideaId, caller.id()) : Future.succeededFuture();
  }

  public Future<List<Coauthor>> coauthors(Caller caller, long ideaId) {
    return involved(caller, ideaId).compose(inv -> repo.coauthors(db.pool(), ideaId));
  }

  public Future<List<Amendment>> amendments(Caller caller, long ideaId) {
    return involved(caller, ideaId).compose(inv -> repo.amendments(db.pool(), ideaId));
  }

  /** An amendment, when the caller reads its idea. */
  public Future<Amendment> amendment(Caller caller, long amendmentId) {
    return repo.amendment(db.pool(), amendmentId)
        .map(a -> a.orElseThrow(() -> ApiException.notFound("amendment")))
        .compose(a -> involved(caller, a.ideaId()).map(a));
  }

  // Iterations

  /** A new iteration by one of the idea's authors: it becomes the idea's text; its followers hear of it. */
  public Future<Iteration> publish(Caller caller, long ideaId, NewIteration it) {
    return AccountRules.mayWrite(caller).compose(v -> authorOf(caller, ideaId)).compose(inv -> {
      if (inv.idea().status() == IdeaStatus.MERGED) {
        return Future.failedFuture(ApiException.conflict("This idea was merged into another; iterate on that one."));
      }
      return uploads.ownedFiles(caller.id(), it.attachments()).compose(owned -> {
        if (owned.isEmpty()) {
          return Future.failedFuture(notYourUploads());
        }
        JsonArray attachments = new JsonArray();
        owned.get().forEach(u -> attachments.add(Attachment.of(u).toStored()));
        return forum.render(it.body()).compose(html -> db.tx(tx -> repo.lockIdea(tx, ideaId)
            .compose(x -> addIteration(tx, inv.idea(), it.summary(), it.body(), html.html(), attachments, caller.id(), null))));
      });
    });
  }

  /**
   * 422: the request is well formed, but an attachment is not a file the publishing author
   * uploaded (another member's, or none at all): an author attaches their own uploads only.
   */
  static ApiException notYourUploads() {
    return new ApiException(422, "validation", "Invalid input", "An attachment is not a file you uploaded.",
        List.of(new ApiException.FieldError("attachments", "must be addresses of images or PDFs you uploaded")), null);
  }

  /**
   * A file attached to one of the idea's iterations, for a caller who reads the idea; empty (404)
   * for anyone else, and for a file none of its iterations attaches.
   */
  public Future<Optional<UploadService.FileBytes>> attachment(Caller caller, long ideaId, UploadPaths.Name file) {
    return involved(caller, ideaId)
        .compose(inv -> repo.attaches(db.pool(), ideaId, file.path()))
        .compose(attached -> attached ? uploads.attached(file) : Future.succeededFuture(Optional.empty()));
  }

  /** Stores the next iteration (the idea locked), tells its followers and the idea's live topic; answers it. */
  private Future<Iteration> addIteration(SqlConnection tx, Idea idea, String summary, String body, String html,
      JsonArray attachments, long authorId, Long amendmentId) {
    return repo.keepOriginal(tx, idea.id())
        .compose(v -> repo.addIteration(tx, idea.id(), summary, body, html, attachments, authorId, amendmentId))
        .compose(n -> notifier.ideaIterated(tx, idea.id(), n, authorId)
            .compose(v -> repo.iterations(tx, idea.id()))
            .map(all -> numbered(all, n)))
        .compose(iteration -> iterated(tx, idea, iteration).map(iteration));
  }

  /**
   * {@code idea.iterated} on the idea's topics, last in the transaction (the event log's ordering lock
   * is then held only for the commit): on its challenge's topic, which the idea page follows and
   * which readers of the challenge follow whether or not they read this idea, so it carries no text;
   * and on the idea's own topic (its discussion thread's), which only its readers may follow.
   */
  private Future<Void> iterated(SqlConnection tx, Idea idea, Iteration iteration) {
    JsonObject data = new JsonObject().put("ideaId", idea.id()).put("challengeId", idea.challengeId())
        .put("n", iteration.n()).put("at", Times.iso(iteration.createdAt()))
        .put("url", "/i/" + idea.id() + "/iterations/" + iteration.n());
    Future<Void> onChallenge = events.append(tx, "challenge:" + idea.challengeId(), IDEA_ITERATED, data).mapEmpty();
    return idea.threadId() == null ? onChallenge
        : onChallenge.compose(v -> events.append(tx, "thread:" + idea.threadId(), IDEA_ITERATED, data)).mapEmpty();
  }

  // Co-authors

  public Future<Coauthor> invite(Caller caller, long ideaId, CoauthorInvite invite) {
    return AccountRules.mayWrite(caller).compose(v -> authorOf(caller, ideaId))
        .compose(inv -> users.byUsername(db.pool(), invite.username()).compose(found -> {
          var user = found.filter(u -> !u.isDeleted())
              .orElseThrow(() -> ApiException.invalid("username", "is not a member"));
          if (user.id() == inv.idea().authorId()) {
            return Future.failedFuture(ApiException.conflict("The idea's author is an author already."));
          }
          return db.tx(tx -> repo.invite(tx, ideaId, user.id(), caller.id()).compose(made -> {
            Coauthor c = made.orElseThrow(() -> ApiException.conflict("This member is invited or a co-author already."));
            return notifier.coauthorInvited(tx, ideaId, user.id(), caller.id()).map(c);
          }));
        }));
  }

  /** The invitee accepts (becoming an author, credited once) or declines; 409 when no invitation waits for them. */
  public Future<Coauthor> answerInvite(Caller caller, long ideaId, boolean accept) {
    return AccountRules.mayWrite(caller).compose(v -> involved(caller, ideaId)).compose(inv -> {
      if (!permissions.canAnswerCoauthorInvite(caller, inv.invited())) {
        return Future.failedFuture(ApiException.conflict("No invitation to co-author this idea waits for you."));
      }
      return db.tx(tx -> repo.answerInvite(tx, ideaId, caller.id(), accept).compose(answered -> {
        if (!answered) {
          return Future.failedFuture(ApiException.conflict("No invitation to co-author this idea waits for you."));
        }
        Future<Boolean> credited = accept ? repo.credit(tx, ideaId, caller.id(), "coauthor", caller.id(), caller.id())
            : Future.succeededFuture(false);
        return credited.compose(x -> repo.coauthor(tx, ideaId, caller.id())).map(c -> c.orElseThrow());
      }));
    });
  }

  // Amendments

  /** An amendment by a reader of the idea, with its discussion thread beside the idea's, in the same space. */
  public Future<Amendment> propose(Caller caller, long ideaId, NewAmendment a) {
    return AccountRules.mayWrite(caller).compose(v -> involved(caller, ideaId)).compose(inv -> {
      if (!permissions.canProposeAmendment(caller, !inv.idea().withheld())) {
        return Future.failedFuture(ApiException.unauthorized("Sign in to propose an amendment."));
      }
      try {
        // Spent here, after the record was read and the idea found: a malformed request spends nothing.
        limiter.check(AMENDMENTS, Long.toString(caller.id()));
      } catch (ApiException e) {
        return Future.failedFuture(e);
      }
      Idea idea = inv.idea();
      Space space = idea.reading().threadSpace();
      String slug = space != null ? space.slug() : IdeaService.DEFAULT_SPACE;
      String title = shorten("Amendment: " + idea.title(), 200);
      String opening = (a.note().isEmpty() ? "" : a.note() + "\n\n---\n\n") + a.body();
      return forum.render(opening).compose(html -> db.tx(tx -> repo.insertAmendment(tx, ideaId, caller.id(), a.body(), a.note())
          .compose(id -> forum.createThread(tx, caller,
                  new ForumService.NewThread(slug, title, opening, List.of("amendment"), null), html)
              .compose(thread -> repo.setAmendmentThread(tx, id, thread.thread().id()))
              .compose(x -> repo.amendment(tx, id)))
          .map(found -> found.orElseThrow())));
    });
  }

  private static String shorten(String s, int max) {
    return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /**
   * An author accepts an open amendment: it becomes the idea's next iteration, authored by its
   * proposer, and credits them. The amendment's row lock makes concurrent accepts take turns, so one
   * iteration and one credit entry come of it; the others get 409.
   */
  public Future<Accepted> accept(Caller caller, long amendmentId) {
    return answerable(caller, amendmentId).compose(found -> forum.render(found.amendment().body())
        .compose(html -> db.tx(tx -> repo.lockAmendment(tx, amendmentId).compose(locked -> {
          Amendment a = stillOpen(locked.orElseThrow());
          if (found.involved().idea().status() == IdeaStatus.MERGED) {
            return Future.failedFuture(ApiException.conflict("This idea was merged into another; iterate on that one."));
          }
          long proposer = a.proposerId() == null ? caller.id() : a.proposerId();
          String summary = a.note().isEmpty() ? "Amendment #" + a.id() : shorten(a.note(), NewIteration.SUMMARY_MAX);
          return repo.lockIdea(tx, a.ideaId())
              .compose(v -> addIteration(tx, found.involved().idea(), summary, a.body(), html.html(), new JsonArray(), proposer,
                  a.id()))
              .compose(iteration -> repo.answerAmendment(tx, a.id(), "accepted", null, iteration.n(), caller.id())
                  .compose(v -> a.proposerId() == null ? Future.succeededFuture(false)
                      : repo.credit(tx, a.ideaId(), a.proposerId(), "amendment", a.id(), caller.id()))
                  .compose(v -> repo.amendment(tx, a.id()))
                  .map(done -> new Accepted(done.orElseThrow(), iteration)));
        }))));
  }

  /** An author declines an open amendment with a reason, which stays with it. */
  public Future<Amendment> decline(Caller caller, long amendmentId, AmendmentDecline d) {
    return answerable(caller, amendmentId).compose(found -> db.tx(tx -> repo.lockAmendment(tx, amendmentId)
        .compose(locked -> {
          Amendment a = stillOpen(locked.orElseThrow());
          return repo.answerAmendment(tx, a.id(), "declined", d.reason(), null, caller.id())
              .compose(v -> repo.amendment(tx, a.id()))
              .map(done -> done.orElseThrow());
        })));
  }

  private record Answerable(Amendment amendment, Involved involved) {}

  private Future<Answerable> answerable(Caller caller, long amendmentId) {
    return AccountRules.mayWrite(caller).compose(v -> repo.amendment(db.pool(), amendmentId))
        .map(a -> a.orElseThrow(() -> ApiException.notFound("amendment")))
        .compose(a -> authorOf(caller, a.ideaId()).map(inv -> new Answerable(stillOpen(a), inv)));
  }

  private static Amendment stillOpen(Amendment a) {
    if (!a.open()) {
      throw ApiException.conflict("This amendment was " + a.status() + " already.");
    }
    return a;
  }

  /** The idea, when the caller is one of its authors: 401 anonymous, 404 unreadable, 403 anyone else. */
  Future<Involved> authorOf(Caller caller, long ideaId) {
    if (!caller.signedIn()) {
      return Future.failedFuture(ApiException.unauthorized("Sign in first."));
    }
    return involved(caller, ideaId).compose(inv -> permissions.canAuthorIdea(caller, inv.ideaAuthor(),
        "accepted".equals(inv.coauthorStatus())) ? Future.succeededFuture(inv)
        : Future.failedFuture(ApiException.forbidden("Only the idea's authors and accepted co-authors can do this.")));
  }

  // For a page that checked the caller's reading with involved() already.

  Future<List<Coauthor>> coauthorsOf(Involved inv) {
    return repo.coauthors(db.pool(), inv.idea().id());
  }

  Future<List<Amendment>> amendmentsOf(Involved inv) {
    return repo.amendments(db.pool(), inv.idea().id());
  }

  /** Whether the caller supports the idea and has not looked at it since its latest change. */
  Future<Boolean> changedSinceSupported(Caller caller, long ideaId) {
    return caller.signedIn() ? repo.changedSinceSupported(db.pool(), ideaId, caller.id()) : Future.succeededFuture(false);
  }

  /** Stored iterations only (none until a second version is published): the idea page's summary. */
  Future<List<Iteration>> stored(long ideaId) {
    return repo.iterations(db.pool(), ideaId);
  }

  /** Who the idea page shows as involved: the caller's co-authors list with the pending ones only for its authors. */
  static List<Coauthor> shown(List<Coauthor> all, boolean toAuthor, long callerId) {
    List<Coauthor> out = new ArrayList<>();
    for (Coauthor c : all) {
      if (c.accepted() || toAuthor || c.userId() == callerId) {
        out.add(c);
      }
    }
    return out;
  }
}
