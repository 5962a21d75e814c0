package dev.cocreate.challenge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Webhook address policy")
class WebhookAddressPolicyTest {

  @ParameterizedTest(name = "{0} is not public")
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
      "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
      "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "::127.0.0.1"})
  void refused(String address) throws Exception {
    assertThat(WebhookAddressPolicy.isNonPublic(InetAddress.getByName(address))).isTrue();
  }

  /** Each row: an address, and the special block that makes it unreachable for webhooks. */
  @ParameterizedTest(name = "{0} ({1}) is not public")
  @CsvSource(delimiter = '|', textBlock = """
      2002:7f00:1::             | 6to4 of 127.0.0.1
      2002:c0a8:101::           | 6to4 of 192.168.1.1
      2002:a9fe:a9fe::1         | 6to4 of the metadata service 169.254.169.254
      2002:0a00:0001:1::abcd    | 6to4 of 10.0.0.1, with a subnet and host
      2002:6440:1::             | 6to4 of CGNAT 100.64.0.1
      64:ff9b::7f00:1           | NAT64 of 127.0.0.1
      64:ff9b::c0a8:101         | NAT64 of 192.168.1.1
      64:ff9b::a9fe:a9fe        | NAT64 of 169.254.169.254
      64:ff9b:1::8.8.8.8        | local-use NAT64, never public
      64:ff9b:1:7f00:1::        | local-use NAT64 with the IPv4 address after a /48 prefix
      2001:0:4136:e378:8000:63bf:3fff:fdd2 | Teredo
      2001::1                   | Teredo's prefix
      2001:2::1                 | IPv6 benchmarking
      2001:db8::1               | IPv6 documentation
      2001:db8:ffff::8.8.8.8    | IPv6 documentation, whatever it ends with
      3fff::1                   | IPv6 documentation (RFC 9637)
      5f00::1                   | SRv6 segment identifiers
      ::ffff:0:7f00:1           | SIIT IPv4-translated
      ::8.8.8.8                 | IPv4-compatible (deprecated)
      ::ffff:192.0.2.1          | IPv4-mapped documentation address
      100::1                    | discard-only
      ff02::1                   | IPv6 multicast
      ff0e::1                   | IPv6 global-scope multicast
      fec0::1                   | IPv6 site-local (deprecated)
      4000::1                   | IPv6 outside global unicast
      192.0.2.1                 | documentation (TEST-NET-1)
      198.51.100.7              | documentation (TEST-NET-2)
      203.0.113.255             | documentation (TEST-NET-3)
      198.18.0.1                | benchmarking
      198.19.255.254            | benchmarking, upper half
      100.127.255.255           | CGNAT, last address
      192.0.0.8                 | IETF protocol assignments
      192.88.99.1               | deprecated 6to4 relay anycast
      239.255.255.250           | multicast (SSDP)
      240.0.0.1                 | reserved
      254.1.2.3                 | reserved
      0.1.2.3                   | "this network"
      172.31.255.255            | private, last address
      """)
  void refusedSpecialBlocks(String address, String why) throws Exception {
    assertThat(WebhookAddressPolicy.isNonPublic(InetAddress.getByName(address))).as(why).isTrue();
  }

  @ParameterizedTest(name = "{0} is public")
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "100.63.255.255", "172.32.0.1", "2606:4700:4700::1111",
      "100.128.0.1", "198.17.255.255", "198.20.0.1", "192.0.3.1", "203.0.114.1", "223.255.255.254",
      // The embedding forms of a public IPv4 address deliver to that address, which is public.
      "2002:808:808::", "64:ff9b::808:808", "::ffff:8.8.8.8",
      // Just outside the special IPv6 blocks.
      "2001:200::1", "2001:db9::1", "2003::1", "2a00:1450:4001::200e"})
  void allowed(String address) throws Exception {
    assertThat(WebhookAddressPolicy.isNonPublic(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest(name = "{0} is not an acceptable webhook URL")
  @ValueSource(strings = {"ftp://example.com/x", "example.com/x", "http:///x", "http://u:p@example.com/", "http://ex ample.com/",
      "https://example.com/#frag", "javascript:alert(1)"})
  void malformed(String url) {
    assertThatThrownBy(() -> WebhookAddressPolicy.parse(url)).isInstanceOf(WebhookAddressPolicy.Refused.class);
  }
}
