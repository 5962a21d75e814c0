package dev.cocreate.platform.mail;

import dev.cocreate.platform.config.MailSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/**
 * Sends one plain-text e-mail to one address through the configured SMTP server: for the account's
 * own messages (a password reset link, an e-mail confirmation). Without an SMTP host it sends
 * nothing and says so, so a caller can log it rather than pretend.
 */
public final class Mailer {
  private final MailSettings settings;
  private final MailClient client;

  public Mailer(Vertx vertx, MailSettings settings) {
    this.settings = settings;
    this.client = !settings.enabled() ? null : MailClient.create(vertx, new MailConfig()
        .setHostname(settings.smtpHost())
        .setPort(settings.smtpPort())
        .setStarttls(StartTLSOptions.OPTIONAL)
        .setLogin(LoginOption.DISABLED));
  }

  public boolean enabled() {
    return client != null;
  }

  /** Sends the message; fails when no SMTP server is configured or the server refuses it. */
  public Future<Void> send(String to, String subject, String text) {
    if (client == null) {
      return Future.failedFuture(new IllegalStateException("no SMTP server is configured (smtpHost)"));
    }
    return client.sendMail(new MailMessage().setFrom(settings.smtpFrom()).setTo(to).setSubject(subject).setText(text))
        .mapEmpty();
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
