package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The error page's field errors")
class ProblemTextTest {
  static final Messages MESSAGES = Messages.load();

  static JsonObject problem(String field) {
    return new JsonObject().put("status", 400).put("title", "Invalid input").put("detail", "Some fields are invalid.")
        .put("errors", new JsonArray().add(new JsonObject().put("field", field).put("message", "must not be blank")));
  }

  @Test
  @DisplayName("name the field by its label in the page's language where the bundle has one")
  void labelledInTheLanguage() {
    JsonObject fr = ProblemText.forPage(MESSAGES, Locale.FRENCH, problem("title")).getJsonArray("errors").getJsonObject(0);
    assertThat(fr.getString("text").replace('\u00a0', ' ')).as("French puts a no-break space before the colon")
        .isEqualTo("Titre : ne doit pas être vide");
    JsonObject en = ProblemText.forPage(MESSAGES, Locale.ENGLISH, problem("title")).getJsonArray("errors").getJsonObject(0);
    assertThat(en.getString("text")).isEqualTo("Title must not be blank");
  }

  @Test
  @DisplayName("fall back to the field's own name, with the message still translated")
  void unknownFieldKeepsItsName() {
    JsonObject fr = ProblemText.forPage(MESSAGES, Locale.FRENCH, problem("sort")).getJsonArray("errors").getJsonObject(0);
    assertThat(fr.getString("text")).isEqualTo("sort ne doit pas être vide");
  }
}
