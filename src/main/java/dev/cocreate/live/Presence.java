package dev.cocreate.live;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is viewing a thread and who is typing a reply, across every node. Ephemeral by design:
 * nothing is stored. Each node counts its own viewers and typists and, at most once a second
 * when something changed (and every few seconds regardless, as a heartbeat), tells the other
 * nodes with a {@code NOTIFY} on {@link #CHANNEL}. A node that stops announcing drops out after
 * {@link #STALE_MS}. The hubs push the merged figures to their sockets.
 */
public final class Presence {
  public static final String CHANNEL = "cocreate_presence";
  static final long TYPING_MS = 6_000;
  static final long STALE_MS = 12_000;
  static final long HEARTBEAT_MS = 5_000;
  private static final Logger log = LoggerFactory.getLogger(Presence.class);

  private record NodeState(Map<String, Integer> viewers, Map<String, List<String>> typing, long receivedAt) {}

  private final String node = UUID.randomUUID().toString();
  private final Pool pool;
  private final Map<String, AtomicInteger> localViewers = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Long>> localTyping = new ConcurrentHashMap<>();
  private final Map<String, NodeState> others = new ConcurrentHashMap<>();
  private volatile String lastAnnounced = "";
  private volatile long lastAnnouncedAt;
  private long timer = -1;

  public Presence(Pool pool) {
    this.pool = pool;
  }

  /** Starts announcing this node's presence; call once per node. */
  public void start(Vertx vertx) {
    timer = vertx.setPeriodic(1_000, id -> announce());
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  static boolean tracked(String topic) {
    return topic.startsWith("thread:");
  }

  void joined(String topic) {
    if (tracked(topic)) {
      localViewers.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
    }
  }

  void left(String topic) {
    if (tracked(topic)) {
      localViewers.computeIfPresent(topic, (t, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
  }

  void typing(String topic, String name) {
    if (tracked(topic)) {
      localTyping.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(name, System.currentTimeMillis() + TYPING_MS);
    }
  }

  /** Whether anyone on this node is typing in the topic. */
  boolean typingIn(String topic) {
    Map<String, Long> names = localTyping.get(topic);
    return names != null && !names.isEmpty();
  }

  /** {@code name} has posted in the topic, so is typing there no more. */
  void stoppedTyping(String topic, String name) {
    Map<String, Long> names = localTyping.get(topic);
    if (names != null) {
      names.remove(name);
    }
  }

  /** Viewers of a topic on every node. */
  public int viewers(String topic) {
    long now = System.currentTimeMillis();
    AtomicInteger mine = localViewers.get(topic);
    int total = mine == null ? 0 : mine.get();
    for (NodeState s : others.values()) {
      if (now - s.receivedAt() < STALE_MS) {
        total += s.viewers().getOrDefault(topic, 0);
      }
    }
    return total;
  }

  /** Display names typing in a topic on every node, sorted. */
  public List<String> typists(String topic) {
    long now = System.currentTimeMillis();
    TreeSet<String> names = new TreeSet<>();
    Map<String, Long> mine = localTyping.get(topic);
    if (mine != null) {
      mine.forEach((name, until) -> {
        if (until > now) {
          names.add(name);
        }
      });
    }
    for (NodeState s : others.values()) {
      if (now - s.receivedAt() < STALE_MS) {
        names.addAll(s.typing().getOrDefault(topic, List.of()));
      }
    }
    return new ArrayList<>(names);
  }

  /** A notification from some node (possibly this one, which is ignored). */
  public void onNotification(String payload) {
    try {
      JsonObject msg = new JsonObject(payload);
      String from = msg.getString("node");
      if (from == null || from.equals(node)) {
        return;
      }
      Map<String, Integer> viewers = new ConcurrentHashMap<>();
      msg.getJsonObject("viewers", new JsonObject()).forEach(e -> viewers.put(e.getKey(), ((Number) e.getValue()).intValue()));
      Map<String, List<String>> typing = new ConcurrentHashMap<>();
      msg.getJsonObject("typing", new JsonObject()).forEach(e -> {
        List<String> names = new ArrayList<>();
        ((JsonArray) e.getValue()).forEach(n -> names.add(String.valueOf(n)));
        typing.put(e.getKey(), names);
      });
      others.put(from, new NodeState(viewers, typing, System.currentTimeMillis()));
    } catch (RuntimeException e) {
      log.debug("ignored a malformed presence notification: {}", e.toString());
    }
  }

  private void announce() {
    long now = System.currentTimeMillis();
    JsonObject viewers = new JsonObject();
    localViewers.forEach((t, n) -> {
      if (n.get() > 0) {
        viewers.put(t, n.get());
      }
    });
    JsonObject typing = new JsonObject();
    localTyping.forEach((t, names) -> {
      names.values().removeIf(until -> until <= now);
      if (!names.isEmpty()) {
        typing.put(t, new JsonArray(new ArrayList<>(new TreeSet<>(names.keySet()))));
      }
    });
    localTyping.values().removeIf(Map::isEmpty);
    others.values().removeIf(s -> now - s.receivedAt() > STALE_MS * 2);
    String state = viewers.encode() + typing.encode();
    if (state.equals(lastAnnounced) && now - lastAnnouncedAt < HEARTBEAT_MS) {
      return;
    }
    String payload = new JsonObject().put("node", node).put("viewers", viewers).put("typing", typing).encode();
    if (payload.length() > 7_900) {
      // NOTIFY payloads stop at 8000 bytes: keep the counts, drop the names.
      payload = new JsonObject().put("node", node).put("viewers", viewers).put("typing", new JsonObject()).encode();
      if (payload.length() > 7_900) {
        return;
      }
    }
    lastAnnounced = state;
    lastAnnouncedAt = now;
    pool.preparedQuery("select pg_notify($1, $2)").execute(Tuple.of(CHANNEL, payload))
        .onFailure(e -> log.debug("presence not announced: {}", e.toString()));
  }
}
