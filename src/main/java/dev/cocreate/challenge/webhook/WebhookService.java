package dev.cocreate.challenge.webhook;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgRepository;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.paging.Cursor;
import dev.cocreate.platform.paging.Page;
import io.vertx.core.Future;
import java.net.URI;
import java.util.List;

/** An org's webhooks: only its owners register, list, inspect and delete them. */
public final class WebhookService {
  private final Database db;
  private final OrgRepository orgs;
  private final Permissions permissions;
  private final WebhookRepository repo;
  private final WebhookAddressPolicy policy;

  public WebhookService(Database db, OrgRepository orgs, Permissions permissions, WebhookRepository repo,
      WebhookAddressPolicy policy) {
    this.db = db;
    this.orgs = orgs;
    this.permissions = permissions;
    this.repo = repo;
    this.policy = policy;
  }

  public record Registration(String url, List<String> events, String secret) {}

  public Future<Webhook> register(Caller caller, String orgSlug, Registration r) {
    URI uri;
    try {
      uri = WebhookAddressPolicy.parse(r.url());
    } catch (WebhookAddressPolicy.Refused e) {
      return Future.failedFuture(ApiException.invalid("url", e.getMessage()));
    }
    return requireOwner(caller, orgSlug).compose(org -> policy.resolve(uri)
        .recover(e -> Future.failedFuture(e instanceof WebhookAddressPolicy.Refused
            ? ApiException.invalid("url", e.getMessage()) : e))
        .compose(address -> repo.insert(db.pool(), org.id(), r.url(), r.events(), r.secret(), caller.id())));
  }

  public Future<List<Webhook>> list(Caller caller, String orgSlug) {
    return requireOwner(caller, orgSlug).compose(org -> repo.ofOrg(db.pool(), org.id()));
  }

  public Future<Void> delete(Caller caller, String orgSlug, long webhookId) {
    return requireOwner(caller, orgSlug).compose(org -> repo.delete(db.pool(), org.id(), webhookId))
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("webhook")));
  }

  /** The delivery log of one webhook, newest first. */
  public Future<Page<Delivery>> deliveries(Caller caller, String orgSlug, long webhookId, String cursor, int limit) {
    Cursor key = Cursor.decodeOrFirst(cursor, "deliveries", 1);
    long before = key == null ? Long.MAX_VALUE : key.longAt(0);
    return requireOwner(caller, orgSlug)
        .compose(org -> repo.byId(db.pool(), org.id(), webhookId))
        .compose(hook -> hook.isPresent() ? repo.deliveries(db.pool(), webhookId, before, limit + 1)
            : Future.failedFuture(ApiException.notFound("webhook")))
        .map(rows -> Page.of(rows, limit, d -> Cursor.encode("deliveries", d.id())));
  }

  private Future<OrgRepository.Org> requireOwner(Caller caller, String orgSlug) {
    return orgs.bySlug(db.pool(), orgSlug)
        .map(o -> o.orElseThrow(() -> ApiException.notFound("org")))
        .compose(org -> orgs.roleOf(db.pool(), org.id(), caller.id()).compose(role ->
            permissions.canManageWebhooks(caller, role.orElse(null))
            ? Future.succeededFuture(org)
            : Future.failedFuture(ApiException.forbidden("Only an owner of this org can manage its webhooks."))));
  }
}
