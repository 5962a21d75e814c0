package dev.cocreate.admin;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.Caller;
import dev.cocreate.platform.config.ModerationConfig;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.http.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The site settings as this node sees them. Reads are from memory ({@link #current()}, for
 * templates and rate limits on the event loop); every node reads the row again each
 * {@link #REFRESH_MS} and takes it when its version moved, so a change made on one node is in force
 * on all of them within about a second, without a restart. The node that makes a change takes it
 * at once.
 */
public final class SiteSettingsService {
  private static final Logger log = LoggerFactory.getLogger(SiteSettingsService.class);
  /** How stale a node's settings can be at most (plus one query's time). */
  public static final long REFRESH_MS = 1000;

  private static final String SELECT = "select data, version, updated_at from site_settings where id = 1";

  private final Database db;
  private final ModerationConfig base;
  private final Permissions permissions;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile SiteSettings current;

  /**
   * @param base the configured moderation settings, which trust-level overrides apply to
   */
  public SiteSettingsService(Database db, ModerationConfig base, Permissions permissions) {
    this.db = db;
    this.permissions = permissions;
    this.base = base;
    this.current = SiteSettings.defaults(base);
  }

  public SiteSettings current() {
    return current;
  }

  /** Reads the row; takes it when it is newer than what this node has. */
  public Future<SiteSettings> refresh() {
    return db.pool().query(SELECT).execute().map(rows -> {
      if (rows.size() == 0) {
        return current;
      }
      return take(rows.iterator().next());
    });
  }

  /** Starts refreshing on this node; returns the timer id. */
  public long schedule(Vertx vertx) {
    return vertx.setPeriodic(REFRESH_MS, id -> {
      if (!refreshing.compareAndSet(false, true)) {
        return;
      }
      refresh().onComplete(ar -> {
        refreshing.set(false);
        if (ar.failed()) {
          log.debug("site settings refresh failed: {}", ar.cause().toString());
        }
      });
    });
  }

  /** Applies a change (any subset of the fields) for an admin; answers the new settings. */
  public Future<SiteSettings> update(Caller caller, SettingsChange change) {
    if (!permissions.canAdministerSite(caller)) {
      return Future.failedFuture(ApiException.forbidden("Only an admin can change the site settings."));
    }
    JsonObject valid = change.values();
    return db.pool().preparedQuery("""
            update site_settings set data = data || $1, version = version + 1, updated_at = now(), updated_by = $2
            where id = 1 returning data, version, updated_at""")
        .execute(Tuple.of(valid, caller.id()))
        .map(rows -> {
          SiteSettings s = take(rows.iterator().next());
          log.info("Site settings changed by user {} (version {}): {}", caller.id(), s.version(), valid.fieldNames());
          return s;
        });
  }

  private synchronized SiteSettings take(Row row) {
    long version = row.getLong("version");
    if (version > current.version()) {
      Object data = row.getValue("data");
      JsonObject stored = data instanceof JsonObject o ? o : new JsonObject(String.valueOf(data));
      try {
        current = SiteSettings.of(stored, version, row.getOffsetDateTime("updated_at"), base);
      } catch (RuntimeException e) {
        // Only validated values are stored; a hand edit gone wrong must not take the site down.
        log.warn("Site settings version {} cannot be read ({}); keeping version {}", version, e.toString(), current.version());
      }
    }
    return current;
  }
}
