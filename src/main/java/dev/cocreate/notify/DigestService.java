package dev.cocreate.notify;

import dev.cocreate.access.Permissions;
import dev.cocreate.platform.config.MailSettings;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.i18n.Messages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * E-mail digests of unread notifications, daily or weekly, for members who asked for them.
 *
 * <p>Every node runs the job; each member's digest is sent once all the same, because sending
 * starts with a claim in the database: one statement moves the member's {@code digest_sent_at} to
 * now only if their period has passed, under a row lock that other nodes skip. Whoever claimed
 * sends; a failed send gives the claim back so a later run tries again.
 */
public final class DigestService {
  private static final Logger log = LoggerFactory.getLogger(DigestService.class);
  /** A little under a day and a week, so a job that runs every quarter hour does not drift later each time. */
  private static final String PERIOD = "case u.digest_frequency when 'daily' then interval '23 hours 30 minutes' "
      + "else interval '6 days 23 hours 30 minutes' end";
  private static final int MAX_ITEMS = 50;
  private static final int BATCH = 200;

  private final Database db;
  /** The digest speaks the member's chosen language (English when they chose none: no browser asks for it). */
  private final Messages messages;
  private final MailSettings settings;
  private final MailClient mail;
  private final String siteUrl;
  private final UnsubscribeTokens tokens;
  private final NotificationRepository repo;
  /** The "For you" ideas listed after the notifications; a digest is still sent when they cannot be had. */
  private final DigestSuggestions suggestions;
  private final AtomicBoolean running = new AtomicBoolean();

  public DigestService(Vertx vertx, Database db, MailSettings settings, String siteUrl, String secret, Messages messages,
      Permissions permissions, DigestSuggestions suggestions) {
    this.repo = new NotificationRepository(permissions);
    this.suggestions = suggestions;
    this.messages = messages;
    this.db = db;
    this.settings = settings;
    this.siteUrl = siteUrl;
    this.tokens = new UnsubscribeTokens(secret);
    this.mail = !settings.enabled() ? null : MailClient.create(vertx, new MailConfig()
        .setHostname(settings.smtpHost())
        .setPort(settings.smtpPort())
        .setStarttls(StartTLSOptions.OPTIONAL)
        .setLogin(LoginOption.DISABLED));
  }

  /** Runs the job every {@code minutes} when SMTP is configured; answers the timer id, or -1. */
  public long schedule(Vertx vertx, long minutes) {
    if (mail == null) {
      return -1;
    }
    return vertx.setPeriodic(minutes * 60_000, id -> {
      if (!running.compareAndSet(false, true)) {
        return; // the previous run is still sending
      }
      runDigests(OffsetDateTime.now())
          .onFailure(e -> log.warn("Digest run failed: {}", e.toString()))
          .onComplete(ar -> running.set(false));
    });
  }

  /** Sends every digest due at {@code now}; answers how many this node sent. */
  public Future<Integer> runDigests(OffsetDateTime now) {
    if (mail == null) {
      return Future.succeededFuture(0);
    }
    return db.pool().preparedQuery("""
            select u.id from users u
            where u.digest_frequency <> 'off' and u.deleted_at is null
              and (u.digest_sent_at is null or u.digest_sent_at <= $1::timestamptz - %s)
              and exists (select 1 from notifications n where n.user_id = u.id and n.read_at is null
                          and (u.digest_sent_at is null or n.updated_at > u.digest_sent_at))
            order by u.digest_sent_at nulls first, u.id limit $2""".formatted(PERIOD))
        .execute(Tuple.of(now, BATCH))
        .compose(rows -> {
          List<Long> due = new ArrayList<>();
          rows.forEach(r -> due.add(r.getLong(0)));
          Future<Integer> sent = Future.succeededFuture(0);
          for (long userId : due) {
            sent = sent.compose(n -> sendOne(userId, now)
                .map(ok -> ok ? n + 1 : n)
                .recover(e -> {
                  log.warn("Digest for user {} not sent: {}", userId, e.toString());
                  return Future.succeededFuture(n);
                }));
          }
          return sent;
        });
  }

  /** Claims, then sends, one member's digest; false when another node claimed it or nothing is new. */
  private Future<Boolean> sendOne(long userId, OffsetDateTime now) {
    return db.pool().preparedQuery("""
            with old as (select id, digest_sent_at from users where id = $1 for update skip locked)
            update users u set digest_sent_at = $2::timestamptz from old
            where u.id = old.id and u.digest_frequency <> 'off'
              and (old.digest_sent_at is null or old.digest_sent_at <= $2::timestamptz - %s)
            returning old.digest_sent_at as previous, u.email, u.display_name, u.locale""".formatted(PERIOD))
        .execute(Tuple.of(userId, now))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          Row claim = rows.iterator().next();
          OffsetDateTime previous = claim.getOffsetDateTime("previous");
          Locale chosen = Messages.supported(claim.getString("locale"));
          return repo.unreadSince(db.pool(), userId, previous, MAX_ITEMS).compose(items -> {
            if (items.isEmpty()) {
              return giveBack(userId, now, previous).map(false);
            }
            return suggested(userId, chosen)
                .compose(forYou -> mail.sendMail(message(userId, claim.getString("email"), claim.getString("display_name"),
                    chosen, items, forYou)))
                .map(true)
                .recover(e -> giveBack(userId, now, previous).compose(v -> Future.failedFuture(e)));
          });
        });
  }

  /** The member's "For you" ideas, or none when they cannot be had: the notifications go out all the same. */
  private Future<List<DigestSuggestions.Suggestion>> suggested(long userId, Locale chosen) {
    return suggestions.forDigest(userId, chosen == null ? Messages.ENGLISH : chosen).recover(e -> {
      log.warn("Digest suggestions for user {} not had: {}", userId, e.toString());
      return Future.succeededFuture(List.of());
    });
  }

  private Future<Void> giveBack(long userId, OffsetDateTime claimedAt, OffsetDateTime previous) {
    return db.pool().preparedQuery("update users set digest_sent_at = $3 where id = $1 and digest_sent_at = $2")
        .execute(Tuple.of(userId, claimedAt, previous))
        .mapEmpty();
  }

  MailMessage message(long userId, String email, String displayName, Locale chosen, List<Notification> items,
      List<DigestSuggestions.Suggestion> forYou) {
    Locale locale = chosen == null ? Messages.ENGLISH : chosen;
    String unsubscribe = siteUrl + "/unsubscribe?token=" + tokens.tokenFor(userId);
    String hello = messages.text(locale, "digest.hello", "name", displayName);
    String intro = messages.text(locale, "digest.intro");
    String all = messages.text(locale, "digest.allNotifications");
    String stop = messages.text(locale, "digest.stop");
    StringBuilder text = new StringBuilder(hello + "\n\n" + intro + "\n\n");
    StringBuilder html = new StringBuilder("<p>" + escape(hello) + "</p><p>" + escape(intro) + "</p><ul>");
    for (Notification n : items) {
      String link = siteUrl + n.url();
      String summary = n.summary(messages, locale);
      text.append("- ").append(summary).append("\n  ").append(link).append('\n');
      html.append("<li><a href=\"").append(escape(link)).append("\">").append(escape(summary)).append("</a></li>");
    }
    html.append("</ul>");
    if (!forYou.isEmpty()) {
      String heading = messages.text(locale, "digest.forYou");
      text.append('\n').append(heading).append('\n');
      html.append("<h2>").append(escape(heading)).append("</h2><ul>");
      for (DigestSuggestions.Suggestion s : forYou) {
        String link = siteUrl + s.path();
        text.append("- ").append(s.title()).append(" (").append(s.reason()).append(")\n  ").append(link).append('\n');
        html.append("<li><a href=\"").append(escape(link)).append("\">").append(escape(s.title())).append("</a><br>")
            .append(escape(s.reason())).append("</li>");
      }
      html.append("</ul>");
    }
    text.append('\n').append(messages.text(locale, "digest.link", "label", all, "url", siteUrl + "/notifications")).append('\n')
        .append(messages.text(locale, "digest.link", "label", stop, "url", unsubscribe)).append('\n');
    html.append("<p><a href=\"").append(escape(siteUrl + "/notifications")).append("\">").append(escape(all)).append("</a></p>")
        .append("<p><a href=\"").append(escape(unsubscribe)).append("\">").append(escape(stop)).append("</a></p>");
    String subject = items.size() == 1 ? messages.text(locale, "digest.subjectOne", "summary", items.get(0).summary(messages, locale))
        : messages.text(locale, "digest.subjectMany", "count", Integer.toString(items.size()));
    return new MailMessage()
        .setFrom(settings.smtpFrom())
        .setTo(email)
        .setSubject(subject)
        .setText(text.toString())
        .setHtml(html.toString())
        .addHeader("List-Unsubscribe", "<" + unsubscribe + ">")
        .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }

  /** Turns the member's digest off when the token is one of ours; false otherwise. */
  public Future<Boolean> unsubscribe(String token) {
    long userId = tokens.userOf(token);
    if (userId < 0) {
      return Future.succeededFuture(false);
    }
    return db.pool().preparedQuery("update users set digest_frequency = 'off' where id = $1").execute(Tuple.of(userId))
        .map(rows -> rows.rowCount() > 0);
  }

  /** The unsubscribe link's token for a member (tests and the settings page use it). */
  public String unsubscribeToken(long userId) {
    return tokens.tokenFor(userId);
  }

  public Future<Void> close() {
    return mail == null ? Future.succeededFuture() : mail.close();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
