package dev.cocreate.platform.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's settings, read once at start-up: the built-in defaults (the checkout's {@code
 * config/config.json}, carried in the jar), then {@code config/config.json} of the working directory,
 * then the file given by {@code --config}, then {@code COCREATE_*} environment variables.
 * Every value is validated here so a bad setting stops start-up with one line naming the key.
 */
public record AppConfig(
    String httpHost,
    int httpPort,
    int httpInstances,
    Path dataDir,
    String dbUrl,
    int dbPoolSize,
    String jwtSecret,
    int tokenMinutes,
    int sessionDays,
    boolean demo,
    boolean rateLimits,
    String publicUrl,
    int shutdownGraceSeconds,
    ModerationConfig moderation,
    int webhookRetryBaseMs,
    boolean webhooksAllowPrivate,
    MailSettings mail,
    Path tlsCertPath,
    Path tlsKeyPath,
    int httpRedirectPort,
    int maxConnectionsPerIp,
    int requestHeaderTimeoutSeconds,
    Path webrootDir,
    long pageCacheBytes) {

  /** Environment variable for each key; the README documents the same table. */
  public static final Map<String, String> ENV_KEYS = envKeys();

  private static Map<String, String> envKeys() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("httpHost", "COCREATE_HTTP_HOST");
    m.put("httpPort", "COCREATE_HTTP_PORT");
    m.put("httpInstances", "COCREATE_HTTP_INSTANCES");
    m.put("dataDir", "COCREATE_DATA_DIR");
    m.put("dbUrl", "COCREATE_DB_URL");
    m.put("dbPoolSize", "COCREATE_DB_POOL_SIZE");
    m.put("jwtSecret", "COCREATE_JWT_SECRET");
    m.put("tokenMinutes", "COCREATE_TOKEN_MINUTES");
    m.put("sessionDays", "COCREATE_SESSION_DAYS");
    m.put("demo", "COCREATE_DEMO");
    m.put("rateLimits", "COCREATE_RATE_LIMITS");
    m.put("publicUrl", "COCREATE_PUBLIC_URL");
    m.put("shutdownGraceSeconds", "COCREATE_SHUTDOWN_GRACE_SECONDS");
    m.put(ModerationConfig.KEY, ModerationConfig.ENV);
    m.put("webhookRetryBaseMs", "COCREATE_WEBHOOK_RETRY_BASE_MS");
    m.put("webhooksAllowPrivate", "COCREATE_WEBHOOKS_ALLOW_PRIVATE");
    m.put("smtpHost", "COCREATE_SMTP_HOST");
    m.put("smtpPort", "COCREATE_SMTP_PORT");
    m.put("smtpFrom", "COCREATE_SMTP_FROM");
    m.put("tlsCertPath", "COCREATE_TLS_CERT");
    m.put("tlsKeyPath", "COCREATE_TLS_KEY");
    m.put("httpRedirectPort", "COCREATE_HTTP_REDIRECT_PORT");
    m.put("maxConnectionsPerIp", "COCREATE_MAX_CONNECTIONS_PER_IP");
    m.put("requestHeaderTimeoutSeconds", "COCREATE_REQUEST_HEADER_TIMEOUT_SECONDS");
    m.put("webrootDir", "COCREATE_WEBROOT_DIR");
    m.put("pageCache", "COCREATE_PAGE_CACHE");
    return Map.copyOf(m);
  }

  /** Where the jar carries its defaults: the checkout's config/config.json, packaged by the pom. */
  static final String DEFAULTS_RESOURCE = "/config/config.json";
  /** Read on first use rather than in a static initializer, so a broken jar fails with a ConfigException. */
  private static JsonObject builtIn;

  /**
   * The built-in defaults, read from the jar rather than the working directory, so the server
   * starts with them from any directory. Keys the file leaves out default to null (unset).
   */
  private static JsonObject readBuiltIn() {
    try (InputStream in = AppConfig.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("the built-in defaults " + DEFAULTS_RESOURCE
            + " are missing from the classpath: build the jar with 'mvn package' from the checkout");
      }
      JsonObject json = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      for (String key : json.fieldNames()) {
        if (!ENV_KEYS.containsKey(key)) {
          throw new ConfigException("the built-in defaults " + DEFAULTS_RESOURCE + " name an unknown key '" + key + "'");
        }
      }
      ENV_KEYS.keySet().forEach(key -> {
        if (!json.containsKey(key)) {
          json.putNull(key);
        }
      });
      return json;
    } catch (IOException e) {
      throw new ConfigException("the built-in defaults " + DEFAULTS_RESOURCE + " cannot be read: " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("the built-in defaults " + DEFAULTS_RESOURCE + " are not valid JSON");
    }
  }

  static synchronized JsonObject defaults() {
    if (builtIn == null) {
      builtIn = readBuiltIn();
    }
    return builtIn.copy();
  }

  /**
   * The built-in defaults, then the working directory's config/config.json (if present), then an
   * optional file, then the environment.
   */
  public static AppConfig load(Path extraFile, Map<String, String> env) {
    JsonObject merged = defaults();
    Path standard = Path.of("config", "config.json");
    if (Files.isRegularFile(standard)) {
      merged.mergeIn(readFile(standard));
    }
    if (extraFile != null) {
      if (!Files.isRegularFile(extraFile)) {
        throw new ConfigException("--config: file not found: " + extraFile);
      }
      merged.mergeIn(readFile(extraFile));
    }
    ENV_KEYS.forEach(
        (key, var) -> {
          String value = env.get(var);
          if (value != null && !value.isEmpty()) {
            merged.put(key, value);
          }
        });
    return fromJson(merged);
  }

  private static JsonObject readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + " is not valid JSON");
    }
  }

  /** Validates every key; values may be JSON typed or strings (from the environment). */
  public static AppConfig fromJson(JsonObject given) {
    JsonObject json = defaults().mergeIn(given);
    for (String key : json.fieldNames()) {
      if (!ENV_KEYS.containsKey(key)) {
        throw new ConfigException("unknown configuration key '" + key + "'");
      }
    }
    String dbUrl = optionalString(json, "dbUrl");
    if (dbUrl != null) {
      validateDbUrl(dbUrl);
    }
    String secret = optionalString(json, "jwtSecret");
    if (secret != null && secret.length() < 32) {
      throw new ConfigException(
          "jwtSecret (COCREATE_JWT_SECRET) must be at least 32 characters; leave it unset to generate one");
    }
    String rate = string(json, "rateLimits").toLowerCase();
    if (!rate.equals("on") && !rate.equals("off")) {
      throw new ConfigException("rateLimits (COCREATE_RATE_LIMITS) must be 'on' or 'off', got '" + rate + "'");
    }
    String publicUrl = optionalString(json, "publicUrl");
    if (publicUrl != null && !(publicUrl.startsWith("http://") || publicUrl.startsWith("https://"))) {
      throw new ConfigException("publicUrl (COCREATE_PUBLIC_URL) must start with http:// or https://");
    }
    Path tlsCert = readableFile(json, "tlsCertPath");
    Path tlsKey = readableFile(json, "tlsKeyPath");
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ConfigException(tlsCert == null
          ? describe("tlsCertPath") + " must be set too when " + describe("tlsKeyPath") + " is: TLS needs both"
          : describe("tlsKeyPath") + " must be set too when " + describe("tlsCertPath") + " is: TLS needs both");
    }
    int redirectPort = integer(json, "httpRedirectPort", 0, 65535);
    if (redirectPort != 0 && tlsCert == null) {
      throw new ConfigException(describe("httpRedirectPort") + " redirects to HTTPS, so it needs tlsCertPath and tlsKeyPath");
    }
    return new AppConfig(
        string(json, "httpHost"),
        integer(json, "httpPort", 0, 65535),
        integer(json, "httpInstances", 0, 64),
        Path.of(string(json, "dataDir")).toAbsolutePath().normalize(),
        dbUrl,
        integer(json, "dbPoolSize", 1, 500),
        secret,
        integer(json, "tokenMinutes", 1, 60 * 24 * 30),
        integer(json, "sessionDays", 1, 365),
        bool(json, "demo"),
        rate.equals("on"),
        publicUrl == null ? null : publicUrl.replaceAll("/+$", ""),
        integer(json, "shutdownGraceSeconds", 0, 600),
        ModerationConfig.fromJson(json.getValue(ModerationConfig.KEY)),
        integer(json, "webhookRetryBaseMs", 10, 3_600_000),
        bool(json, "webhooksAllowPrivate"),
        new MailSettings(optionalString(json, "smtpHost"), integer(json, "smtpPort", 1, 65535), string(json, "smtpFrom")),
        tlsCert,
        tlsKey,
        redirectPort,
        integer(json, "maxConnectionsPerIp", 0, 1_000_000),
        integer(json, "requestHeaderTimeoutSeconds", 1, 3600),
        directory(json, "webrootDir"),
        pageCacheBytes(json));
  }

  private static final Pattern SIZE = Pattern.compile("(\\d{1,7})\\s*(KiB|MiB)");

  /** {@code pageCache}: {@code off}, or the visitors' page cache's budget as {@code 32MiB} or {@code 512KiB}. */
  private static long pageCacheBytes(JsonObject json) {
    String raw = string(json, "pageCache");
    if (raw.equalsIgnoreCase("off")) {
      return 0;
    }
    Matcher m = SIZE.matcher(raw);
    long bytes = m.matches() ? Long.parseLong(m.group(1)) * (m.group(2).equals("MiB") ? 1024 * 1024 : 1024) : -1;
    if (bytes < 64 * 1024 || bytes > 64L * 1024 * 1024 * 1024) {
      throw new ConfigException(describe("pageCache") + " must be 'off' or a size from 64KiB to 65536MiB such as '32MiB', got '"
          + raw + "'");
    }
    return bytes;
  }

  /** An optional path that, when given, must name a readable directory. */
  private static Path directory(JsonObject json, String key) {
    String raw = optionalString(json, key);
    if (raw == null) {
      return null;
    }
    Path p = Path.of(raw).toAbsolutePath().normalize();
    if (!Files.isDirectory(p) || !Files.isReadable(p)) {
      throw new ConfigException(describe(key) + ": no readable directory at " + p);
    }
    return p;
  }

  /** An optional path that, when given, must name a readable file. */
  private static Path readableFile(JsonObject json, String key) {
    String raw = optionalString(json, key);
    if (raw == null) {
      return null;
    }
    Path p = Path.of(raw).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new ConfigException(describe(key) + ": no readable file at " + p);
    }
    return p;
  }

  private static void validateDbUrl(String url) {
    try {
      URI uri = URI.create(url);
      if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
        throw new ConfigException("dbUrl (COCREATE_DB_URL) must be a postgres:// URL");
      }
      if (uri.getHost() == null) {
        throw new ConfigException("dbUrl (COCREATE_DB_URL) has no host");
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException("dbUrl (COCREATE_DB_URL) is not a valid URL");
    }
  }

  private static String describe(String key) {
    return key + " (" + ENV_KEYS.get(key) + ")";
  }

  private static String string(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null || v.toString().isBlank()) {
      throw new ConfigException(describe(key) + " must not be empty");
    }
    return v.toString().trim();
  }

  private static String optionalString(JsonObject json, String key) {
    Object v = json.getValue(key);
    return v == null || v.toString().isBlank() ? null : v.toString().trim();
  }

  private static int integer(JsonObject json, String key, int min, int max) {
    Object v = json.getValue(key);
    int n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.intValue();
    } else {
      try {
        n = Integer.parseInt(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(describe(key) + " must be a whole number, got '" + v + "'");
      }
    }
    if (n < min || n > max) {
      throw new ConfigException(describe(key) + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static boolean bool(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).trim().toLowerCase();
    return switch (s) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(describe(key) + " must be true or false, got '" + v + "'");
    };
  }

  public AppConfig withHttpPort(int port) {
    return new AppConfig(httpHost, port, httpInstances, dataDir, dbUrl, dbPoolSize, jwtSecret, tokenMinutes,
        sessionDays, demo, rateLimits, publicUrl, shutdownGraceSeconds, moderation, webhookRetryBaseMs, webhooksAllowPrivate,
        mail, tlsCertPath, tlsKeyPath, httpRedirectPort, maxConnectionsPerIp, requestHeaderTimeoutSeconds,
        webrootDir, pageCacheBytes);
  }

  public AppConfig withDbUrl(String url) {
    return new AppConfig(httpHost, httpPort, httpInstances, dataDir, url, dbPoolSize, jwtSecret, tokenMinutes,
        sessionDays, demo, rateLimits, publicUrl, shutdownGraceSeconds, moderation, webhookRetryBaseMs, webhooksAllowPrivate,
        mail, tlsCertPath, tlsKeyPath, httpRedirectPort, maxConnectionsPerIp, requestHeaderTimeoutSeconds,
        webrootDir, pageCacheBytes);
  }

  public AppConfig withJwtSecret(String secret) {
    return new AppConfig(httpHost, httpPort, httpInstances, dataDir, dbUrl, dbPoolSize, secret, tokenMinutes,
        sessionDays, demo, rateLimits, publicUrl, shutdownGraceSeconds, moderation, webhookRetryBaseMs, webhooksAllowPrivate,
        mail, tlsCertPath, tlsKeyPath, httpRedirectPort, maxConnectionsPerIp, requestHeaderTimeoutSeconds,
        webrootDir, pageCacheBytes);
  }

  /** HTTPS on httpPort, with the PEM certificate and key. */
  public boolean tls() {
    return tlsCertPath != null;
  }

  /**
   * Cookies only over HTTPS: when this server terminates TLS, or when members reach it through an
   * https:// address (a proxy terminates TLS).
   */
  public boolean secureCookies() {
    return tls() || publicUrl != null && publicUrl.startsWith("https://");
  }

  public int effectiveHttpInstances() {
    return httpInstances > 0 ? httpInstances : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
