package dev.cocreate.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id at the OWASP minimum (m=19 MiB, t=2, p=1), in PHC string format. Hashing runs on a
 * worker thread: it takes tens of milliseconds and must never block an event loop.
 */
public final class PasswordHasher {
  /**
   * What one hash costs. Every stored hash names its own, so a hash made at one cost verifies under
   * a hasher of another.
   */
  public record Cost(int memoryKib, int iterations) {
    /** The server's: the OWASP minimum for Argon2id. */
    public static final Cost OWASP_MINIMUM = new Cost(19 * 1024, 2);

    public Cost {
      if (memoryKib < 8 || iterations < 1) {
        throw new IllegalArgumentException("Argon2id needs at least 8 KiB and one pass: " + memoryKib + " KiB, " + iterations);
      }
    }
  }

  private static final int PARALLELISM = 1;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /**
   * At most one hash per core at a time. On Vert.x's default worker pool (20 threads) a burst of
   * sign-ups ran 20 hashes at once: each took seconds, the event loops got a sliver of the CPU,
   * pool connections timed out (503) and /health/ready stopped answering in time.
   */
  private final WorkerExecutor workers;
  private final Cost cost;
  private final SecureRandom random = new SecureRandom();
  /** Verified against when the account does not exist, so both cases cost the same. */
  private final String decoy;

  public PasswordHasher(Vertx vertx) {
    this(vertx, Cost.OWASP_MINIMUM);
  }

  public PasswordHasher(Vertx vertx, Cost cost) {
    this.cost = cost;
    this.workers = vertx.createSharedWorkerExecutor("cocreate-password-hashing",
        Math.max(1, Runtime.getRuntime().availableProcessors()));
    this.decoy = hashNow("decoy password that matches nothing " + random.nextLong());
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> hashNow(password), false);
  }

  /** Verifies against the stored hash, or against the decoy when there is none (same cost either way). */
  public Future<Boolean> verify(String password, String storedOrNull) {
    String stored = storedOrNull == null ? decoy : storedOrNull;
    return workers.executeBlocking(() -> verifyNow(password, stored) && storedOrNull != null, false);
  }

  String hashNow(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, cost.memoryKib(), cost.iterations(), PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + PARALLELISM + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  static boolean verifyNow(String password, String phc) {
    String[] parts = phc.split("\\$");
    // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
    if (parts.length != 6 || !parts[1].equals("argon2id")) {
      return false;
    }
    int m = 0;
    int t = 0;
    int p = 0;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=");
      int v = Integer.parseInt(pair[1]);
      switch (pair[0]) {
        case "m" -> m = v;
        case "t" -> t = v;
        case "p" -> p = v;
        default -> { }
      }
    }
    byte[] salt = B64D.decode(parts[4]);
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, salt, m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
