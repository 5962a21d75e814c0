package dev.cocreate.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A plain TCP client for what HTTP libraries never do: send a request a byte at a time, hold a
 * connection open doing nothing, send oversized heads, or speak WebSocket frames by hand.
 */
public final class RawClient implements AutoCloseable {
  /** What a read saw. */
  public enum Outcome { DATA, TIMEOUT, CLOSED }

  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    /** A close frame's reason, after its code. */
    public String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  public static final int TEXT = 1;
  public static final int CLOSE = 8;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static RawClient connect(int port) {
    try {
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      return new RawClient(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes and flushes; false when the server has closed (reset) the connection. */
  public boolean write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public boolean write(String ascii) {
    return write(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Waits up to the timeout for a byte: DATA (the byte is lost), TIMEOUT, or CLOSED (EOF or reset). */
  public Outcome await(int timeoutMs) {
    try {
      socket.setSoTimeout(timeoutMs);
      return in.read() < 0 ? Outcome.CLOSED : Outcome.DATA;
    } catch (SocketTimeoutException e) {
      return Outcome.TIMEOUT;
    } catch (IOException e) {
      return Outcome.CLOSED;
    }
  }

  /** Milliseconds until the server closes the connection, reading and dropping anything it sends; -1 if it is still open. */
  public long millisUntilClosed(int timeoutMs) {
    long start = System.nanoTime();
    long deadline = start + timeoutMs * 1_000_000L;
    while (System.nanoTime() < deadline) {
      Outcome o = await((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (o == Outcome.CLOSED) {
        return (System.nanoTime() - start) / 1_000_000;
      }
    }
    return -1;
  }

  /** The status line and headers of the next response (its body is left unread). */
  public String readHead(int timeoutMs) {
    try {
      socket.setSoTimeout(timeoutMs);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return head.size() == 0 ? null : head.toString(StandardCharsets.ISO_8859_1);
        }
        head.write(b);
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return null;
    }
  }

  /** The status code of the next response (HTTP/1.0 or 1.1), or -1 if none came. */
  public int readStatus(int timeoutMs) {
    String head = readHead(timeoutMs);
    return head == null || !head.startsWith("HTTP/1.") ? -1 : Integer.parseInt(head.substring(9, 12));
  }

  /** Reads a response with a Content-Length body; answers the body. */
  public String readBody(String head) {
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    try {
      byte[] body = new byte[length];
      in.readFully(body);
      return new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens {@code GET /live} as a WebSocket on this connection; false when the server does not answer 101. */
  public boolean upgradeToWebSocket(int port) {
    write("GET /live HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    String head = readHead(10_000);
    return head != null && head.startsWith("HTTP/1.1 101");
  }

  public boolean sendText(String text) {
    return sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** One masked client frame. */
  public boolean sendFrame(int opcode, byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x80 | opcode);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      f.write(0x80 | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length & 0xff);
    } else {
      f.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        f.write((int) ((long) payload.length >>> shift) & 0xff);
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    f.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i % 4]);
    }
    return write(f.toByteArray());
  }

  /**
   * The next server message (a frame, with its continuation frames joined), or null when the
   * socket ends or nothing comes in time.
   */
  public Frame readFrame(int timeoutMs) {
    try {
      socket.setSoTimeout(timeoutMs);
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      int opcode = -1;
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          return null;
        }
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        int op = b0 & 0x0f;
        if (op >= 8) {
          return new Frame(op, payload); // control frames may come between fragments
        }
        if (opcode < 0) {
          opcode = op;
        }
        message.write(payload);
        if ((b0 & 0x80) != 0) {
          return new Frame(opcode, message.toByteArray());
        }
      }
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads frames until a close frame; its code, or -1 if the socket ended without one. */
  public int readUntilClose(int timeoutMs) {
    Frame f = readCloseFrame(timeoutMs);
    return f == null ? -1 : f.closeCode();
  }

  /** Reads frames until a close frame; null if the socket ended without one. */
  public Frame readCloseFrame(int timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    Frame f;
    while ((f = readFrame((int) Math.max(1, deadline - System.currentTimeMillis()))) != null) {
      if (f.opcode() == CLOSE) {
        return f;
      }
    }
    return null;
  }

  /** Drops the connection with a TCP reset instead of an orderly close, as a crashed client or a NAT would. */
  public void reset() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // closed already: close() below is all there is to do
    }
    close();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
