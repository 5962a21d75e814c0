package dev.cocreate.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Official idea statuses")
class IdeaStatusTest {
  static final Map<String, Set<String>> ALLOWED = Map.of(
      "submitted", Set.of("in_review"),
      "in_review", Set.of("shortlisted", "declined"),
      "shortlisted", Set.of("accepted", "declined"),
      "accepted", Set.of("implemented", "declined"),
      "implemented", Set.of(),
      "declined", Set.of(),
      "merged", Set.of(),
      "expired", Set.of());

  static Stream<Arguments> everyPair() {
    return Stream.of(IdeaStatus.values()).flatMap(from -> Stream.of(IdeaStatus.values()).map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  void answers(IdeaStatus from, IdeaStatus to) {
    assertThat(from.canAnswerWith(to)).isEqualTo(ALLOWED.get(from.wire()).contains(to.wire()));
  }
}
