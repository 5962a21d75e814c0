package dev.cocreate.live;

import dev.cocreate.platform.events.Topics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One committed event with its client frame encoded once: every socket on every verticle writes
 * the same bytes. Immutable, so the local event bus can hand the same instance to each hub.
 *
 * @param topic the stored topic; {@code user:<id>} is shown to its owner as {@code me}
 * @param utf8 the whole {@code {"op":"event",...}} message, UTF-8
 */
public record LiveEvent(long id, String topic, String type, byte[] utf8) {

  /**
   * The largest frame a client is sent. Vert.x clients refuse frames over 64 KiB by default (and
   * this server refuses them from clients), so a longer event goes out as continuation frames.
   */
  static final int MAX_FRAME = 64 * 1024;

  /** Encodes the frame; {@code dataJson} is the stored jsonb as text, embedded without re-parsing. */
  public static LiveEvent of(long id, String topic, String type, String dataJson) {
    String json = "{\"op\":\"event\",\"id\":" + id
        + ",\"topic\":" + Json.encode(Topics.visible(topic))
        + ",\"type\":" + Json.encode(type)
        + ",\"data\":" + dataJson + "}";
    return new LiveEvent(id, topic, type, json.getBytes(StandardCharsets.UTF_8));
  }

  public int size() {
    return utf8.length;
  }

  public String text() {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /**
   * The frames to write to one socket. Vert.x 5 has no public way to send a text frame from bytes
   * (WebSocketFrame.textFrame takes a String and encodes it again, writeTextMessage likewise), so
   * this uses the frame implementation's byte[] constructor: it wraps the shared array without
   * copying. A new wrapper per socket is required because Netty releases each written ByteBuf and
   * advances its reader index.
   */
  WebSocketFrame[] frames() {
    if (utf8.length <= MAX_FRAME) {
      return new WebSocketFrame[] {new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true)};
    }
    int count = (utf8.length + MAX_FRAME - 1) / MAX_FRAME;
    WebSocketFrame[] frames = new WebSocketFrame[count];
    for (int i = 0; i < count; i++) {
      int from = i * MAX_FRAME;
      byte[] part = Arrays.copyOfRange(utf8, from, Math.min(utf8.length, from + MAX_FRAME));
      frames[i] = new WebSocketFrameImpl(i == 0 ? WebSocketFrameType.TEXT : WebSocketFrameType.CONTINUATION, part, i == count - 1);
    }
    return frames;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LiveEvent e && e.id == id && e.topic.equals(topic);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "LiveEvent[" + id + " " + topic + " " + type + "]";
  }

  /**
   * Local-only codec: the bus passes the same immutable instance to every consumer instead of
   * copying it. Never used on a wire (events cross nodes through PostgreSQL, not the bus).
   */
  static final class LocalCodec implements MessageCodec<LiveEvent, LiveEvent> {
    static final String NAME = "cocreate-live-event";

    @Override
    public void encodeToWire(Buffer buffer, LiveEvent event) {
      throw new UnsupportedOperationException("live events are published locally only");
    }

    @Override
    public LiveEvent decodeFromWire(int pos, Buffer buffer) {
      throw new UnsupportedOperationException("live events are published locally only");
    }

    @Override
    public LiveEvent transform(LiveEvent event) {
      return event;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
