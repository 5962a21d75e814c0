package dev.cocreate.platform.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Heap policy (issue #23)")
class HeapPolicyTest {
  static final long GIB = 1024L * 1024 * 1024;

  @Test
  @DisplayName("the heap ceiling is a quarter of memory, at least the floor and at most the cap; it starts small")
  void sizedFromTheMachine() {
    assertThat(HeapPolicy.maxHeapMib(24 * GIB)).isEqualTo(HeapPolicy.CAP_MIB);
    assertThat(HeapPolicy.maxHeapMib(1 * GIB)).isEqualTo(256);
    assertThat(HeapPolicy.maxHeapMib(GIB / 4)).isEqualTo(HeapPolicy.FLOOR_MIB);
    assertThat(HeapPolicy.jvmOptions(24 * GIB, true)).containsExactly("-Xmx512m", "-Xms64m", "-Xmn32m", "-XX:+UseSerialGC",
        "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TrimNativeHeapInterval=5000");
    assertThat(HeapPolicy.INITIAL_MIB).isLessThanOrEqualTo(HeapPolicy.FLOOR_MIB);
    assertThat(HeapPolicy.YOUNG_MIB).isLessThan(HeapPolicy.INITIAL_MIB);
  }

  @Test
  @DisplayName("a java without native heap trimming gets no option it would refuse to start with")
  void onlyOptionsThisJavaHas() {
    assertThat(HeapPolicy.jvmOptions(24 * GIB, false)).noneMatch(o -> o.contains("TrimNativeHeap")).contains("-XX:+UseSerialGC");
    // This java is the one the server would run on: what it says it has, it accepts.
    assertThat(Relauncher.hasOption("MaxHeapFreeRatio")).isTrue();
    assertThat(Relauncher.hasOption("NoSuchOptionAnywhere")).isFalse();
  }

  @Test
  @DisplayName("the server's malloc arenas are the policy's unless the operator set them")
  void mallocArenas() {
    assertThat(HeapPolicy.environment(Map.of("HOME", "/h"))).containsEntry("MALLOC_ARENA_MAX", "2").containsEntry("HOME", "/h");
    assertThat(HeapPolicy.environment(Map.of("MALLOC_ARENA_MAX", "8"))).containsEntry("MALLOC_ARENA_MAX", "8");
  }

  @Test
  @DisplayName("it applies when nobody chose a heap or a collector, and steps aside for an operator's choice, a debugger or the opt-out")
  void whoDecides() {
    Map<String, String> jvmDefaults = new HashMap<>();
    for (String option : HeapPolicy.OPERATOR_CHOICES) {
      jvmDefaults.put(option, "DEFAULT");
    }
    jvmDefaults.put("MaxHeapSize", "ERGONOMIC");
    jvmDefaults.put("UseG1GC", "ERGONOMIC");
    assertThat(HeapPolicy.whyNot(Map.of(), jvmDefaults, List.of("-Dfoo=bar"))).isNull();

    Map<String, String> xmx = new HashMap<>(jvmDefaults);
    xmx.put("MaxHeapSize", "VM_CREATION");
    assertThat(HeapPolicy.whyNot(Map.of(), xmx, List.of("-Xmx2g"))).contains("MaxHeapSize");

    Map<String, String> toolOptions = new HashMap<>(jvmDefaults);
    toolOptions.put("UseZGC", "ENVIRON_VAR");
    assertThat(HeapPolicy.whyNot(Map.of(), toolOptions, List.of("-XX:+UseZGC"))).contains("UseZGC");

    Map<String, String> percentage = new HashMap<>(jvmDefaults);
    percentage.put("MaxRAMPercentage", "CONFIG_FILE");
    assertThat(HeapPolicy.whyNot(Map.of(), percentage, List.of())).contains("MaxRAMPercentage");

    assertThat(HeapPolicy.whyNot(Map.of(), jvmDefaults, List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"))).isNotNull();
    assertThat(HeapPolicy.whyNot(Map.of(Relauncher.OPT_OUT_ENV, "off"), jvmDefaults, List.of())).contains("off");
    assertThat(HeapPolicy.whyNot(Map.of(Relauncher.OPT_OUT_ENV, "on"), jvmDefaults, List.of())).isNull();
  }

  @Test
  @DisplayName("the server JVM gets the launcher's own options, not those it reads again from JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS or _JAVA_OPTIONS")
  void forwardsOwnOptionsOnly() {
    Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", " -Dtool=1  -Dshared=x", "JDK_JAVA_OPTIONS", "-Dlauncher=2", "_JAVA_OPTIONS",
        "-Dunderscore=4");
    List<String> input = List.of("-Dtool=1", "-Dshared=x", "-Dlauncher=2", "-Dunderscore=4", "-Dshared=x", "-Dcmd=3");
    assertThat(Relauncher.ownOptions(input, env)).containsExactly("-Dshared=x", "-Dcmd=3");
  }

  @Test
  @DisplayName("the command line runs the same java with the policy's options, then the launcher's own (the last wins), the entry point and the arguments")
  void commandLine() {
    String[] args = {"serve", "--config", "x.json"};
    List<String> fromClasses = Relauncher.command("dev.cocreate.Launch", args, List.of("-XX:MaxHeapFreeRatio=50"), Map.of(),
        "target/classes:lib/a.jar", "dev.cocreate.Launch serve --config x.json");
    assertThat(fromClasses.get(0)).isEqualTo(System.getProperty("java.home") + "/bin/java");
    assertThat(fromClasses).containsSubsequence("-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=30", "-XX:MaxHeapFreeRatio=50", "-cp",
        "target/classes:lib/a.jar", "dev.cocreate.Launch", "serve", "--config", "x.json");
    assertThat(fromClasses.subList(fromClasses.size() - 3, fromClasses.size())).containsExactly(args);

    // java -jar: the server is started the same way (the manifest's entry point, the same jar in ps).
    List<String> fromJar = Relauncher.command("dev.cocreate.Launch", args, List.of(), Map.of(), "target/cocreate.jar",
        "target/cocreate.jar serve --config x.json");
    assertThat(fromJar).containsSubsequence("-XX:+UseSerialGC", "-jar", "target/cocreate.jar", "serve", "--config", "x.json")
        .doesNotContain("dev.cocreate.Launch", "-cp");
  }
}
