package dev.cocreate.challenge.webhook;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for webhooks, their delivery queue and the attempt log. */
public final class WebhookRepository {

  public Future<Webhook> insert(SqlClient db, long orgId, String url, List<String> events, String secret, long createdBy) {
    return db.preparedQuery("insert into webhooks (org_id, url, events, secret, created_by) values ($1, $2, $3, $4, $5) "
            + "returning id, org_id, url, events, created_at")
        .execute(Tuple.of(orgId, url, events.toArray(String[]::new), secret, createdBy))
        .map(rows -> Webhook.of(rows.iterator().next()));
  }

  public Future<List<Webhook>> ofOrg(SqlClient db, long orgId) {
    return db.preparedQuery("select id, org_id, url, events, created_at from webhooks where org_id = $1 order by id")
        .execute(Tuple.of(orgId))
        .map(rows -> {
          List<Webhook> out = new ArrayList<>();
          rows.forEach(r -> out.add(Webhook.of(r)));
          return out;
        });
  }

  public Future<Optional<Webhook>> byId(SqlClient db, long orgId, long id) {
    return db.preparedQuery("select id, org_id, url, events, created_at from webhooks where org_id = $1 and id = $2")
        .execute(Tuple.of(orgId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Webhook.of(rows.iterator().next())));
  }

  public Future<Boolean> delete(SqlClient db, long orgId, long id) {
    return db.preparedQuery("delete from webhooks where org_id = $1 and id = $2").execute(Tuple.of(orgId, id))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Queues one delivery per webhook of the org subscribed to the event; returns how many. */
  public Future<Integer> enqueue(SqlClient tx, long orgId, String event, String body) {
    return tx.preparedQuery("insert into webhook_deliveries (webhook_id, event, body) "
            + "select id, $2, $3 from webhooks where org_id = $1 and $2 = any (events)")
        .execute(Tuple.of(orgId, event, body))
        .map(rows -> rows.rowCount());
  }

  /** A delivery a worker took: the lease keeps every other worker away until it runs out. */
  public record Claimed(long id, long webhookId, String event, String body, int attempt, String url, String secret) {}

  /**
   * Takes up to {@code batch} due deliveries, counts the attempt and pushes them {@code leaseSeconds}
   * ahead, in one statement: rows another worker is taking right now are skipped, not waited for.
   */
  public Future<List<Claimed>> claimDue(SqlClient db, int batch, int leaseSeconds) {
    return db.preparedQuery("""
            with due as (
              select id from webhook_deliveries
              where status = 'pending' and next_attempt_at <= now()
              order by next_attempt_at, id
              limit $1
              for update skip locked)
            update webhook_deliveries d
               set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
              from due, webhooks w
             where d.id = due.id and w.id = d.webhook_id
            returning d.id, d.webhook_id, d.event, d.body, d.attempts, w.url, w.secret""")
        .execute(Tuple.of(batch, (double) leaseSeconds))
        .map(rows -> {
          List<Claimed> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Claimed(r.getLong("id"), r.getLong("webhook_id"), r.getString("event"),
              r.getString("body"), r.getInteger("attempts"), r.getString("url"), r.getString("secret"))));
          return out;
        });
  }

  /** Logs one try and settles the delivery: delivered, failed for good, or due again after a delay. */
  public Future<Void> recordAttempt(SqlClient db, long deliveryId, int attempt, Integer statusCode, String error,
      long durationMs, String outcome, double retryInSeconds) {
    return db.preparedQuery("""
            with logged as (
              insert into webhook_attempts (delivery_id, attempt, status_code, error, duration_ms)
              values ($1, $2, $3, $4, $5))
            update webhook_deliveries
               set status = $6,
                   delivered_at = case when $6 = 'delivered' then now() end,
                   next_attempt_at = now() + make_interval(secs => $7)
             where id = $1""")
        .execute(Tuple.of(deliveryId, attempt, statusCode, error, (int) Math.min(durationMs, Integer.MAX_VALUE), outcome,
            retryInSeconds))
        .mapEmpty();
  }

  /** The delivery log of one webhook, newest first, each with every attempt. */
  public Future<List<Delivery>> deliveries(SqlClient db, long webhookId, long beforeId, int limit) {
    return db.preparedQuery("""
            select d.id, d.event, d.body, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.created_at,
                   (select coalesce(json_agg(json_build_object('attempt', a.attempt, 'statusCode', a.status_code,
                            'error', a.error, 'durationMs', a.duration_ms, 'at', a.created_at) order by a.attempt), '[]'::json)
                      from webhook_attempts a where a.delivery_id = d.id) as log
              from webhook_deliveries d
             where d.webhook_id = $1 and d.id < $2
             order by d.id desc
             limit $3""")
        .execute(Tuple.of(webhookId, beforeId, limit))
        .map(rows -> {
          List<Delivery> out = new ArrayList<>();
          for (Row r : rows) {
            List<Delivery.Attempt> log = new ArrayList<>();
            Object raw = r.getValue("log");
            for (Object o : raw instanceof JsonArray a ? a : new JsonArray(String.valueOf(raw))) {
              JsonObject entry = (JsonObject) o;
              log.add(new Delivery.Attempt(entry.getInteger("attempt"), entry.getInteger("statusCode"), entry.getString("error"),
                  entry.getInteger("durationMs"), OffsetDateTime.parse(entry.getString("at"))));
            }
            out.add(new Delivery(r.getLong("id"), r.getString("event"), r.getString("status"), r.getInteger("attempts"),
                r.getOffsetDateTime("next_attempt_at"), r.getOffsetDateTime("delivered_at"), r.getOffsetDateTime("created_at"),
                new JsonObject(r.getString("body")), List.copyOf(log)));
          }
          return out;
        });
  }
}
