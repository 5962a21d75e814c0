package dev.cocreate.platform.config;

/** A configuration problem, reported to the operator as one line naming the key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
