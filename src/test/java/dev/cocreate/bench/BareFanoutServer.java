package dev.cocreate.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor for the live fan-out benchmark: a bare Vert.x server with the same shape as Cocreate's
 * live path (one verticle per core, each with its own sockets, events encoded once and handed to
 * every verticle on the local bus, the same frame written to every socket, slow readers closed) but
 * no database, no authentication, no topics. Any text message subscribes the socket.
 *
 * <p>{@code java ... BareFanoutServer PORT INSTANCES [DB_URL]}; {@code GET /emit?count=N&rate=R&size=B}
 * sends N events at R a second, each {@code {"op":"event","id":..,"topic":"bench","type":"bench","data":{"t":<epoch µs>,"pad":".."}}}.
 *
 * <p>With a database URL it is also the floor of the read benchmark: {@code GET /sql/thread/ID}
 * runs the SQL of the thread page (the topic's live position, the thread, the first page of posts
 * in tree order, read from the repositories' own statements so they cannot drift) through a pool of
 * the server's size, one after the other as the page does, and answers the rows as JSON: no
 * routing, sessions, security headers, services, permissions or templates.
 */
public final class BareFanoutServer {
  static final String ADDRESS = "bench.events";
  /** Event ids grow across /emit calls, as Cocreate's do, so one client can follow several runs. */
  private static final java.util.concurrent.atomic.AtomicLong NEXT_ID = new java.util.concurrent.atomic.AtomicLong(1);

  record Frame(byte[] utf8) {}

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
    vertx.deployVerticle(() -> new Fanout(port, sql), new DeploymentOptions().setInstances(instances))
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

  static final class Fanout extends VerticleBase {
    private final int port;
    private final BareSql sql;
    private final List<ServerWebSocket> sockets = new ArrayList<>();

    Fanout(int port, BareSql sql) {
      this.port = port;
      this.sql = sql;
    }

    @Override
    public Future<?> start() {
      vertx.eventBus().<Frame>localConsumer(ADDRESS, msg -> {
        byte[] bytes = msg.body().utf8();
        for (ServerWebSocket ws : sockets.toArray(new ServerWebSocket[0])) {
          if (ws.isClosed()) {
            sockets.remove(ws);
          } else if (ws.writeQueueFull()) {
            ws.close((short) 1013);
            sockets.remove(ws);
          } else {
            ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes, true));
          }
        }
      });
      return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1")
              .setMaxWebSocketFrameSize(64 * 1024).setMaxWebSocketMessageSize(64 * 1024))
          .webSocketHandler(ws -> {
            ws.textMessageHandler(text -> {
              if (!sockets.contains(ws)) {
                sockets.add(ws);
              }
              ws.writeTextMessage("{\"op\":\"subscribed\",\"topics\":[\"bench\"],\"position\":0}");
            });
            ws.closeHandler(v -> sockets.remove(ws));
          })
          .requestHandler(req -> {
            if (req.path().equals("/emit")) {
              int count = Integer.parseInt(req.getParam("count"));
              int rate = Integer.parseInt(req.getParam("rate"));
              int size = Integer.parseInt(req.getParam("size"));
              emit(count, rate, size);
              req.response().end("ok");
            } else if (sql != null && req.path().startsWith("/sql/thread/")) {
              sql.thread(Long.parseLong(req.path().substring("/sql/thread/".length())))
                  .onSuccess(body -> req.response().putHeader("Content-Type", "application/json").end(body))
                  .onFailure(e -> req.response().setStatusCode(500).end(String.valueOf(e.getMessage())));
            } else {
              req.response().setStatusCode(404).end();
            }
          })
          .listen();
    }

    private void emit(int count, int rate, int size) {
      if (count <= 0) {
        return; // a readiness probe
      }
      String pad = "x".repeat(size);
      long[] emitted = {0};
      vertx.setPeriodic(Math.max(1, 1000 / rate), timer -> {
        long id = NEXT_ID.getAndIncrement();
        emitted[0]++;
        String json = "{\"op\":\"event\",\"id\":" + id + ",\"topic\":\"bench\",\"type\":\"bench\",\"data\":{\"t\":"
            + epochMicros() + ",\"pad\":\"" + pad + "\"}}";
        vertx.eventBus().publish(ADDRESS, new Frame(json.getBytes(StandardCharsets.UTF_8)), new DeliveryOptions().setLocalOnly(true));
        if (emitted[0] >= count) {
          vertx.cancelTimer(timer);
        }
      });
    }
  }

  /** The thread page's SQL without the server around it. */
  static final class BareSql {
    private final io.vertx.sqlclient.Pool pool;
    private final String threadSql;
    private final String postsSql;
    private final int limit;

    BareSql(Vertx vertx, String dbUrl) {
      this.pool = io.vertx.pgclient.PgBuilder.pool()
          .with(new io.vertx.sqlclient.PoolOptions().setMaxSize(16))
          .connectingTo(dev.cocreate.platform.db.DbTarget.parse(dbUrl).connectOptions().setCachePreparedStatements(true))
          .using(vertx).build();
      this.threadSql = constant(dev.cocreate.forum.ThreadRepository.class, "SELECT") + "where t.id = $2";
      this.postsSql = constant(dev.cocreate.forum.PostRepository.class, "TREE_FIRST");
      this.limit = ((Number) constantValue(dev.cocreate.web.ForumPages.class, "POSTS_PER_PAGE")).intValue() + 1;
    }

    private static String constant(Class<?> type, String name) {
      return (String) constantValue(type, name);
    }

    private static Object constantValue(Class<?> type, String name) {
      try {
        java.lang.reflect.Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the floor reads " + type.getSimpleName() + "." + name + ": " + e, e);
      }
    }

    Future<String> thread(long id) {
      // The same order as the page: position, thread, posts (each needs the one before it there).
      return pool.preparedQuery("select coalesce(max(id), 0) from events where topic = $1")
          .execute(io.vertx.sqlclient.Tuple.of("thread:" + id))
          .compose(position -> pool.preparedQuery(threadSql).execute(io.vertx.sqlclient.Tuple.of(0L, id))
              .compose(thread -> pool.preparedQuery(postsSql).execute(io.vertx.sqlclient.Tuple.of(0L, id, limit))
                  .map(posts -> {
                    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
                    thread.forEach(r -> out.add(r.toJson()));
                    posts.forEach(r -> out.add(r.toJson()));
                    return new io.vertx.core.json.JsonObject().put("position", position.iterator().next().getLong(0))
                        .put("rows", out).encode();
                  })));
    }
  }
}
