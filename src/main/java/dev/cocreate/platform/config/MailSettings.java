package dev.cocreate.platform.config;

/**
 * Where notification digests are sent from: an SMTP server ({@code smtpHost}, {@code smtpPort})
 * and the sender address ({@code smtpFrom}). Without a host no digest is ever sent.
 */
public record MailSettings(String smtpHost, int smtpPort, String smtpFrom) {
  public boolean enabled() {
    return smtpHost != null;
  }
}
