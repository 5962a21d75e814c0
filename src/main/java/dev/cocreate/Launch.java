package dev.cocreate;

import dev.cocreate.platform.jvm.HeapPolicy;
import dev.cocreate.platform.jvm.Relauncher;
import org.slf4j.LoggerFactory;

/**
 * The jar's entry point: picks the JVM a command runs in, then runs {@link Main}. The serve
 * command runs under the heap policy (issue #23), which may mean a second JVM with the policy's
 * options; this JVM is then only its launcher. A class of its own, not a call in Main, because
 * Main's logger would start logging in the launcher too, 16 MiB of a JVM that only waits.
 */
public final class Launch {
  private Launch() {}

  public static void main(String[] args) {
    boolean serves = serves(args);
    if (serves) {
      Relauncher.serveUnderPolicy(Launch.class.getName(), args);
    }
    Main.main(args);
    if (serves) {
      // Main returns once the server is ready (a start that fails exits inside it, with its one
      // line): which heap and collector it runs with, and who chose them.
      LoggerFactory.getLogger(Launch.class).info("JVM: {}", HeapPolicy.describeThisJvm());
    }
  }

  /**
   * Whether the command is serve (the default): the long-running one, which runs under the heap
   * policy. The one-off commands (create-admin, backup, restore) run in the JVM they were given.
   */
  static boolean serves(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        i++;
      } else if (!args[i].startsWith("--config=")) {
        return args[i].equals("serve");
      }
    }
    return true;
  }
}
