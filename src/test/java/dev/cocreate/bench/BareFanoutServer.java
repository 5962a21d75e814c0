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
 * <p>{@code java ... BareFanoutServer PORT INSTANCES}; {@code GET /emit?count=N&rate=R&size=B}
 * sends N events at R a second, each {@code {"op":"event","id":..,"topic":"bench","type":"bench","data":{"t":<epoch µs>,"pad":".."}}}.
 */
public final class BareFanoutServer {
  static final String ADDRESS = "bench.events";

  record Frame(byte[] utf8) {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int instances = Integer.parseInt(args[1]);
    Vertx vertx = Vertx.vertx();
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
    vertx.deployVerticle(() -> new Fanout(port), new DeploymentOptions().setInstances(instances))
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
    private final List<ServerWebSocket> sockets = new ArrayList<>();

    Fanout(int port) {
      this.port = port;
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
            } else {
              req.response().setStatusCode(404).end();
            }
          })
          .listen();
    }

    private void emit(int count, int rate, int size) {
      String pad = "x".repeat(size);
      long[] next = {1};
      vertx.setPeriodic(Math.max(1, 1000 / rate), timer -> {
        long id = next[0]++;
        String json = "{\"op\":\"event\",\"id\":" + id + ",\"topic\":\"bench\",\"type\":\"bench\",\"data\":{\"t\":"
            + epochMicros() + ",\"pad\":\"" + pad + "\"}}";
        vertx.eventBus().publish(ADDRESS, new Frame(json.getBytes(StandardCharsets.UTF_8)), new DeliveryOptions().setLocalOnly(true));
        if (id >= count) {
          vertx.cancelTimer(timer);
        }
      });
    }
  }
}
