package dev.cocreate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package structure, read from the compiled classes: the arrows of docs/architecture.md only
 * point one way. A new cycle fails here, named with the classes that close it, before it spreads.
 */
@DisplayName("The architecture: packages without cycles, the composition root on top, the platform below every feature, classes a reader can hold")
class ArchitectureTest {
  /** Over this many lines a class must say why it is one class (a comment containing "one class because"). */
  static final int LONG_CLASS_LINES = 400;
  static final Pattern SAYS_WHY = Pattern.compile("(?i)one class because");

  static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.cocreate");
  }

  @Test
  @DisplayName("no two packages depend on each other, directly or through others")
  void noPackageCycles() {
    slices().matching("dev.cocreate.(**)").namingSlices("$1")
        .should().beFreeOfCycles()
        .check(main);
  }

  @Test
  @DisplayName("only the composition root (dev.cocreate) knows every feature; no feature reaches back into it")
  void nothingDependsOnTheRoot() {
    noClasses().that().resideOutsideOfPackage("dev.cocreate")
        .should().dependOnClassesThat().resideInAPackage("dev.cocreate")
        .check(main);
  }

  @Test
  @DisplayName("the platform knows no feature")
  void platformKnowsNoFeature() {
    noClasses().that().resideInAPackage("dev.cocreate.platform..")
        .should().dependOnClassesThat().resideOutsideOfPackages("dev.cocreate.platform..", "java..", "javax..",
            "io.vertx..", "io.netty..", "org.slf4j..", "ch.qos.logback..", "com.fasterxml..", "org.flywaydb..",
            "org.postgresql..", "org.apache.commons..", "org.tukaani..", "io.micrometer..", "io.prometheus..",
            "com.github.benmanes..", "io.github.bucket4j..", "org.bouncycastle..", "com.github.jknack..",
            "org.commonmark..", "org.owasp..", "sun..", "jdk..", "com.sun..")
        .check(main);
  }

  @Test
  @DisplayName("no class in src/main is over " + LONG_CLASS_LINES + " lines without a comment saying why it is one class")
  void longClassesSayWhy() throws IOException {
    Path root = Path.of("src/main/java");
    List<String> unexplained;
    try (Stream<Path> files = Files.walk(root)) {
      unexplained = files.filter(f -> f.toString().endsWith(".java"))
          .filter(ArchitectureTest::longWithoutWhy)
          .map(root::relativize).map(Path::toString).sorted().toList();
    }
    assertThat(unexplained)
        .as("classes over %d lines: split them by what they do, or say in the class comment why it is one class because ...",
            LONG_CLASS_LINES)
        .isEmpty();
  }

  static boolean longWithoutWhy(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.size() > LONG_CLASS_LINES && !SAYS_WHY.matcher(String.join("\n", lines)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
