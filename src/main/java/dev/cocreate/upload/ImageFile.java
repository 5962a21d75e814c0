package dev.cocreate.upload;

import dev.cocreate.platform.http.ApiException;
import java.awt.Color;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What an uploaded file is and what is kept of it. The type is read from the file's first bytes,
 * never from its name or the Content-Type the browser guessed; the image is then decoded and
 * written again by the server, so nothing but pixels survives: no EXIF (camera, GPS position), no
 * XMP, no comments, nothing appended after the image. PNG stays PNG and JPEG stays JPEG; WebP
 * (which the JDK cannot write) becomes PNG when it has transparency and JPEG otherwise.
 *
 * <p>Blocking and CPU-heavy: called on a worker, never on an event loop.
 */
final class ImageFile {
  /** The most an upload may hold, as the contract says (2 MiB). */
  static final int MAX_BYTES = 2 * 1024 * 1024;
  /**
   * The most pixels decoded: a 2 MiB file of one colour can claim 20,000 x 20,000 pixels (1.6 GB
   * decoded). 12.5 million covers a 12-megapixel phone photo (4032 x 3024) and stays under 50 MB.
   */
  static final long MAX_PIXELS = 12_500_000;
  static final int MAX_SIDE = 10_000;
  private static final float JPEG_QUALITY = 0.9f;

  enum Kind {
    PNG("png"), JPEG("jpeg"), WEBP("webp");

    final String readerFormat;

    Kind(String readerFormat) {
      this.readerFormat = readerFormat;
    }
  }

  private ImageFile() {}

  /** The kind the bytes begin like, or 415. */
  static Kind sniff(byte[] b) {
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Kind.PNG;
    }
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return Kind.JPEG;
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return Kind.WEBP;
    }
    throw unsupported();
  }

  private static boolean startsWith(byte[] b, int offset, int... expected) {
    if (b.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((b[offset + i] & 0xFF) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  static ApiException unsupported() {
    return new ApiException(415, "unsupported-media-type", "Unsupported media type",
        "Only PNG, JPEG and WebP images are accepted.");
  }

  static ApiException tooLarge() {
    return new ApiException(413, "too-large", "Payload too large", "An image may be at most 2 MiB.");
  }

  /** Sniffs, decodes and re-encodes {@code original}; 415 when it is not a readable image of an accepted kind. */
  static StoredFile reencode(byte[] original) {
    if (original.length > MAX_BYTES) {
      throw tooLarge();
    }
    Kind kind = sniff(original);
    BufferedImage image = decode(kind, original);
    if (kind == Kind.JPEG) {
      // The EXIF that goes carries the way the camera was held: applied to the pixels first, or a
      // portrait photo would lie on its side once its metadata is gone.
      image = upright(image, exifOrientation(original));
    }
    boolean png = kind == Kind.PNG || (kind == Kind.WEBP && image.getColorModel().hasAlpha());
    byte[] bytes = png ? writePng(image) : writeJpeg(image);
    return new StoredFile(bytes, png ? "image/png" : "image/jpeg", png ? "png" : "jpg", image.getWidth(), image.getHeight(),
        sha256(bytes));
  }

  private static BufferedImage decode(Kind kind, byte[] original) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(kind.readerFormat);
    if (!readers.hasNext()) {
      throw new IllegalStateException("no ImageIO reader for " + kind);
    }
    ImageReader reader = readers.next();
    try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(original))) {
      // Metadata is never read, let alone kept.
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      // Checked from the header, before a single pixel is decoded.
      if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
        throw new ApiException(413, "too-large", "Payload too large",
            "An image may be at most " + MAX_SIDE + " pixels a side and 12.5 million pixels in all.");
      }
      BufferedImage image = reader.read(0);
      if (image == null) {
        throw unsupported();
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      // Truncated, corrupt, or a variant the decoder does not know (CMYK JPEG): not an image we can keep.
      throw unsupported();
    } finally {
      reader.dispose();
    }
  }

  private static byte[] writePng(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Closed before the bytes are read: closing flushes what the stream still holds.
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      if (!ImageIO.write(image, "png", stream)) {
        throw unsupported();
      }
    } catch (IOException e) {
      throw unsupported();
    }
    return out.toByteArray();
  }

  private static byte[] writeJpeg(BufferedImage image) {
    BufferedImage rgb = image;
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR && image.getType() != BufferedImage.TYPE_INT_RGB
        && image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      // The JPEG writer takes neither alpha nor odd colour models: draw onto plain RGB first.
      rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      var g = rgb.createGraphics();
      try {
        g.drawImage(image, 0, 0, Color.WHITE, null);
      } finally {
        g.dispose();
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      // No metadata given: the writer emits a bare JFIF header and nothing of the original's.
      writer.write(null, new IIOImage(rgb, null, null), param);
    } catch (IOException e) {
      throw unsupported();
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** The EXIF orientation (1 to 8) of a JPEG, or 1 when it has none or it cannot be read. */
  static int exifOrientation(byte[] jpeg) {
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int marker = jpeg[i + 1] & 0xFF;
      int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      if (marker == 0xDA || length < 2) {
        return 1;
      }
      int body = i + 4;
      if (marker == 0xE1 && body + 14 <= jpeg.length && startsWith(jpeg, body, 'E', 'x', 'i', 'f', 0, 0)) {
        return tiffOrientation(jpeg, body + 6, Math.min(jpeg.length, i + 2 + length));
      }
      i += 2 + length;
    }
    return 1;
  }

  private static int tiffOrientation(byte[] b, int tiff, int end) {
    boolean little = b[tiff] == 'I';
    int ifd = tiff + (int) read(b, tiff + 4, 4, little);
    if (ifd < tiff || ifd + 2 > end) {
      return 1;
    }
    int entries = (int) read(b, ifd, 2, little);
    for (int e = 0; e < entries; e++) {
      int at = ifd + 2 + e * 12;
      if (at + 12 > end) {
        return 1;
      }
      if (read(b, at, 2, little) == 0x0112) {
        int value = (int) read(b, at + 8, 2, little);
        return value >= 1 && value <= 8 ? value : 1;
      }
    }
    return 1;
  }

  private static long read(byte[] b, int at, int size, boolean little) {
    long v = 0;
    for (int k = 0; k < size; k++) {
      int unsigned = b[at + (little ? size - 1 - k : k)] & 0xFF;
      v = (v << 8) | unsigned;
    }
    return v;
  }

  /** The image turned (and mirrored) as EXIF orientation {@code o} says it should be seen. */
  static BufferedImage upright(BufferedImage img, int o) {
    if (o <= 1 || o > 8) {
      return img;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    boolean turned = o >= 5;
    AffineTransform t = new AffineTransform();
    switch (o) {
      case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
      case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
      case 4 -> { t.translate(0, h); t.scale(1, -1); }
      case 5 -> { t.rotate(Math.PI / 2); t.scale(1, -1); }
      case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
      case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(3 * Math.PI / 2); }
      default -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
    }
    BufferedImage out = new BufferedImage(turned ? h : w, turned ? w : h, BufferedImage.TYPE_INT_RGB);
    var g = out.createGraphics();
    try {
      g.drawImage(img, t, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
