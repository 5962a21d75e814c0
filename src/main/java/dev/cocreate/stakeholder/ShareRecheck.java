package dev.cocreate.stakeholder;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * What a change of a member's type asks of the ideas: decide again, in the change's transaction,
 * whether the org's ideas that wait only on a required share now reach their threshold. The
 * challenge feature answers it; {@code App} hands it over, so this package never imports it.
 */
public interface ShareRecheck {
  Future<Void> recheck(SqlConnection tx, long orgId, long actorId);
}
