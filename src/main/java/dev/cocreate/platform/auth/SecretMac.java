package dev.cocreate.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the server's secret, for values the server hands out and must later recognise
 * as its own (CSRF tokens, flash messages). Each use names its purpose, which is signed with the
 * value, so a signature made for one purpose never passes for another.
 */
public final class SecretMac {
  private final SecretKeySpec key;

  public SecretMac(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The signature of {@code value} for {@code purpose}, base64url without padding (43 characters). */
  public String sign(String purpose, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(purpose.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when {@code signature} is {@code value}'s for {@code purpose}; compared in constant time. */
  public boolean verify(String purpose, String value, String signature) {
    return signature != null && constantTimeEquals(sign(purpose, value), signature);
  }

  public static boolean constantTimeEquals(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
