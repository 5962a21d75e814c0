package dev.cocreate.privacy;

import dev.cocreate.account.AccountRoutes;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.Caller;
import dev.cocreate.account.UserRepository;
import dev.cocreate.platform.auth.PasswordHasher;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.AccessChange;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.json.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's rights over their data: a download of everything they made, and the deletion of their
 * account. Deletion erases what identifies them (name, e-mail, bio, sessions, activity) and takes
 * their votes and supports out of every count in one transaction; what they wrote stays, by a
 * "deleted member", so the discussions others joined still read.
 */
public final class MemberData {
  private static final Logger log = LoggerFactory.getLogger(MemberData.class);
  public static final String DELETED_DISPLAY_NAME = "Deleted member";
  /** Never a valid password hash: the account cannot sign in again. */
  static final String UNUSABLE_PASSWORD = "!deleted";

  private final Database db;
  private final UserRepository users;
  private final PasswordHasher hasher;
  private final EventLog events;
  private final List<PersonalData> parts;
  private final AccountService accounts;

  public MemberData(Database db, UserRepository users, PasswordHasher hasher, EventLog events,
      AccountService accounts, List<PersonalData> extraParts) {
    this.accounts = accounts;
    this.db = db;
    this.users = users;
    this.hasher = hasher;
    this.events = events;
    List<PersonalData> all = new ArrayList<>(List.of(new AccountData(), new ForumData(), new ChallengeData(),
        new ModerationData(), new NotificationData(), new UploadData()));
    all.addAll(extraParts);
    this.parts = List.copyOf(all);
  }

  /** Everything the caller made, as one JSON document read from one snapshot. */
  public Future<JsonObject> export(Caller caller) {
    if (!caller.signedIn()) {
      return Future.failedFuture(ApiException.unauthorized("Sign in first."));
    }
    long id = caller.id();
    return db.tx(tx -> tx.query("set transaction isolation level repeatable read, read only").execute()
        .compose(v -> {
          // One part after another: the connection runs one query at a time anyway, and the order stays stable.
          Future<Void> chain = Future.succeededFuture();
          JsonObject doc = new JsonObject()
              .put("format", "cocreate-member-export")
              .put("formatVersion", 1)
              .put("exportedAt", Times.iso(OffsetDateTime.now()));
          for (PersonalData part : parts) {
            chain = chain.compose(x -> part.export(tx, id).map(p -> {
              p.members().forEach((name, value) -> {
                // Two parts writing one section means a feature's data is wired twice (its erasure
                // then runs twice too); fail loudly instead of letting the later part win silently.
                if (doc.containsKey(name)) {
                  throw new IllegalStateException("two personal-data parts export '" + name + "'");
                }
                doc.put(name, value);
              });
              return null;
            }));
          }
          return chain.map(x -> doc);
        }));
  }

  /**
   * Deletes the caller's account after checking their password; 403 when it does not match, 429
   * once the account's password guesses are spent (the sign-in's bucket: a stolen session guesses no
   * faster here than at the sign-in form). Live connections of the member close on every node (4401:
   * their sessions ended), through the outbox.
   */
  public Future<Void> deleteAccount(Caller caller, String password) {
    if (!caller.signedIn()) {
      return Future.failedFuture(ApiException.unauthorized("Sign in first."));
    }
    long id = caller.id();
    return accounts.spendPasswordGuess(id)
        .compose(v -> users.credentials(db.pool(), caller.user().username()))
        .compose(found -> hasher.verify(password, found.filter(c -> c.user().id() == id)
            .map(UserRepository.Credentials::passwordHash).orElse(null)))
        .compose(ok -> ok ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ApiException(403, "forbidden", "Forbidden", "The password does not match.",
                List.of(new ApiException.FieldError("password", "does not match")), null)))
        .compose(v -> db.tx(tx -> erase(tx, id)))
        .onSuccess(v -> log.info("Account {} deleted by its member", id));
  }

  private Future<Void> erase(SqlConnection tx, long id) {
    return tx.preparedQuery("select username, display_name from users where id = $1 and deleted_at is null for update")
        .execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.conflict("This account is already deleted."));
          }
          String username = rows.iterator().next().getString(0);
          String displayName = rows.iterator().next().getString(1);
          List<PersonalData.PendingEvent> pending = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (PersonalData part : parts) {
            chain = chain.compose(v -> part.erase(tx, id).map(list -> {
              pending.addAll(list);
              return null;
            }));
          }
          return chain
              .compose(v -> tx.preparedQuery("""
                      update users set username = $2, email = null, display_name = $3, bio = '', locale = null,
                        password_hash = $4, suspended_until = null, suspension_reason = null, last_seen_at = null,
                        silenced_until = null, silence_reason = null, time_zone = null,
                        role = 'member', deleted_at = now()
                      where id = $1""")
                  .execute(Tuple.of(id, deletedUsername(id), DELETED_DISPLAY_NAME, UNUSABLE_PASSWORD)))
              // The e-mailed links (reset, new address) hold an address of theirs: none may outlive the account.
              .compose(v -> tx.preparedQuery("delete from account_tokens where user_id = $1").execute(Tuple.of(id)))
              .compose(v -> redactEvents(tx, id, username, displayName))
              // Last, as the event log requires, in one statement: first the end of every session
              // (each node closes the member's sockets with 4401 before it fans out the rest), then
              // the new figures the parts announce (counts only: no name in them to redact).
              .compose(v -> {
                List<EventLog.Pending> all = new ArrayList<>(pending.size() + 1);
                all.add(AccessChange.allSessions(id));
                pending.forEach(e -> all.add(new EventLog.Pending(e.topic(), e.type(), e.data())));
                return events.appendAll(tx, all);
              })
              .mapEmpty();
        });
  }

  public static String deletedUsername(long id) {
    return AccountRoutes.DELETED_PREFIX + id;
  }

  /**
   * The replay log keeps the member's name where an event embeds them as an author: rename them
   * there as everywhere else. Their own notifications (the user topic) go altogether.
   */
  private Future<Void> redactEvents(SqlConnection tx, long id, String username, String displayName) {
    return tx.preparedQuery("delete from events where topic = $1").execute(Tuple.of(Topics.user(id)))
        .compose(v -> tx.preparedQuery("""
                select id, data from events
                where jsonb_path_exists(data, '$.** ? (@.id == $uid && @.username == $name)',
                                        jsonb_build_object('uid', $1::bigint, 'name', $2::text))""")
            .execute(Tuple.of(id, username)))
        .compose(rows -> {
          List<Long> ids = new ArrayList<>();
          List<JsonObject> data = new ArrayList<>();
          for (Row r : rows) {
            Object raw = r.getValue("data");
            JsonObject d = raw instanceof JsonObject o ? o.copy() : new JsonObject(String.valueOf(raw));
            ids.add(r.getLong("id"));
            data.add((JsonObject) anonymize(d, id, displayName));
          }
          Future<Void> structured = ids.isEmpty() ? Future.succeededFuture()
              : tx.preparedQuery("update events e set data = v.data from unnest($1::bigint[], $2::jsonb[]) as v(id, data)"
                  + " where e.id = v.id")
              // Tuple.tuple(), not Tuple.of: of(a, b[]) would spread the second array as varargs.
              .execute(Tuple.tuple().addValue(ids.toArray(Long[]::new)).addValue(data.toArray(JsonObject[]::new)))
              .mapEmpty();
          // What is left names them in text (a mention's link in rendered html): rename the whole
          // word. Usernames are [a-z0-9_-], so the name is safe inside the pattern.
          String word = "(?<![a-z0-9_-])" + username + "(?![a-z0-9_-])";
          return structured.compose(v -> tx.preparedQuery(
                  "update events set data = regexp_replace(data::text, $1, $2, 'gi')::jsonb where data::text ~* $1")
              .execute(Tuple.of(word, deletedUsername(id))).mapEmpty());
        });
  }

  /** Replaces the member wherever an object is them ({@code id} and {@code username}), at any depth. */
  static Object anonymize(Object node, long id) {
    return anonymize(node, id, null);
  }

  /**
   * As {@link #anonymize(Object, long)}; besides, an object whose {@code actor} is the member
   * describes what they did in text made from their name (a notification's "Carol replied to
   * you"): there the display name is replaced too, as a whole word. An {@code author}'s object is
   * their content, which stays as they wrote it.
   */
  static Object anonymize(Object node, long id, String displayName) {
    if (node instanceof JsonObject o) {
      if (displayName != null && !displayName.isBlank() && isMember(o.getValue("actor"), id)) {
        Pattern name = Pattern.compile(
            "(?<![\\p{L}\\p{N}])" + Pattern.quote(displayName) + "(?![\\p{L}\\p{N}])");
        for (String key : new ArrayList<>(o.fieldNames())) {
          if (o.getValue(key) instanceof String text) {
            o.put(key, name.matcher(text).replaceAll(Matcher.quoteReplacement(DELETED_DISPLAY_NAME)));
          }
        }
      }
      if (o.getValue("id") instanceof Number n && n.longValue() == id && o.containsKey("username")) {
        o.put("username", deletedUsername(id));
        if (o.containsKey("displayName")) {
          o.put("displayName", DELETED_DISPLAY_NAME);
        }
      }
      for (String key : new ArrayList<>(o.fieldNames())) {
        Object child = o.getValue(key);
        if (child instanceof JsonObject || child instanceof JsonArray) {
          anonymize(child, id, displayName);
        }
      }
    } else if (node instanceof JsonArray a) {
      for (Object child : a) {
        anonymize(child, id, displayName);
      }
    }
    return node;
  }

  private static boolean isMember(Object value, long id) {
    return value instanceof JsonObject o && o.getValue("id") instanceof Number n && n.longValue() == id
        && o.containsKey("username");
  }
}
