package dev.cocreate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.platform.i18n.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The English and French bundles say the same things, and everything the code asks for is in both. */
@DisplayName("The message bundles are complete in English and French")
class MessageBundlesTest {
  static final Path TEMPLATES = Path.of("src/main/resources/templates");
  /**
   * The code that puts texts on pages and in digests: the page kit, the digests, and every class
   * built with the kit (each feature's pages live in its own package); other code speaks the API's
   * English.
   */
  static final List<Path> JAVA = List.of(Path.of("src/main/java/dev/cocreate/web"), Path.of("src/main/java/dev/cocreate/notify"));
  static final Path ALL_JAVA = Path.of("src/main/java/dev/cocreate");
  static final String USES_THE_KIT = "import dev.cocreate.web.";
  /** {{t "key" ...}} and the (t "key") subexpression. */
  static final Pattern TEMPLATE_KEY = Pattern.compile("[{(]t\\s+\"([^\"]+)\"");
  static final Pattern JAVA_LITERAL = Pattern.compile("\"([a-z][A-Za-z]*(?:\\.[A-Za-z0-9_]+)+)\"");
  /** t('key') or t('key', { count: n, ... }) in webroot/js; the second group marks a plural. */
  static final Pattern SCRIPT_KEY = Pattern.compile("\\bt\\('([^']+)'(, \\{ count)?");
  static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)");
  /**
   * Texts that are the same word in both languages. Anything else equal in both is English left
   * untranslated in the French bundle.
   */
  static final Set<String> SAME_IN_BOTH = Set.of("admin.code", "admin.description", "admin.invitations", "challenge.participants",
      "flag.spam", "format.day", "idea.discussion", "mod.flagReason.spam", "modLog.action", "nav.notifications", "post.points",
      "post.score", "js.post.points.one", "js.post.points.other", "nav.menu", "review.mergeNote", "space.score", "notification.reason", "problem.conflict", "problem.must-be-a-phase",
      "problem.generic.400");

  /** Literals in the scanned code that look like keys but name something else (live event types). */
  static final Set<String> NOT_MESSAGES = Set.of("notification.created", "notification.read");

  static final Map<String, String> EN = Messages.raw(Messages.ENGLISH);
  static final Map<String, String> FR = Messages.raw(Messages.FRENCH);

  @Test
  @DisplayName("French has every English key, and English every French one")
  void sameKeys() {
    Set<String> notInFrench = new TreeSet<>(EN.keySet());
    notInFrench.removeAll(FR.keySet());
    Set<String> notInEnglish = new TreeSet<>(FR.keySet());
    notInEnglish.removeAll(EN.keySet());
    assertThat(notInFrench).as("keys missing from messages_fr.properties").isEmpty();
    assertThat(notInEnglish).as("keys missing from messages_en.properties").isEmpty();
  }

  @Test
  @DisplayName("each text has the same parameters in both languages")
  void sameParameters() {
    List<String> differ = new ArrayList<>();
    EN.forEach((key, english) -> {
      String french = FR.get(key);
      // A problem text's numbers may be an example ("such as 2026-12-01T00:00:00Z") the translation writes out.
      boolean same = key.startsWith("problem.") ? parameters(english).containsAll(parameters(french))
          : parameters(english).equals(parameters(french));
      if (french != null && !same) {
        differ.add(key + ": en " + parameters(english) + ", fr " + parameters(french));
      }
    });
    assertThat(differ).isEmpty();
  }

  @Test
  @DisplayName("the French bundle is French: no text is left as its English")
  void frenchIsTranslated() {
    Set<String> same = new TreeSet<>();
    EN.forEach((key, english) -> {
      if (english.equals(FR.get(key)) && !SAME_IN_BOTH.contains(key)) {
        same.add(key + "=" + english);
      }
    });
    assertThat(same).as("French texts identical to the English ones").isEmpty();
  }

  @Test
  @DisplayName("every {{t \"key\"}} in the templates is in both bundles")
  void templateKeysExist() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path template : files.filter(p -> p.toString().endsWith(".hbs")).toList()) {
        Matcher m = TEMPLATE_KEY.matcher(Files.readString(template));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    assertThat(used).as("keys the templates use").hasSizeGreaterThan(200);
    assertThat(missing(used)).isEmpty();
  }

  @Test
  @DisplayName("every key the Java code names is in both bundles")
  void javaKeysExist() throws IOException {
    Set<String> prefixes = EN.keySet().stream().map(k -> k.substring(0, k.indexOf('.'))).collect(Collectors.toSet());
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ALL_JAVA)) {
      for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String code = Files.readString(source);
        if (JAVA.stream().noneMatch(source::startsWith) && !code.contains(USES_THE_KIT)) {
          continue;
        }
        Matcher m = JAVA_LITERAL.matcher(code);
        while (m.find()) {
          String literal = m.group(1);
          if (prefixes.contains(literal.substring(0, literal.indexOf('.'))) && !NOT_MESSAGES.contains(literal)) {
            used.add(literal);
          }
        }
      }
    }
    assertThat(used).as("keys the Java code names").contains("flag.thanks", "mod.done.hide", "notification.reply.one",
        "digest.hello");
    assertThat(missing(used)).isEmpty();
  }

  @Test
  @DisplayName("every t('key') of the page scripts is a js.* text in both bundles, with its plural forms")
  void scriptKeysExist() throws IOException {
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("webroot/js"))) {
      for (Path script : files.filter(p -> p.toString().endsWith(".js")).toList()) {
        Matcher m = SCRIPT_KEY.matcher(Files.readString(script));
        while (m.find()) {
          String key = Messages.SCRIPT_PREFIX + m.group(1);
          used.add(m.group(2) == null ? key : key + ".one");
          used.add(m.group(2) == null ? key : key + ".other");
        }
      }
    }
    assertThat(used).contains("js.live.live", "js.thread.newReplies.one", "js.thread.newReplies.other");
    assertThat(missing(used)).isEmpty();
    for (String status : List.of("submitted", "in_review", "shortlisted", "accepted", "implemented", "declined", "merged")) {
      assertThat(missing(Set.of("js.ideaStatus." + status))).as("the status labels challenge.js builds keys for").isEmpty();
    }
  }

  @Test
  @DisplayName("every text compiles, and plural choices hold no apostrophe MessageFormat would eat")
  void textsCompile() {
    Messages messages = Messages.load();
    for (var locale : Messages.SUPPORTED) {
      for (String key : messages.keys(locale)) {
        assertThat(messages.format(locale, key, Map.of("count", 2, "n0", 1, "n1", 2, "n2", 3, "n3", 4))).as(key).isNotNull();
        String raw = Messages.raw(locale).get(key);
        assertThat(raw.contains("choice") && raw.contains("'")).as(locale + " " + key + " has ' inside a choice").isFalse();
      }
    }
    assertThat(messages.text(Messages.FRENCH, "post.foldBranch", "count", 1, "author", "Ada")).isEqualTo("Masquer la réponse à Ada");
    assertThat(messages.text(Messages.FRENCH, "post.foldBranch", "count", 3, "author", "Ada")).isEqualTo("Masquer les 3 réponses à Ada");
    assertThat(messages.text(Messages.ENGLISH, "post.unfoldBranch", "count", 1)).isEqualTo("Show 1 hidden reply");
    assertThat(messages.text(Messages.ENGLISH, "modQueue.claimNote")).isEqualTo("Their claim keeps other moderators' actions off it until then.");
  }

  @Test
  @DisplayName("each problem.* key is the one ProblemText derives from its English text")
  void problemKeysMatchTheirText() {
    List<String> wrong = new ArrayList<>();
    EN.forEach((key, english) -> {
      if (key.startsWith("problem.") && !key.startsWith("problem.generic.")) {
        String derived = ProblemText.key(english.replaceAll("\\{n\\d+}", "0"));
        if (!derived.equals(key)) {
          wrong.add(key + " but its text gives " + derived);
        }
      }
    });
    assertThat(wrong).isEmpty();
    Messages messages = Messages.load();
    assertThat(ProblemText.field(messages, Messages.FRENCH, "must be at most 200 characters"))
        .isEqualTo("doit comporter au plus 200 caractères");
    assertThat(ProblemText.field(messages, Messages.ENGLISH, "must be at most 200 characters"))
        .isEqualTo("must be at most 200 characters");
    assertThat(ProblemText.translate(messages, Messages.FRENCH, "Only members of Acme can manage this challenge.", 403))
        .as("a text naming something at run time falls back to its status's general text")
        .isEqualTo(FR.get("problem.generic.403"));
  }

  private static Set<String> missing(Set<String> keys) {
    Set<String> out = new TreeSet<>();
    for (String key : keys) {
      if (!EN.containsKey(key)) {
        out.add(key + " (not in English)");
      }
      if (!FR.containsKey(key)) {
        out.add(key + " (not in French)");
      }
    }
    return out;
  }

  private static Set<String> parameters(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = PARAMETER.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
