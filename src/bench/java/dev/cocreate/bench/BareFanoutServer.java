package dev.cocreate.bench;

import dev.cocreate.forum.PostRepository;
import dev.cocreate.forum.PostTree;
import dev.cocreate.forum.ThreadRepository;
import dev.cocreate.platform.db.DbTarget;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The floor for the live fan-out benchmark: a bare Vert.x server with the same shape as Cocreate's
 * live path (one verticle per core, each with its own sockets, events encoded once and handed to
 * every verticle on the local bus, the same frame written to every socket, slow readers closed) but
 * no database, no authentication, no access checks. A socket follows the first topic of its
 * {@code {"op":"subscribe","topics":[..],"since":N}} message ({@code bench} for any other text);
 * with {@code since} it first gets the events after N that the verticle still holds in memory (a
 * bounded ring of the most recent ones), then the live ones, and {@code subscribed} comes last, as
 * Cocreate answers.
 *
 * <p>{@code java ... BareFanoutServer PORT INSTANCES [DB_URL]}; {@code GET /emit?count=N&rate=R&size=B[&topic=T][&topics=K]}
 * sends N events at R a second, each {@code {"op":"event","id":..,"topic":"bench","type":"bench","data":{"t":<epoch µs>,"pad":".."}}};
 * with K topics, round-robin over {@code T:0} to {@code T:K-1}. {@code GET /last} answers the
 * newest id given out.
 *
 * <p>With a database URL it is also the floor of the read benchmark: {@code GET /sql/thread/ID}
 * runs the SQL of the thread page (the topic's live position, the thread, the first page of posts
 * in tree order, read from the repositories' own statements so they cannot drift) through a pool of
 * the server's size, one after the other as the page does, and answers the rows as JSON: no
 * routing, sessions, security headers, services, permissions or templates. And the floor of the
 * end-to-end benchmark: {@code POST /post?topic=T&size=B} with {@code {"body":".."}} inserts one row
 * into its own table and sends the body, in a frame of about B bytes built by concatenation (no
 * markdown, no templates, no event log), to the topic's followers.
 */
public final class BareFanoutServer {
  static final String ADDRESS = "bench.events";
  /** Event ids grow across /emit calls, as Cocreate's do, so one client can follow several runs. */
  private static final AtomicLong NEXT_ID = new AtomicLong(1);
  /** Events each verticle keeps for {@code since}: far more than a 5 s storm misses at the suite's rates. */
  static final int RECENT = 4_096;

  record Frame(long id, String topic, byte[] utf8) {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
    BareSql sql = args.length > 2 ? new BareSql(vertx, args[2]) : null;
    vertx.eventBus().registerDefaultCodec(Frame.class, new MessageCodec<Frame, Frame>() {
      public void encodeToWire(Buffer buffer, Frame f) {
        throw new UnsupportedOperationException();
      }

      public Frame decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException();
      }

      public Frame transform(Frame f) {
        return f;
      }

      public String name() {
        return "bench-frame";
      }

      public byte systemCodecID() {
        return -1;
      }
    });
    (sql == null ? Future.succeededFuture() : sql.createPostTable())
        .compose(v -> vertx.deployVerticle(() -> new Fanout(port, sql), new DeploymentOptions().setInstances(instances)))
        .onSuccess(id -> System.out.println("bare fan-out server listening on " + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  /**
   * Gives the event the next id and hands it to every verticle, under one lock: each verticle's
   * queue then holds events in id order whichever verticle published them (replies come in on
   * both), as Cocreate delivers in commit order; a subscriber takes an id below its last for a
   * duplicate. The bus only enqueues here, so the lock is held for the encoding and the enqueueing.
   */
  static long publish(Vertx vertx, String topic, LongFunction<String> json) {
    synchronized (NEXT_ID) {
      long id = NEXT_ID.getAndIncrement();
      vertx.eventBus().publish(ADDRESS, new Frame(id, topic, json.apply(id).getBytes(StandardCharsets.UTF_8)),
          new DeliveryOptions().setLocalOnly(true));
      return id;
    }
  }

  /** A subscribed socket, its topic, and the id it has already had (live frames up to it are skipped). */
  static final class Follower {
    final ServerWebSocket ws;
    final String topic;
    final long after;

    Follower(ServerWebSocket ws, String topic, long after) {
      this.ws = ws;
      this.topic = topic;
      this.after = after;
    }
  }

  static final class Fanout extends VerticleBase {
    private final int port;
    private final BareSql sql;
    private final Map<String, List<Follower>> byTopic = new HashMap<>();
    private final Map<ServerWebSocket, Follower> followers = new HashMap<>();
    /** The most recent events this verticle was handed, oldest first, for subscriptions with since. */
    private final ArrayDeque<Frame> recent = new ArrayDeque<>();
    private long lastSeen;

    Fanout(int port, BareSql sql) {
      this.port = port;
      this.sql = sql;
    }

    @Override
    public Future<?> start() {
      vertx.eventBus().<Frame>localConsumer(ADDRESS, msg -> deliver(msg.body()));
      return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1")
              .setMaxWebSocketFrameSize(64 * 1024).setMaxWebSocketMessageSize(64 * 1024))
          .webSocketHandler(ws -> {
            ws.textMessageHandler(text -> subscribe(ws, text));
            ws.closeHandler(v -> unfollow(ws));
          })
          .requestHandler(req -> {
            if (req.path().equals("/emit")) {
              int count = Integer.parseInt(req.getParam("count"));
              int rate = Integer.parseInt(req.getParam("rate"));
              int size = Integer.parseInt(req.getParam("size"));
              String topic = req.getParam("topic", "bench");
              int topics = Integer.parseInt(req.getParam("topics", "1"));
              emit(count, rate, size, topic, topics);
              req.response().end("ok");
            } else if (req.path().equals("/last")) {
              req.response().end(String.valueOf(NEXT_ID.get() - 1));
            } else if (sql != null && req.path().startsWith("/sql/thread/")) {
              sql.thread(Long.parseLong(req.path().substring("/sql/thread/".length())))
                  .onSuccess(body -> req.response().putHeader("Content-Type", "application/json").end(body))
                  .onFailure(e -> req.response().setStatusCode(500).end(String.valueOf(e.getMessage())));
            } else if (sql != null && req.path().equals("/post") && req.method() == HttpMethod.POST) {
              post(req);
            } else {
              req.response().setStatusCode(404).end();
            }
          })
          .listen();
    }

    private void deliver(Frame frame) {
      lastSeen = frame.id();
      recent.addLast(frame);
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
      List<Follower> list = byTopic.get(frame.topic());
      if (list == null) {
        return;
      }
      for (Follower f : list.toArray(new Follower[0])) {
        ServerWebSocket ws = f.ws;
        if (ws.isClosed()) {
          unfollow(ws);
        } else if (ws.writeQueueFull()) {
          ws.close((short) 1013);
          unfollow(ws);
        } else if (frame.id() > f.after) {
          ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame.utf8(), true));
        }
      }
    }

    /**
     * Follows the message's first topic; with since, first writes what this verticle holds after
     * it. The replay and the following happen in one go on the verticle's loop, so no live event
     * falls between them. If another verticle already delivered newer events on the socket this
     * one replaces, since is ahead of this verticle: the live frames up to it are skipped.
     */
    private void subscribe(ServerWebSocket ws, String text) {
      String topic = "bench";
      Long since = null;
      try {
        JsonObject m = new JsonObject(text);
        JsonArray topics = m.getJsonArray("topics");
        if (topics != null && !topics.isEmpty()) {
          topic = topics.getString(0);
        }
        since = m.getLong("since");
      } catch (RuntimeException notJson) {
        // Any text subscribes to "bench", as the first floor did.
      }
      unfollow(ws);
      if (since != null) {
        List<Frame> missed = new ArrayList<>();
        for (Iterator<Frame> it = recent.descendingIterator(); it.hasNext(); ) {
          Frame f = it.next();
          if (f.id() <= since) {
            break;
          }
          if (f.topic().equals(topic)) {
            missed.add(f);
          }
        }
        for (int i = missed.size() - 1; i >= 0; i--) {
          ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, missed.get(i).utf8(), true));
        }
      }
      long position = since == null ? lastSeen : Math.max(since, lastSeen);
      Follower f = new Follower(ws, topic, since == null ? 0 : since);
      followers.put(ws, f);
      byTopic.computeIfAbsent(topic, k -> new ArrayList<>()).add(f);
      ws.writeTextMessage("{\"op\":\"subscribed\",\"topics\":" + new JsonArray().add(topic).encode() + ",\"position\":" + position + "}");
    }

    private void unfollow(ServerWebSocket ws) {
      Follower f = followers.remove(ws);
      if (f != null) {
        List<Follower> list = byTopic.get(f.topic);
        list.remove(f);
        if (list.isEmpty()) {
          byTopic.remove(f.topic);
        }
      }
    }

    /** One INSERT, then the reply's frame to the topic's followers; 201 once both are done, as Cocreate answers after its commit. */
    private void post(HttpServerRequest req) {
      String topic = req.getParam("topic");
      int size = Integer.parseInt(req.getParam("size", "300"));
      req.body()
          .compose(buf -> {
            String text = buf.toJsonObject().getString("body");
            return sql.insertPost(topic, text).map(row -> text);
          })
          .onSuccess(text -> {
            String head = ",\"topic\":" + Json.encode(topic) + ",\"type\":\"post.created\",\"data\":{\"body\":" + Json.encode(text)
                + ",\"pad\":\"";
            String pad = "x".repeat(Math.max(0, size - head.length() - 40));
            long id = publish(vertx, topic, n -> "{\"op\":\"event\",\"id\":" + n + head + pad + "\"}}");
            req.response().setStatusCode(201).putHeader("Content-Type", "application/json").end("{\"id\":" + id + "}");
          })
          .onFailure(e -> req.response().setStatusCode(500).end(String.valueOf(e.getMessage())));
    }

    /** {@code count} events at {@code rate} a second, round-robin over the topics; each tick sends what is due, so a rate above 1,000/s holds. */
    private void emit(int count, int rate, int size, String topic, int topics) {
      if (count <= 0) {
        return; // a readiness probe
      }
      String pad = "x".repeat(size);
      long[] emitted = {0};
      long start = System.nanoTime();
      vertx.setPeriodic(Math.max(1, 1000 / rate), timer -> {
        long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
        while (emitted[0] < due) {
          String name = topics > 1 ? topic + ":" + (emitted[0] % topics) : topic;
          emitted[0]++;
          publish(vertx, name, id -> "{\"op\":\"event\",\"id\":" + id + ",\"topic\":\"" + name + "\",\"type\":\"bench\",\"data\":{\"t\":"
              + epochMicros() + ",\"pad\":\"" + pad + "\"}}");
        }
        if (emitted[0] >= count) {
          vertx.cancelTimer(timer);
        }
      });
    }
  }

  /** The thread page's SQL without the server around it. */
  static final class BareSql {
    private final Pool pool;
    private final String threadSql;
    private final String postsSql;
    private final int limit;

    BareSql(Vertx vertx, String dbUrl) {
      this.pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(16))
          .connectingTo(DbTarget.parse(dbUrl).connectOptions().setCachePreparedStatements(true))
          .using(vertx).build();
      this.threadSql = constant(ThreadRepository.class, "SELECT") + "where t.id = $2";
      this.postsSql = constant(PostRepository.class, "TREE_FIRST");
      this.limit = ((Number) constantValue(PostTree.class, "POSTS_PER_PAGE")).intValue() + 1;
    }

    private static String constant(Class<?> type, String name) {
      return (String) constantValue(type, name);
    }

    private static Object constantValue(Class<?> type, String name) {
      try {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the floor reads " + type.getSimpleName() + "." + name + ": " + e, e);
      }
    }

    /** The end-to-end floor's own table: a reply's row, without the forum's columns, triggers or event log. */
    Future<Void> createPostTable() {
      return pool.query("create table if not exists bench_floor_post (id bigserial primary key, topic text not null, "
          + "body text not null, created_at timestamptz not null default now())").execute().mapEmpty();
    }

    Future<Long> insertPost(String topic, String body) {
      return pool.preparedQuery("insert into bench_floor_post (topic, body) values ($1, $2) returning id")
          .execute(Tuple.of(topic, body)).map(rows -> rows.iterator().next().getLong(0));
    }

    Future<String> thread(long id) {
      // The same order as the page: position, thread, posts (each needs the one before it there).
      return pool.preparedQuery("select coalesce(max(id), 0) from events where topic = $1")
          .execute(Tuple.of("thread:" + id))
          .compose(position -> pool.preparedQuery(threadSql).execute(Tuple.of(0L, id))
              .compose(thread -> pool.preparedQuery(postsSql).execute(Tuple.of(0L, id, limit))
                  .map(posts -> {
                    JsonArray out = new JsonArray();
                    thread.forEach(r -> out.add(r.toJson()));
                    posts.forEach(r -> out.add(r.toJson()));
                    return new JsonObject().put("position", position.iterator().next().getLong(0))
                        .put("rows", out).encode();
                  })));
    }
  }
}
