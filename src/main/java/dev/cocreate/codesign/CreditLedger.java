package dev.cocreate.codesign;

import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.challenge.CsvExport;
import dev.cocreate.forum.ForumService;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import dev.cocreate.reputation.ReputationLedger;
import io.vertx.core.Future;
import java.util.List;

/**
 * An idea's credit ledger: read by whoever reads the idea, exported as CSV, and the authors' marking
 * of replies as incorporated (co-authorship and accepted amendments are credited by
 * {@link CodesignService} in the transactions that make them). One entry per contribution: the
 * ledger's unique key, not a check before the insert, keeps repeated or concurrent marks to one;
 * the entry that is added earns the reply's author reputation in the same transaction.
 */
public final class CreditLedger {
  private final Database db;
  private final CodesignRepository repo = new CodesignRepository();
  private final CodesignService codesign;
  private final ForumService forum;
  /** An incorporated reply earns its author reputation, in the marking's transaction. */
  private final ReputationLedger reputation = new ReputationLedger();

  public CreditLedger(Database db, CodesignService codesign, ForumService forum) {
    this.db = db;
    this.codesign = codesign;
    this.forum = forum;
  }

  /** A credit entry and whether this call added it (201) or found it there (200). */
  public record Credited(Credit credit, boolean added) {}

  public Future<List<Credit>> credits(Caller caller, long ideaId) {
    return codesign.involved(caller, ideaId).compose(inv -> repo.credits(db.pool(), ideaId));
  }

  Future<List<Credit>> creditsOf(CodesignService.Involved inv) {
    return repo.credits(db.pool(), inv.idea().id());
  }

  /** Replies an author may mark incorporated; none for anyone else. */
  Future<List<CodesignRepository.Candidate>> candidates(CodesignService.Involved inv) {
    return inv.author() ? repo.candidates(db.pool(), inv.idea().id(), 50) : Future.succeededFuture(List.of());
  }

  // Credits

  /** An author marks a reply of the idea's discussion as incorporated: its author is credited, once. */
  public Future<Credited> incorporated(Caller caller, long postId) {
    return incorporated(caller, postId, null);
  }

  /** {@link #incorporated(Caller, long)} from an idea's page: the reply must be of that idea's discussion. */
  public Future<Credited> incorporated(Caller caller, long postId, Long onIdea) {
    return AccountRules.mayWrite(caller).compose(v -> forum.post(caller, postId))
        .compose(post -> repo.discussionPost(db.pool(), postId))
        .map(found -> found.orElseThrow(() -> ApiException.notFound("post")))
        .compose(p -> {
          if (p.ideaId() == null) {
            return Future.failedFuture(ApiException.conflict("Only replies in an idea's discussion can be incorporated."));
          }
          if (onIdea != null && !onIdea.equals(p.ideaId())) {
            return Future.failedFuture(ApiException.invalid("postId", "must be a reply of this idea's discussion"));
          }
          long ideaId = p.ideaId();
          return codesign.authorOf(caller, ideaId).compose(inv -> repo.coauthor(db.pool(), ideaId, p.authorId()).compose(c -> {
            if (p.authorId() == inv.idea().authorId() || c.map(Coauthor::accepted).orElse(false)) {
              return Future.failedFuture(ApiException.conflict("An author's own reply is theirs already."));
            }
            return db.tx(tx -> repo.credit(tx, ideaId, p.authorId(), "reply", postId, caller.id())
                .compose(added -> added ? reputation.replyIncorporated(tx, ideaId, postId).map(added) : Future.succeededFuture(added))
                .compose(added -> repo.creditFor(tx, ideaId, "reply", postId)
                    .map(cr -> new Credited(cr.orElseThrow(), added))));
          }));
        });
  }

  /** The ledger as CSV, for anyone who reads the idea. */
  public Future<String> creditsCsv(Caller caller, long ideaId) {
    return credits(caller, ideaId).map(list -> {
      CsvExport csv = new CsvExport().row(List.of("kind", "username", "displayName", "sourceId", "url", "createdAt"));
      for (Credit c : list) {
        csv.row(List.of(c.kind(), c.username() == null ? "" : c.username(), c.displayName() == null ? "" : c.displayName(),
            c.sourceId(), c.url(), Times.iso(c.createdAt())));
      }
      return csv.toString();
    });
  }
}
