package dev.cocreate.upload;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} with a member's file name: a plain ASCII {@code filename}
 * (anything else, quotes and backslashes included, becomes {@code _}) for old clients, and the exact
 * name percent-encoded in {@code filename*} (RFC 6266, RFC 8187), so no name can break the header.
 */
final class ContentDisposition {
  private ContentDisposition() {}

  static String attachment(String name) {
    StringBuilder ascii = new StringBuilder();
    StringBuilder encoded = new StringBuilder();
    name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
