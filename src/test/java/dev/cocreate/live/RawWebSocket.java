package dev.cocreate.live;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what well-behaved clients never do: stop reading, or
 * never answer a ping. Frames are read only when the test asks.
 */
final class RawWebSocket implements AutoCloseable {
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  static final int TEXT = 1;
  static final int CLOSE = 8;
  static final int PING = 9;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private String handshakeHead;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects and completes the handshake; {@code receiveBuffer} bytes of kernel buffer (0: default). */
  static RawWebSocket open(int port, int receiveBuffer) {
    return open(port, receiveBuffer, "");
  }

  /** {@code extraHeaders}: lines to add to the upgrade request, each ending in CRLF. */
  static RawWebSocket open(int port, int receiveBuffer, String extraHeaders) {
    try {
      Socket s = new Socket();
      if (receiveBuffer > 0) {
        s.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
      }
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      RawWebSocket ws = new RawWebSocket(s);
      ws.out.write(("GET /live HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      ws.out.flush();
      String head = ws.readHead();
      ws.handshakeHead = head;
      if (!head.startsWith("HTTP/1.1 101")) {
        throw new IllegalStateException("handshake refused: " + head);
      }
      return ws;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** The server's 101 response, headers included. */
  String handshakeHead() {
    return handshakeHead;
  }

  void sendText(String text) {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A client frame: always masked. */
  void send(int opcode, byte[] payload) {
    try {
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write(0x80 | opcode);
      if (payload.length < 126) {
        f.write(0x80 | payload.length);
      } else {
        f.write(0x80 | 126);
        f.write(payload.length >>> 8);
        f.write(payload.length & 0xff);
      }
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      f.write(mask);
      for (int i = 0; i < payload.length; i++) {
        f.write(payload[i] ^ mask[i % 4]);
      }
      out.write(f.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next frame, or null when the socket ends or nothing comes within the timeout. */
  Frame read(int timeoutMs) {
    try {
      socket.setSoTimeout(timeoutMs);
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
      return new Frame(b0 & 0x0f, payload);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads (and drops) frames until the close frame; returns its code, or -1 if none came. */
  int readUntilClose(int timeoutMs) {
    Frame f;
    while ((f = read(timeoutMs)) != null) {
      if (f.opcode() == CLOSE) {
        return f.closeCode();
      }
    }
    return -1;
  }

  InputStream input() {
    return in;
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
