package dev.cocreate.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A page's form read as the API's fields (no server)")
class FormFieldsTest {
  static FormFields form(String... pairs) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(pairs[i], pairs[i + 1]);
    }
    return new FormFields(m);
  }

  static List<ApiException.FieldError> errors(Fields f) {
    try {
      f.validate();
      return List.of();
    } catch (ApiException e) {
      return e.errors();
    }
  }

  @Test
  @DisplayName("the same text checks and messages as a JSON body; a field the form left out reads as empty")
  void textLikeJson() {
    FormFields f = form("title", "  x  ", "body", "y".repeat(11));
    JsonBody b = new JsonBody(new JsonObject().put("title", "  x  ").put("body", "y".repeat(11)).put("note", ""));
    for (Fields fields : List.<Fields>of(f, b)) {
      assertThat(fields.string("title", 3, 200)).isNull();
      assertThat(fields.string("body", 1, 10)).isNull();
      assertThat(fields.string("note", 1, 10)).isNull();
    }
    assertThat(errors(f)).isEqualTo(errors(b)).extracting(ApiException.FieldError::message)
        .containsExactly("must be at least 3 characters", "must be at most 10 characters", "must not be blank");
  }

  @Test
  @DisplayName("a number typed as text, a checkbox there or not, a list as one comma-separated line")
  void formShapes() {
    FormFields f = form("parentId", " 42 ", "junk", "4x", "accept", "true", "tags", " a, b ,,c ");
    assertThat(f.optionalLong("parentId")).isEqualTo(42L);
    assertThat(f.optionalLong("none")).isNull();
    assertThat(f.optionalLong("junk")).isNull();
    assertThat(f.bool("accept")).isTrue();
    assertThat(f.bool("missing")).isFalse();
    assertThat(f.strings("tags", 5, 30)).containsExactly("a", "b", "c");
    assertThatThrownBy(f::validate).isInstanceOf(ApiException.class);
  }

  @Test
  @DisplayName("a value the page has already read replaces what the form sent")
  void withOverrides() {
    FormFields f = form("space", "typed", "tags", "X").with("space", "from-url").with("tags", new JsonArray().add("y"))
        .with("parentId", null);
    assertThat(f.string("space", 1, 100)).isEqualTo("from-url");
    assertThat(f.strings("tags", 5, 30)).containsExactly("y");
    assertThat(f.has("parentId")).isFalse();
    assertThat(f.oneOf("reason", Set.of("spam"), true)).isNull();
    assertThat(errors(f)).extracting(ApiException.FieldError::message).containsExactly("must be one of spam");
  }
}
