package dev.cocreate.challenge.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks from reaching into the server's own network (SSRF): a URL whose host resolves to
 * a loopback, private, link-local or otherwise non-public address (or an IPv6 address that tunnels
 * or translates to one) is refused, unless the operator
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
            throw new Refused("resolves to an address that is not public (private, loopback, link-local, reserved"
                + " or documentation), which webhooks may not reach");
          }
        }
      }
      return all[0];
    }, false);
  }

  /**
   * Whether a webhook may not reach the address: anything the IANA special-purpose registries do not
   * mark globally reachable (RFC 6890 and its updates). IPv6 is public only inside global unicast
   * (2000::/3) and outside its special blocks; an IPv6 address that carries an IPv4 one the network
   * will deliver to (IPv4-mapped, NAT64's well-known prefix, 6to4) is judged by that IPv4 address, so
   * {@code [2002:7f00:1::]} is loopback as much as 127.0.0.1 is.
   */
  static boolean isNonPublic(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return inAny(b, NON_PUBLIC_V4);
    }
    if (!(a instanceof Inet6Address)) {
      return true;
    }
    byte[] embedded = embeddedV4(b);
    if (embedded != null) {
      return inAny(embedded, NON_PUBLIC_V4);
    }
    // Outside 2000::/3 nothing is global unicast: loopback, unspecified, IPv4-compatible (::/96,
    // deprecated), SIIT, discard-only, local-use NAT64 (64:ff9b:1::/48), unique-local, link-local,
    // site-local and multicast all fall here.
    if ((b[0] & 0xe0) != 0x20) {
      return true;
    }
    return inAny(b, NON_PUBLIC_V6);
  }

  /**
   * The IPv4 address inside an IPv6 one, for the forms that deliver to it: IPv4-mapped
   * (::ffff:0:0/96, what a dual-stack socket turns an IPv4 destination into), NAT64's well-known
   * prefix (64:ff9b::/96, RFC 6052: the translator forwards to the last 32 bits) and 6to4
   * (2002::/16, RFC 3056: the relay tunnels to bits 16 to 47). Null for any other address.
   */
  static byte[] embeddedV4(byte[] b) {
    if (inAny(b, List.of(V4_MAPPED, NAT64_WELL_KNOWN))) {
      return Arrays.copyOfRange(b, 12, 16);
    }
    if (SIX_TO_FOUR.contains(b)) {
      return Arrays.copyOfRange(b, 2, 6);
    }
    return null;
  }

  /** An address block: the first {@code bits} bits of {@code prefix}. */
  record Block(byte[] prefix, int bits) {
    static Block of(String cidr) {
      int slash = cidr.indexOf('/');
      try {
        // Literals only: getByName does not resolve them.
        byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
        if (cidr.startsWith("::ffff:")) {
          // Java reads an IPv4-mapped literal as the IPv4 address; the block is the IPv6 one.
          prefix = new byte[16];
          prefix[10] = (byte) 0xff;
          prefix[11] = (byte) 0xff;
        }
        return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(cidr, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  private static boolean inAny(byte[] address, List<Block> blocks) {
    for (Block block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static List<Block> blocks(String... cidrs) {
    return Arrays.stream(cidrs).map(Block::of).toList();
  }

  /**
   * IPv4 blocks no webhook may reach: IANA's special-purpose registry without the few entries
   * marked globally reachable (AS112 and AMT anycast, which no webhook lives on either way, stay
   * allowed), plus multicast and the reserved 240/4.
   */
  static final List<Block> NON_PUBLIC_V4 = blocks(
      "0.0.0.0/8",          // "this network"
      "10.0.0.0/8",         // private
      "100.64.0.0/10",      // carrier-grade NAT: the provider's side, not the internet
      "127.0.0.0/8",        // loopback
      "169.254.0.0/16",     // link-local (cloud metadata services live here)
      "172.16.0.0/12",      // private
      "192.0.0.0/24",       // IETF protocol assignments
      "192.0.2.0/24",       // documentation (TEST-NET-1)
      "192.88.99.0/24",     // the deprecated 6to4 relay anycast
      "192.168.0.0/16",     // private
      "198.18.0.0/15",      // benchmarking
      "198.51.100.0/24",    // documentation (TEST-NET-2)
      "203.0.113.0/24",     // documentation (TEST-NET-3)
      "224.0.0.0/4",        // multicast
      "240.0.0.0/4");       // reserved, and the limited broadcast 255.255.255.255

  /** Special blocks inside global unicast (2000::/3) that are not globally reachable. */
  static final List<Block> NON_PUBLIC_V6 = blocks(
      "2001::/23",          // IETF protocol assignments: Teredo (2001::/32), benchmarking, ORCHID...
      "2001:db8::/32",      // documentation
      "3fff::/20",          // documentation (RFC 9637)
      "5f00::/16");         // SRv6 segment identifiers (RFC 9602)

  private static final Block V4_MAPPED = Block.of("::ffff:0:0/96");
  private static final Block NAT64_WELL_KNOWN = Block.of("64:ff9b::/96");
  private static final Block SIX_TO_FOUR = Block.of("2002::/16");
}
