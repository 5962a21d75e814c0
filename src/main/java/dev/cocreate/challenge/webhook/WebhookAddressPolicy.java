package dev.cocreate.challenge.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps webhooks from reaching into the server's own network (SSRF): a URL whose host resolves to
 * a loopback, private, link-local or otherwise non-public address is refused, unless the operator
 * allows it ({@code webhooksAllowPrivate}). The check runs when a webhook is registered and again
 * before every delivery, which then connects to the very address that was checked, so a DNS answer
 * that changes in between cannot slip through.
 */
public final class WebhookAddressPolicy {
  /** Why a URL is not acceptable; the message is safe to show to the org owner. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final boolean allowPrivate;

  public WebhookAddressPolicy(Vertx vertx, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
  }

  /** The URL if its form is acceptable (http or https, a host, no credentials). */
  public static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("must be an absolute http or https URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refused("must be an absolute http or https URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new Refused("must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Refused("must not carry credentials; use the secret to authenticate deliveries");
    }
    if (uri.getRawFragment() != null) {
      throw new Refused("must not have a fragment");
    }
    return uri;
  }

  /** Resolves the host off the event loop; fails with {@link Refused} when any address is not allowed. */
  public Future<InetAddress> resolve(URI uri) {
    String host = uri.getHost();
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(() -> {
      InetAddress[] all;
      try {
        all = InetAddress.getAllByName(bare);
      } catch (UnknownHostException e) {
        throw new Refused("host " + host + " does not resolve");
      }
      if (!allowPrivate) {
        for (InetAddress a : all) {
          if (isNonPublic(a)) {
            throw new Refused("resolves to a private, loopback or link-local address, which webhooks may not reach");
          }
        }
      }
      return all[0];
    }, false);
  }

  /** Loopback, private, link-local, unique-local, CGNAT, multicast, reserved or unspecified. */
  static boolean isNonPublic(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return isNonPublicV4(b);
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // fc00::/7 unique local
      }
      boolean zeroPrefix = true;
      for (int i = 0; i < 10; i++) {
        zeroPrefix &= b[i] == 0;
      }
      boolean v4Mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      boolean v4Compatible = zeroPrefix && b[10] == 0 && b[11] == 0;
      boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
      if (v4Mapped || v4Compatible || nat64) {
        byte[] v4 = {b[12], b[13], b[14], b[15]};
        try {
          return isNonPublic(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isNonPublicV4(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    return a0 == 0 // "this network"
        || a0 == 100 && a1 >= 64 && a1 <= 127 // carrier-grade NAT
        || a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
        || a0 == 198 && (a1 == 18 || a1 == 19) // benchmarking
        || a0 >= 240; // reserved and broadcast
  }
}
