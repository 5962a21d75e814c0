package dev.cocreate.upload;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small images made on the spot, with and without the metadata an upload must lose. */
public final class TestImages {
  /** A 1 x 1 lossless WebP (the one browsers' feature tests use). */
  public static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
  /** What a camera would write into EXIF: must never be served. */
  public static final String SECRET = "GPSLatitude 48.858370 N SerialNumber CAM-0042-SECRET";

  private TestImages() {}

  public static byte[] png(int width, int height) {
    return encode(image(width, height, BufferedImage.TYPE_INT_ARGB), "png");
  }

  public static byte[] jpeg(int width, int height) {
    return encode(image(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
  }

  /** A JPEG with an EXIF segment (APP1) carrying {@link #SECRET}, right after its start marker. */
  public static byte[] jpegWithExif(int width, int height) {
    byte[] plain = jpeg(width, height);
    ByteArrayOutputStream exif = new ByteArrayOutputStream();
    exif.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
    // A big-endian TIFF header with one empty IFD, then the text a camera would leave.
    exif.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0});
    exif.writeBytes(SECRET.getBytes(StandardCharsets.ISO_8859_1));
    byte[] payload = exif.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, 2);
    int length = payload.length + 2;
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
    out.writeBytes(payload);
    out.write(plain, 2, plain.length - 2);
    return out.toByteArray();
  }

  /**
   * A {@code width} x {@code height} JPEG, red on its left half and blue on its right, whose EXIF
   * says it is to be seen turned: orientation 6 is a phone held upright (turn 90 degrees clockwise).
   */
  public static byte[] jpegWithOrientation(int width, int height, int orientation) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    byte[] plain = encode(img, "jpeg");
    byte[] payload = new byte[] {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0,
        (byte) orientation, 0, 0, 0, 0, 0, 0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, 2);
    int length = payload.length + 2;
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
    out.writeBytes(payload);
    out.write(plain, 2, plain.length - 2);
    return out.toByteArray();
  }

  /** A PNG with a tEXt chunk carrying {@link #SECRET} before its image data. */
  public static byte[] pngWithText(int width, int height) {
    byte[] plain = png(width, height);
    byte[] data = ("Comment\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    chunk.writeBytes(new byte[] {(byte) (data.length >> 24), (byte) (data.length >> 16), (byte) (data.length >> 8), (byte) data.length});
    byte[] typeAndData = new byte[4 + data.length];
    System.arraycopy("tEXt".getBytes(StandardCharsets.ISO_8859_1), 0, typeAndData, 0, 4);
    System.arraycopy(data, 0, typeAndData, 4, data.length);
    chunk.writeBytes(typeAndData);
    CRC32 crc = new CRC32();
    crc.update(typeAndData);
    long c = crc.getValue();
    chunk.writeBytes(new byte[] {(byte) (c >> 24), (byte) (c >> 16), (byte) (c >> 8), (byte) c});
    // After the signature (8) and IHDR (4 + 4 + 13 + 4).
    int at = 8 + 25;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(plain, 0, at);
    out.writeBytes(chunk.toByteArray());
    out.write(plain, at, plain.length - at);
    return out.toByteArray();
  }

  /** A Windows executable's first bytes: what a renamed .exe starts with. */
  public static byte[] exe() {
    byte[] b = new byte[4096];
    b[0] = 'M';
    b[1] = 'Z';
    b[0x3C] = (byte) 0x80;
    System.arraycopy("PE\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0x80, 4);
    return b;
  }

  static BufferedImage image(int width, int height, int type) {
    BufferedImage img = new BufferedImage(width, height, type);
    var g = img.createGraphics();
    g.setColor(new Color(30, 120, 200));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(250, 200, 40));
    g.fillOval(width / 4, height / 4, Math.max(1, width / 2), Math.max(1, height / 2));
    g.dispose();
    return img;
  }

  static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A multipart/form-data body with one file part. */
  public record Multipart(String contentType, byte[] body) {
    public static Multipart file(String field, String fileName, String partType, byte[] content) {
      String boundary = "----cocreate-test-" + Long.toHexString(System.nanoTime());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
          + "\"\r\nContent-Type: " + partType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(content);
      out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }
  }
}
