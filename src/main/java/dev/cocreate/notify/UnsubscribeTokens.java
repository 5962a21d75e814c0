package dev.cocreate.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in a digest's unsubscribe link: the member's id and an HMAC of it under the server's
 * secret, so the link works without signing in and cannot be made up for someone else.
 */
final class UnsubscribeTokens {
  private static final String PURPOSE = "digest-unsubscribe:";
  private final byte[] key;

  UnsubscribeTokens(String secret) {
    this.key = secret.getBytes(StandardCharsets.UTF_8);
  }

  String tokenFor(long userId) {
    return userId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(userId));
  }

  /** The member the token was made for, or -1 when it is not one of ours. */
  long userOf(String token) {
    if (token == null || token.length() > 200) {
      return -1;
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return -1;
    }
    try {
      long id = Long.parseLong(token.substring(0, dot));
      byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      return id > 0 && MessageDigest.isEqual(given, mac(id)) ? id : -1;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private byte[] mac(long userId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal((PURPOSE + userId).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
