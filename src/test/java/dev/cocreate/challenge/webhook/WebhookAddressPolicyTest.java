package dev.cocreate.challenge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
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

  @ParameterizedTest(name = "{0} is public")
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "100.63.255.255", "172.32.0.1", "2606:4700:4700::1111"})
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
