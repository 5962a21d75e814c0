package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A redirect target is a path on this site, or the fallback")
class RedirectTargetsTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      // control characters and whitespace, raw: the encoder refused some (a hung request), browsers drop the others
      "/\r/evil.example", "/\n/evil.example", "/\0/evil.example", "/\u000b/evil.example", "/\f/evil.example",
      "/\t/evil.example", "/ok\r\nSet-Cookie: planted=1", "/a b", "/a\u00a0b", "/a\u2028b", "/a\u0085b", "/a\u007fb",
      // another origin, or not a path at all
      "//evil.example", "/\\evil.example", "/ok\\..\\..", "https://evil.example/", "javascript:alert(1)", "evil.example",
      "", " /", "\t//evil.example",
      // the same, percent-encoded once
      "/%0d/evil.example", "/%0A/evil.example", "/%00", "/%0b", "/%0C", "/%09/evil.example", "/ok%0d%0aSet-Cookie:x=y",
      "/%20", "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%C2%A0",
      // escapes that are not escapes
      "/%zz", "/%", "/ok%4", "/%\u0663\u0663"})
  void hostileTargetsGoToTheFallback(String raw) {
    assertThat(RedirectTargets.sameSitePath(raw, "/fallback")).isEqualTo("/fallback");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"/", "/t/12/p/3#p4", "/search?q=tents+and+tarps&type=thread", "/s/caf%C3%A9", "/c/1?x=%2541",
      "/login?next=%2Fsettings"})
  void pathsOnThisSiteAreKept(String raw) {
    assertThat(RedirectTargets.sameSitePath(raw, "/fallback")).isEqualTo(raw);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"/s/café", "/t/1#\ud83d\ude80"})
  void nonAsciiIsPercentEncodedForTheHeader(String raw) {
    String out = RedirectTargets.sameSitePath(raw, "/fallback");
    assertThat(out).startsWith(raw.substring(0, 3)).isNotEqualTo("/fallback");
    assertThat(out.chars().allMatch(c -> c > 0x20 && c < 0x7f)).as(out).isTrue();
    assertThat(URLDecoder.decode(out.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(raw);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(ints = {RedirectTargets.MAX_LENGTH + 1, 100_000})
  void overlongTargetsGoToTheFallback(int length) {
    assertThat(RedirectTargets.sameSitePath("/" + "a".repeat(length - 1), "/")).isEqualTo("/");
  }
}
