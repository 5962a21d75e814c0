package dev.cocreate.platform.db;

/**
 * The embedded PostgreSQL could not be prepared, started, stopped or reached.
 *
 * <p>The message is always one human-readable line that says what went wrong and, where it
 * helps, what to do about it (and the last lines of the PostgreSQL log), so that {@code Main}
 * can print it as is.
 */
public class EmbeddedPostgresException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmbeddedPostgresException(String message) {
    super(message);
  }

  public EmbeddedPostgresException(String message, Throwable cause) {
    super(message, cause);
  }
}
