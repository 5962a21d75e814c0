package dev.cocreate.platform.events;

import dev.cocreate.platform.db.Database;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Writes live events into the outbox inside the caller's transaction.
 *
 * <p>Event ids must grow in commit order, or a reader that remembers the last id it saw could skip
 * an event whose transaction committed late. A sequence alone hands ids out in insert order, so
 * {@link #append} first takes a transaction-scoped advisory lock: the next transaction that wants
 * an event id waits until this one has committed or rolled back. Call it as the last step of a
 * transaction so the lock is held only for the commit.
 */
public final class EventLog {
  /** Event type that closes a user's live connections on every node instead of being delivered. */
  public static final String USER_BLOCKED = "user.blocked";

  /** The NOTIFY channel every node listens on; the payload is the event id. */
  public static final String CHANNEL = "cocreate_events";
  /** Arbitrary constant key of the advisory lock that orders event ids. */
  static final long ORDER_LOCK = 0x636f63726561L;

  /** Told of each transaction's events on the node that committed them, at once (see {@link #onCommitted}). */
  private final List<Consumer<List<Committed>>> committedListeners = new CopyOnWriteArrayList<>();

  /** An event as committed, with its id. */
  public record Committed(long id, String topic, String type, JsonObject data) {}

  /**
   * Tells {@code listener} of the events of every transaction this node commits through
   * {@link Database#tx}, right after the commit and before the transaction's caller goes on (so
   * before a write's response). Every node also receives every event from its listener a little
   * later; this is for what must hold at once on the writer's node (a page cache dropping what the
   * write changed). Called on whichever thread completes the commit.
   */
  public void onCommitted(Consumer<List<Committed>> listener) {
    committedListeners.add(listener);
  }

  public Future<Long> append(SqlConnection tx, String topic, String type, JsonObject data) {
    return appendAll(tx, List.of(new Pending(topic, type, data))).map(ids -> ids.get(0));
  }

  /** An event a transaction will append together with others, in one round of statements. */
  public record Pending(String topic, String type, JsonObject data) {}

  /**
   * Appends several events in list order with one lock, one insert and one NOTIFY (listeners read
   * every id after the last they saw, so the highest id stands for all). A reply that notifies a
   * hundred watchers holds the event-order lock for three statements, not three hundred.
   */
  public Future<List<Long>> appendAll(SqlConnection tx, List<Pending> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] topics = new String[events.size()];
    String[] types = new String[events.size()];
    String[] data = new String[events.size()];
    for (int i = 0; i < events.size(); i++) {
      topics[i] = events.get(i).topic();
      types[i] = events.get(i).type();
      data[i] = events.get(i).data().encode();
    }
    // The three statements go out together (the connection pipelines them) rather than one per
    // round trip: the order lock is then held for one exchange with PostgreSQL and the COMMIT, not
    // three. They still run in order, so the insert waits for the lock, and if one fails the
    // transaction is aborted and the rest fail with it. currval is the last id this insert took.
    Future<?> locked = tx.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(ORDER_LOCK));
    Future<List<Long>> inserted = tx.preparedQuery("""
            insert into events (id, topic, type, data)
            select nextval('events_id_seq'), e.topic, e.type, e.data::jsonb
            from unnest($1::text[], $2::text[], $3::text[]) with ordinality as e(topic, type, data, n)
            order by e.n
            returning id""")
        .execute(Tuple.of(topics, types, data))
        .map(rows -> {
          List<Long> ids = new ArrayList<>(rows.size());
          for (Row r : rows) {
            ids.add(r.getLong(0));
          }
          ids.sort(null);
          return ids;
        });
    Future<?> notified = tx.preparedQuery("select pg_notify($1, currval('events_id_seq')::text)").execute(Tuple.of(CHANNEL));
    return Future.all(locked, inserted, notified).map(v -> {
      List<Long> ids = inserted.result();
      if (!committedListeners.isEmpty()) {
        List<Committed> committed = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
          committed.add(new Committed(ids.get(i), topics[i], types[i], events.get(i).data()));
        }
        Database.afterCommit(tx, () -> committedListeners.forEach(l -> l.accept(committed)));
      }
      return ids;
    });
  }
}
