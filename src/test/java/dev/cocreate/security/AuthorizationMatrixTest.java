package dev.cocreate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.CsrfTokens;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.support.CocreateServer;
import dev.cocreate.support.MountedRoutes;
import dev.cocreate.support.Resp;
import dev.cocreate.support.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every API route the router mounts, tried as each kind of caller against each kind of space (and
 * the objects in it), with the exact status each must get. The table below is the contract's "who"
 * column made executable; a route that is mounted but missing from it fails the test by name.
 *
 * <p>Adding a route: one line in {@link #TABLE} per object variant (public, members-only and group
 * space where the route reads or writes something in a space). Placeholders in the path and body:
 * <ul>
 *   <li>{@code {space:public|members|group}} a space's slug; {@code {thread:…}} a thread the member
 *       started there; {@code {post:…}} the member's reply in it; {@code {new-post:…}} a new reply
 *       by the member for this cell only (for routes that use it up, like delete)</li>
 *   <li>{@code {thread:hidden}}, {@code {thread:locked}} (and their {@code post:}) are in the public space,
 *       hidden and locked by moderation</li>
 *   <li>{@code {org}} the member's org (they own it); {@code {user}} the member's username</li>
 *   <li>{@code {new-user}} a new account for this cell; {@code {new-org-member}} a new account that
 *       is a member of {@code {org}}; {@code {new-group-member}} one in the group space</li>
 *   <li>{@code {new-thread:…}} a new thread by the member; {@code {flagged-post}} a new reply in the public
 *       space that another member has flagged</li>
 *   <li>{@code {challenge:open|draft|review}} the org's challenges (the one in review judged by the other
 *       member, with {@code {review-idea}} to score and {@code {review-idea:conflict}} to step aside from);
 *       {@code {new-challenge:…}} a new one for the cell;
 *       {@code {idea}} an idea of the open challenge, {@code {new-idea}} a new one; {@code {amendment}} the
 *       member's amendment to {@code {idea}}, {@code {new-amendment}} a new one, {@code {new-idea-reply}} a new
 *       reply of the member in its discussion; {@code {split-idea}} an idea of the other member in a challenge
 *       with a reward, the member credited for an amendment and named with them in its split,
 *       {@code {new-split-idea}} a new one; {@code {webhook}} and
 *       {@code {new-webhook}} the org's webhooks; {@code {challenge:decided}} a decided challenge with
 *       {@code {decided-idea}} (the other member's, supported by the other org's owner) and {@code {result}}, a
 *       delivered result carrying it out</li>
 *   <li>{@code {uniq}} a fresh lowercase token, for slugs and usernames; {@code {=text}} the text itself,
 *       for a path parameter whose value is fixed (it still counts as a parameter for the route)</li>
 * </ul>
 * New kinds of object get a placeholder in {@link #PLACEHOLDERS} (one line each). A body starting with
 * {@code fresh-caller} makes each signed-in caller a new account of the column's role (for routes that
 * use the caller up, like deleting one's account).
 */
@DisplayName("Authorization matrix: every API route as every kind of caller")
class AuthorizationMatrixTest {
  /** The table's columns, in order. */
  enum Who { ANON, MEMBER, OTHER, ORG_OTHER, MOD, ADMIN }

  static final String TABLE = """
      # Callers: anonymous | member: author of every fixture, in the group space, owner of {org} |
      # another member | a member (owner) of another org | moderator | admin.
      # METHOD PATH                                        | anon mbr oth org mod adm | JSON body
      POST   /api/auth/register                            | 201 201 201 201 201 201 | {"username":"u{uniq}","email":"u{uniq}@example.test","password":"correct horse battery"}
      POST   /api/auth/login                               | 200 200 200 200 200 200 | {"login":"{user}","password":"correct horse battery"}
      POST   /api/auth/logout                              | 401 204 204 204 204 204 |
      GET    /api/me                                       | 401 200 200 200 200 200 |
      GET    /api/users/{user}                             | 200 200 200 200 200 200 |
      PUT    /api/users/{new-user}/role                    | 401 403 403 403 403 200 | {"role":"member"}
      POST   /api/users/{new-user}/suspension              | 401 403 403 403 200 200 | {"until":"2099-01-01T00:00:00Z","reason":"matrix"}
      DELETE /api/users/{new-user}/suspension              | 401 403 403 403 200 200 |
      POST   /api/users/{new-user}/silence                 | 401 403 403 403 200 200 | {"until":"2099-01-01T00:00:00Z","reason":"matrix"}
      DELETE /api/users/{new-user}/silence                 | 401 403 403 403 200 200 |
      POST   /api/auth/password-reset                      | 202 202 202 202 202 202 | {"email":"u{uniq}@example.test"}
      POST   /api/auth/password-reset/confirm              | 400 400 400 400 400 400 | {"token":"not-a-token","password":"correct horse battery"}
      POST   /api/orgs                                     | 401 201 201 201 201 201 | {"slug":"o{uniq}","name":"An org"}
      GET    /api/orgs/{org}                               | 200 200 200 200 200 200 |
      PUT    /api/orgs/{org}/members/{new-user}            | 401 200 403 403 403 200 | {"role":"member"}
      DELETE /api/orgs/{org}/members/{new-org-member}      | 401 204 403 403 403 204 |
      GET    /api/spaces                                   | 200 200 200 200 200 200 |
      POST   /api/spaces                                   | 401 403 403 403 403 201 | {"slug":"s{uniq}","name":"A space","visibility":"public"}
      GET    /api/spaces/{space:public}                    | 200 200 200 200 200 200 |
      GET    /api/spaces/{space:members}                   | 404 200 200 200 200 200 |
      GET    /api/spaces/{space:group}                     | 404 200 404 404 200 200 |
      GET    /api/spaces/{space:public}/leaderboard        | 200 200 200 200 200 200 |
      GET    /api/spaces/{space:members}/leaderboard       | 404 200 200 200 200 200 |
      GET    /api/spaces/{space:group}/leaderboard         | 404 200 404 404 200 200 |
      GET    /api/leaderboard                              | 200 200 200 200 200 200 |
      GET    /api/badges                                   | 200 200 200 200 200 200 |
      GET    /api/badges/{=contributor}                    | 200 200 200 200 200 200 |
      PATCH  /api/spaces/{space:public}                    | 401 403 403 403 403 200 | {"description":"Changed by the matrix"}
      PATCH  /api/spaces/{space:members}                   | 401 403 403 403 403 200 | {"description":"Changed by the matrix"}
      PATCH  /api/spaces/{space:group}                     | 401 403 403 403 403 200 | {"description":"Changed by the matrix"}
      PUT    /api/spaces/{space:group}/members/{new-user}  | 401 403 403 403 403 200 |
      PUT    /api/spaces/{space:members}/members/{new-user}| 401 403 403 403 403 409 |
      DELETE /api/spaces/{space:group}/members/{new-group-member} | 401 403 403 403 403 204 |
      GET    /api/spaces/{space:public}/threads            | 200 200 200 200 200 200 |
      POST   /api/orgs/{org}/spaces                        | 401 201 403 403 403 403 | {"slug":"s{uniq}","name":"An org's space"}
      PUT    /api/spaces/{space:org}/members/{new-user}    | 401 200 403 403 403 200 |
      GET    /api/spaces/{space:org}/facilitators          | 404 200 200 404 200 200 |
      PUT    /api/spaces/{space:org}/facilitators/{new-user} | 401 200 403 404 403 200 | {"termEndsAt":"2099-01-01T00:00:00Z"}
      DELETE /api/spaces/{space:org}/facilitators/{new-facilitator} | 401 204 403 404 403 204 |
      GET    /api/spaces/{space:org}/nominations           | 404 200 200 404 200 200 |
      POST   /api/spaces/{space:org}/nominations           | 401 403 201 404 403 403 | {"nominee":"{new-nominee}"}
      POST   /api/spaces/{space:org}/nominations/{nomination:open}/second | 401 403 200 404 403 403 |
      POST   /api/spaces/{space:org}/nominations/{nomination:seconded}/confirm | 401 200 403 404 403 200 | {"termEndsAt":"2099-01-01T00:00:00Z"}
      GET    /api/spaces/{space:org}/log                   | 401 200 403 404 200 200 |
      GET    /api/spaces/{space:members}/threads           | 404 200 200 200 200 200 |
      GET    /api/spaces/{space:group}/threads             | 404 200 404 404 200 200 |
      POST   /api/threads                                  | 401 201 201 201 201 201 | {"space":"{space:public}","title":"A matrix thread","body":"Hello"}
      POST   /api/threads                                  | 401 201 201 201 201 201 | {"space":"{space:members}","title":"A matrix thread","body":"Hello"}
      POST   /api/threads                                  | 401 201 404 404 201 201 | {"space":"{space:group}","title":"A matrix thread","body":"Hello"}
      GET    /api/threads/{thread:public}                  | 200 200 200 200 200 200 |
      GET    /api/threads/{thread:members}                 | 404 200 200 200 200 200 |
      GET    /api/threads/{thread:group}                   | 404 200 404 404 200 200 |
      GET    /api/threads/{thread:hidden}                  | 404 404 404 404 200 200 |
      GET    /api/threads/{thread:locked}                  | 200 200 200 200 200 200 |
      GET    /api/threads/{thread:public}/posts            | 200 200 200 200 200 200 |
      GET    /api/threads/{thread:members}/posts           | 404 200 200 200 200 200 |
      GET    /api/threads/{thread:group}/posts             | 404 200 404 404 200 200 |
      POST   /api/threads/{thread:public}/posts            | 401 201 201 201 201 201 | {"body":"A reply"}
      POST   /api/threads/{thread:members}/posts           | 401 201 201 201 201 201 | {"body":"A reply"}
      POST   /api/threads/{thread:group}/posts             | 401 201 404 404 201 201 | {"body":"A reply"}
      POST   /api/threads/{thread:hidden}/posts            | 401 404 404 404 201 201 | {"body":"A reply"}
      POST   /api/threads/{thread:locked}/posts            | 401 423 423 423 201 201 | {"body":"A reply"}
      GET    /api/posts/{post:public}                      | 200 200 200 200 200 200 |
      GET    /api/posts/{post:members}                     | 404 200 200 200 200 200 |
      GET    /api/posts/{post:group}                       | 404 200 404 404 200 200 |
      PATCH  /api/posts/{post:public}                      | 401 200 403 403 200 200 | {"body":"Edited"}
      PATCH  /api/posts/{post:members}                     | 401 200 403 403 200 200 | {"body":"Edited"}
      PATCH  /api/posts/{post:group}                       | 401 200 404 404 200 200 | {"body":"Edited"}
      DELETE /api/posts/{new-post:public}                  | 401 204 403 403 204 204 |
      DELETE /api/posts/{new-post:members}                 | 401 204 403 403 204 204 |
      DELETE /api/posts/{new-post:group}                   | 401 204 404 404 204 204 |
      POST   /api/posts/{new-post:public}/restore          | 401 200 403 403 200 200 |
      POST   /api/posts/{new-post:members}/restore         | 401 200 403 403 200 200 |
      POST   /api/posts/{new-post:group}/restore           | 401 200 404 404 200 200 |
      GET    /api/posts/{post:public}/revisions            | 200 200 200 200 200 200 |
      GET    /api/posts/{post:members}/revisions           | 404 200 200 200 200 200 |
      GET    /api/posts/{post:group}/revisions             | 404 200 404 404 200 200 |
      PUT    /api/posts/{post:public}/vote                 | 401 403 200 200 200 200 | {"value":1}
      PUT    /api/posts/{post:members}/vote                | 401 403 200 200 200 200 | {"value":1}
      PUT    /api/posts/{post:group}/vote                  | 401 403 404 404 200 200 | {"value":1}
      PUT    /api/posts/{post:hidden}/vote                 | 401 404 404 404 200 200 | {"value":1}
      GET    /api/posts/{post:hidden}                      | 404 404 404 404 200 200 |
      POST   /api/posts/{new-post:public}/flags            | 401 403 201 201 201 201 | {"reason":"spam"}
      POST   /api/posts/{new-post:members}/flags           | 401 403 201 201 201 201 | {"reason":"spam"}
      POST   /api/posts/{new-post:group}/flags             | 401 403 404 404 201 201 | {"reason":"spam"}
      GET    /api/moderation/queue                         | 401 403 403 403 200 200 |
      POST   /api/moderation/queue/{=post}/{flagged-post}/claim | 401 403 403 403 200 200 |
      DELETE /api/moderation/queue/{=post}/{flagged-post}/claim | 401 403 403 403 204 204 |
      POST   /api/moderation/actions                       | 401 403 403 403 200 200 | {"action":"hide","targetType":"post","targetId":{new-post:public},"reason":"matrix"}
      POST   /api/moderation/actions                       | 401 403 403 403 200 200 | {"action":"lock","targetType":"thread","targetId":{new-thread:group},"reason":"matrix"}
      GET    /api/moderation/log                           | 401 403 403 403 200 200 |
      GET    /api/me/moderation-notices                    | 401 200 200 200 200 200 |
      GET    /api/me/warnings                              | 401 200 200 200 200 200 |
      POST   /api/challenges                               | 401 201 403 403 403 403 | {"org":"{org}","title":"A challenge","summary":"S","problem":"P","desiredOutcomes":"D","ipTerms":"I","criteria":[{"name":"Impact","weight":1}],"closesAt":"2099-01-01T00:00:00Z"}
      GET    /api/challenges                               | 200 200 200 200 200 200 |
      GET    /api/challenges/{challenge:open}              | 200 200 200 200 200 200 |
      GET    /api/challenges/{challenge:draft}             | 404 200 404 404 404 404 |
      GET    /api/challenges/{challenge:open}/leaderboard  | 200 200 200 200 200 200 |
      GET    /api/challenges/{challenge:draft}/leaderboard | 404 200 404 404 404 404 |
      PATCH  /api/challenges/{challenge:open}              | 401 200 403 403 403 403 | {"summary":"Edited"}
      PATCH  /api/challenges/{challenge:draft}             | 401 200 404 404 404 404 | {"summary":"Edited"}
      POST   /api/challenges/{new-challenge:draft}/transition | 401 200 404 404 404 404 | {"to":"open"}
      POST   /api/challenges/{new-challenge:open}/transition  | 401 200 403 403 403 403 | {"to":"review"}
      GET    /api/challenges/{challenge:open}/revisions    | 200 200 200 200 200 200 |
      GET    /api/challenges/{challenge:open}/round-log    | 200 200 200 200 200 200 |
      GET    /api/challenges/{challenge:draft}/round-log   | 404 200 404 404 404 404 |
      POST   /api/challenges/{challenge:decided}/results   | 401 201 403 403 403 403 | {"title":"A result","owner":"Ops","ideaIds":[{decided-idea}]}
      POST   /api/challenges/{challenge:open}/results      | 401 409 403 403 403 403 | {"title":"A result","owner":"Ops","ideaIds":[{idea}]}
      POST   /api/challenges/{challenge:draft}/results     | 401 409 404 404 404 404 | {"title":"A result","owner":"Ops","ideaIds":[1]}
      GET    /api/challenges/{challenge:decided}/results   | 200 200 200 200 200 200 |
      GET    /api/challenges/{challenge:draft}/results     | 404 200 404 404 404 404 |
      GET    /api/results/{result}                         | 200 200 200 200 200 200 |
      POST   /api/results/{result}/updates                 | 401 201 403 403 403 403 | {"progress":100,"status":"delivered","note":"matrix"}
      PUT    /api/results/{result}/rating                  | 401 403 403 200 403 403 | {"stars":4,"comment":"matrix"}
      GET    /api/challenges/{challenge:draft}/revisions   | 404 200 404 404 404 404 |
      GET    /api/challenges/{challenge:open}/export.csv   | 401 200 403 403 403 403 |
      GET    /api/challenges/{challenge:draft}/export.csv  | 401 200 404 404 404 404 |
      GET    /api/challenges/{challenge:open}/similar?text=idea | 401 200 200 200 200 200 |
      GET    /api/challenges/{challenge:draft}/similar?text=idea | 401 200 404 404 404 404 |
      POST   /api/challenges/{challenge:open}/ideas        | 401 201 201 201 201 201 | {"title":"An idea","pitch":"P","body":"B","acceptTerms":true}
      POST   /api/challenges/{challenge:draft}/ideas       | 401 409 404 404 404 404 | {"title":"An idea","pitch":"P","body":"B","acceptTerms":true}
      GET    /api/challenges/{challenge:open}/ideas        | 200 200 200 200 200 200 |
      GET    /api/challenges/{challenge:draft}/ideas       | 404 200 404 404 404 404 |
      GET    /api/ideas/{idea}                             | 200 200 200 200 200 200 |
      PUT    /api/ideas/{idea}/support                     | 401 200 409 200 200 200 |
      DELETE /api/ideas/{idea}/support                     | 401 200 200 200 200 200 |
      POST   /api/ideas/{new-idea}/status                  | 401 200 403 403 403 403 | {"status":"in_review","note":"Looking at it"}
      POST   /api/ideas/{new-idea}/merge                   | 401 200 403 403 200 200 | {"into":{idea}}
      POST   /api/ideas/{new-idea}/resubmit                | 401 403 409 403 403 403 |
      GET    /api/users/{user}/supports                    | 200 200 200 200 200 200 |
      GET    /api/ideas/{idea}/iterations                  | 200 200 200 200 200 200 |
      POST   /api/ideas/{idea}/iterations                  | 401 403 201 403 403 403 | {"summary":"Matrix","body":"A matrix iteration"}
      GET    /api/ideas/{idea}/diff?from=1&to=1            | 200 200 200 200 200 200 |
      GET    /api/ideas/{idea}/coauthors                   | 200 200 200 200 200 200 |
      POST   /api/ideas/{idea}/coauthors                   | 401 403 201 403 403 403 | {"username":"{new-user}"}
      POST   /api/ideas/{idea}/coauthors/accept            | 401 409 409 409 409 409 |
      POST   /api/ideas/{idea}/coauthors/decline           | 401 409 409 409 409 409 |
      GET    /api/ideas/{idea}/amendments                  | 200 200 200 200 200 200 |
      POST   /api/ideas/{idea}/amendments                  | 401 201 201 201 201 201 | {"body":"An amended text","note":"Matrix"}
      GET    /api/amendments/{amendment}                   | 200 200 200 200 200 200 |
      POST   /api/amendments/{new-amendment}/accept        | 401 403 200 403 403 403 |
      POST   /api/amendments/{new-amendment}/decline       | 401 403 200 403 403 403 | {"reason":"Matrix"}
      GET    /api/ideas/{idea}/credits                     | 200 200 200 200 200 200 |
      POST   /api/posts/{new-idea-reply}/incorporated      | 401 403 201 403 403 403 |
      GET    /api/ideas/{split-idea}/split                 | 200 200 200 200 200 200 |
      PUT    /api/ideas/{split-idea}/split                 | 401 403 200 403 403 403 | {"shares":{"mx_other":40,"{user}":60}}
      POST   /api/ideas/{split-idea}/split/consent         | 401 200 200 403 403 403 |
      POST   /api/ideas/{new-split-idea}/split/decline     | 401 200 200 403 403 403 |
      POST   /api/ideas/{new-split-idea}/split/dispute     | 401 201 201 403 403 403 | {"note":"Matrix"}
      GET    /api/challenges/{challenge:review}/jury       | 401 200 200 403 403 403 |
      GET    /api/challenges/{challenge:draft}/jury        | 401 200 404 404 404 404 |
      PUT    /api/challenges/{challenge:review}/jury       | 401 200 403 403 403 403 | {"judges":["mx_other"]}
      PUT    /api/challenges/{challenge:draft}/jury        | 401 409 404 404 404 404 | {"judges":["mx_other"]}
      GET    /api/challenges/{challenge:review}/scores     | 401 200 200 403 403 403 |
      GET    /api/challenges/{challenge:draft}/scores      | 401 200 404 404 404 404 |
      PUT    /api/ideas/{review-idea}/score                | 401 403 200 403 403 403 | {"scores":{"Impact":7},"note":"matrix"}
      POST   /api/ideas/{review-idea:conflict}/conflict    | 401 403 200 403 403 403 |
      GET    /api/orgs/{org}/stats                         | 401 200 403 403 403 403 |
      GET    /api/orgs/{org}/stakeholder                   | 401 200 200 200 200 200 |
      PUT    /api/orgs/{org}/stakeholder                   | 401 200 200 200 200 200 | {"type":"customer"}
      DELETE /api/orgs/{org}/stakeholder                   | 401 404 404 404 404 404 | fresh-caller
      GET    /api/orgs/{org}/stakeholders                  | 401 200 403 403 403 200 |
      POST   /api/orgs/{org}/stakeholders/{new-staff-request}/confirm | 401 204 403 403 403 403 |
      DELETE /api/orgs/{org}/stakeholders/{new-staff-request} | 401 204 403 403 403 403 |
      POST   /api/orgs/{org}/webhooks                      | 401 201 403 403 403 403 | {"url":"http://127.0.0.1:9/hook","events":["idea.created"],"secret":"0123456789abcdef"}
      GET    /api/orgs/{org}/webhooks                      | 401 200 403 403 403 403 |
      GET    /api/orgs/{org}/webhooks/{webhook}/deliveries | 401 200 403 403 403 403 |
      DELETE /api/orgs/{org}/webhooks/{new-webhook}        | 401 204 403 403 403 403 |
      GET    /api/notifications                            | 401 200 200 200 200 200 |
      POST   /api/notifications/read                       | 401 200 200 200 200 200 | {"all":true}
      GET    /api/threads/{thread:public}/watch            | 401 200 200 200 200 200 |
      GET    /api/threads/{thread:group}/watch             | 401 200 404 404 200 200 |
      PUT    /api/threads/{thread:public}/watch            | 401 200 200 200 200 200 | {"level":"watching"}
      PUT    /api/threads/{thread:group}/watch             | 401 200 404 404 200 200 | {"level":"watching"}
      DELETE /api/threads/{thread:public}/watch            | 401 204 204 204 204 204 |
      DELETE /api/threads/{thread:group}/watch             | 401 204 404 404 204 204 |
      GET    /api/challenges/{challenge:open}/watch        | 401 200 200 200 200 200 |
      GET    /api/challenges/{challenge:draft}/watch       | 401 200 404 404 404 404 |
      PUT    /api/challenges/{challenge:open}/watch        | 401 200 200 200 200 200 |
      PUT    /api/challenges/{challenge:draft}/watch       | 401 200 404 404 404 404 |
      DELETE /api/challenges/{challenge:open}/watch        | 401 204 204 204 204 204 |
      DELETE /api/challenges/{challenge:draft}/watch       | 401 204 404 404 404 404 |
      GET    /api/ideas/{idea}/watch                       | 401 200 200 200 200 200 |
      PUT    /api/ideas/{idea}/watch                       | 401 200 200 200 200 200 | {"level":"watching"}
      DELETE /api/ideas/{idea}/watch                       | 401 204 204 204 204 204 |
      POST   /api/threads/{thread:public}/read             | 401 200 200 200 200 200 | {"postId":{post:public}}
      POST   /api/threads/{thread:group}/read              | 401 200 404 404 200 200 | {"postId":{post:group}}
      GET    /api/me/watching                              | 401 200 200 200 200 200 |
      GET    /api/me/digest                                | 401 200 200 200 200 200 |
      PUT    /api/me/digest                                | 401 200 200 200 200 200 | {"frequency":"weekly"}
      GET    /api/me/recommendations                       | 401 200 200 200 200 200 |
      GET    /api/me/recommendations/opt-out               | 401 200 200 200 200 200 |
      PUT    /api/me/recommendations/opt-out               | 401 200 200 200 200 200 | {"optOut":false}
      PUT    /api/me/locale                                | 401 200 200 200 200 200 | {"locale":"fr"}
      GET    /api/me/export                                | 401 200 200 200 200 200 |
      POST   /api/uploads                                  | 401 415 415 415 415 415 | {"file":"not multipart"}
      PUT    /api/me/avatar                                | 401 400 400 400 400 400 | {"upload":"/uploads/0000000000000000000000000000000000000000000000000000000000000000.png"}
      DELETE /api/me/avatar                                | 401 200 200 200 200 200 |
      POST   /api/preview                                  | 401 200 200 200 200 200 | {"body":"*matrix*"}
      GET    /api/users?prefix=u                           | 401 200 200 200 200 200 |
      DELETE /api/me                                       | 401 204 204 204 204 204 | fresh-caller {"password":"correct horse battery"}
      GET    /api/search?q=matrix                          | 200 200 200 200 200 200 |
      GET    /api/site                                     | 200 200 200 200 200 200 |
      GET    /api/admin/settings                           | 401 403 403 403 403 200 |
      PUT    /api/admin/settings                           | 401 403 403 403 403 200 | {"siteName":"Cocreate"}
      GET    /api/admin/invites                            | 401 403 403 403 403 200 |
      POST   /api/admin/invites                            | 401 403 403 403 403 201 | {"expiresInDays":7}
      GET    /feeds/challenges.atom                        | 200 200 200 200 200 200 |
      GET    /feeds/spaces/{space:public}.atom             | 200 200 200 200 200 200 |
      GET    /feeds/spaces/{space:members}.atom            | 404 404 404 404 404 404 |
      GET    /feeds/spaces/{space:group}.atom              | 404 404 404 404 404 404 |
      GET    /feeds/threads/{thread:public}.atom           | 200 200 200 200 200 200 |
      GET    /feeds/threads/{thread:group}.atom            | 404 404 404 404 404 404 |
      GET    /api/openapi.json                             | 200 200 200 200 200 200 |
      GET    /health/live                                  | 200 200 200 200 200 200 |
      GET    /health/ready                                 | 200 200 200 200 200 200 |
      GET    /metrics                                      | 200 200 200 200 200 200 |
      GET    /live                                         | 426 426 426 426 426 426 |
      """;

  static final String PASSWORD = "correct horse battery";
  static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";
  static final List<String> SPACES = List.of("public", "members", "group");
  /** Threads in the public space that moderation has hidden or locked. */
  static final List<String> MODERATED = List.of("hidden", "locked");

  /** Placeholder name → how to get its value for one cell (called once per cell and name). */
  static final Map<String, Function<Cell, String>> PLACEHOLDERS = new LinkedHashMap<>();

  @RegisterExtension static final CocreateServer server = CocreateServer.start(new JsonObject().put("webhooksAllowPrivate", true));
  /** One client, no cookie store: each cell sends exactly the credentials it is given. */
  static final HttpClient CLIENT = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  static Connection sql;
  static final Map<Who, String> usernames = new EnumMap<>(Who.class);
  static final Map<Who, Long> userIds = new EnumMap<>(Who.class);
  static final Map<String, Long> threads = new HashMap<>();
  static final Map<String, Long> posts = new HashMap<>();
  static final Map<String, Long> challenges = new HashMap<>();
  static final Map<String, Long> ideas = new HashMap<>();
  static final Map<String, Long> webhooks = new HashMap<>();
  static final Map<String, Long> results = new HashMap<>();
  static final AtomicInteger uniq = new AtomicInteger();
  static final SecureRandom random = new SecureRandom();

  /** One row of the table. */
  record Row(int line, String method, String path, Map<Who, Integer> expected, String body, boolean freshCaller) {
    String key() {
      return MountedRoutes.key(method, path);
    }

    boolean unsafe() {
      return !method.equals("GET") && !method.equals("HEAD");
    }

    @Override
    public String toString() {
      return method + " " + path + (body == null ? "" : " " + body);
    }
  }

  /** One request of the matrix: a row as one caller; placeholders resolve once per cell. */
  record Cell(Row row, Who who, Map<String, String> resolved) {
    /** The account acting in this cell: the column's fixture user, or a new one of its role. */
    long userId() {
      if (!row.freshCaller()) {
        return userIds.get(who);
      }
      String role = who == Who.MOD ? "moderator" : who == Who.ADMIN ? "admin" : "member";
      String name = newUser("update users set role = '" + role + "', password_hash = (select password_hash from users where id = "
          + userIds.get(Who.MEMBER) + ") where id = ?");
      return Long.parseLong(queryString("select id::text from users where username = ?", name));
    }
  }

  static {
    for (String s : SPACES) {
      PLACEHOLDERS.put("space:" + s, c -> "mx-" + s);
      PLACEHOLDERS.put("thread:" + s, c -> String.valueOf(threads.get(s)));
      PLACEHOLDERS.put("post:" + s, c -> String.valueOf(posts.get(s)));
      PLACEHOLDERS.put("new-post:" + s, c -> String.valueOf(reply(threads.get(s))));
      PLACEHOLDERS.put("new-thread:" + s, c -> String.valueOf(newThread("mx-" + s)));
    }
    for (String s : MODERATED) {
      PLACEHOLDERS.put("thread:" + s, c -> String.valueOf(threads.get(s)));
      PLACEHOLDERS.put("post:" + s, c -> String.valueOf(posts.get(s)));
    }
    PLACEHOLDERS.put("flagged-post", c -> String.valueOf(flagged(reply(threads.get("public")))));
    PLACEHOLDERS.put("org", c -> "mx-acme");
    PLACEHOLDERS.put("challenge:open", c -> String.valueOf(challenges.get("open")));
    PLACEHOLDERS.put("challenge:draft", c -> String.valueOf(challenges.get("draft")));
    PLACEHOLDERS.put("new-challenge:draft", c -> String.valueOf(newChallenge(false)));
    PLACEHOLDERS.put("new-challenge:open", c -> String.valueOf(newChallenge(true)));
    PLACEHOLDERS.put("idea", c -> String.valueOf(ideas.get("idea")));
    PLACEHOLDERS.put("new-idea", c -> String.valueOf(newIdea(challenges.get("open"))));
    PLACEHOLDERS.put("amendment", c -> String.valueOf(ideas.get("amendment")));
    PLACEHOLDERS.put("new-amendment", c -> String.valueOf(newAmendment(ideas.get("idea"))));
    PLACEHOLDERS.put("new-idea-reply", c -> String.valueOf(newIdeaReply(ideas.get("idea"))));
    PLACEHOLDERS.put("split-idea", c -> String.valueOf(ideas.get("split")));
    PLACEHOLDERS.put("new-split-idea", c -> String.valueOf(newSplitIdea(challenges.get("reward"))));
    PLACEHOLDERS.put("webhook", c -> String.valueOf(webhooks.get("webhook")));
    PLACEHOLDERS.put("challenge:review", c -> String.valueOf(challenges.get("review")));
    PLACEHOLDERS.put("review-idea", c -> String.valueOf(ideas.get("review")));
    PLACEHOLDERS.put("review-idea:conflict", c -> String.valueOf(ideas.get("review-conflict")));
    PLACEHOLDERS.put("challenge:decided", c -> String.valueOf(challenges.get("decided")));
    PLACEHOLDERS.put("decided-idea", c -> String.valueOf(ideas.get("decided")));
    PLACEHOLDERS.put("result", c -> String.valueOf(results.get("result")));
    PLACEHOLDERS.put("new-webhook", c -> String.valueOf(newWebhook()));
    PLACEHOLDERS.put("user", c -> usernames.get(Who.MEMBER));
    PLACEHOLDERS.put("uniq", c -> "mx" + uniq.incrementAndGet() + "x" + ProcessHandle.current().pid() % 1000);
    PLACEHOLDERS.put("new-user", c -> newUser(null));
    PLACEHOLDERS.put("new-org-member", c -> newUser("insert into org_members (org_id, user_id, role) "
        + "select o.id, ?, 'member' from orgs o where o.slug = 'mx-acme'"));
    PLACEHOLDERS.put("new-staff-request", c -> newUser("insert into org_stakeholders (org_id, user_id, type) "
        + "select o.id, ?, 'staff' from orgs o where o.slug = 'mx-acme'"));
    PLACEHOLDERS.put("new-group-member", c -> newUser("insert into space_members (space_id, user_id) "
        + "select s.id, ? from spaces s where s.slug = 'mx-group'"));
    PLACEHOLDERS.put("space:org", c -> "mx-orggrp");
    PLACEHOLDERS.put("new-facilitator", c -> newUser("insert into facilitator_terms (space_id, user_id, starts_at, ends_at) "
        + "select s.id, ?, now(), now() + interval '30 days' from spaces s where s.slug = 'mx-orggrp'"));
    PLACEHOLDERS.put("new-nominee", c -> newNominee());
    PLACEHOLDERS.put("nomination:open", c -> String.valueOf(newNomination(false)));
    PLACEHOLDERS.put("nomination:seconded", c -> String.valueOf(newNomination(true)));
  }

  @BeforeAll
  static void start() throws SQLException {
    // Webhooks of the matrix point at 127.0.0.1, which the address policy refuses unless allowed.
    DbTarget t = DbTarget.parse(server.dbUrl());
    sql = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
    Map<Who, TestHttp> clients = new EnumMap<>(Who.class);
    for (Who who : Who.values()) {
      if (who == Who.ANON) {
        continue;
      }
      TestHttp http = server.http();
      String name = "mx_" + who.name().toLowerCase();
      usernames.put(who, name);
      userIds.put(who, http.register(name).getLong("id"));
      clients.put(who, http);
    }
    update("update users set role = 'moderator' where id = " + userIds.get(Who.MOD));
    update("update users set role = 'admin' where id = " + userIds.get(Who.ADMIN));
    TestHttp admin = clients.get(Who.ADMIN);
    TestHttp member = clients.get(Who.MEMBER);
    for (String s : SPACES) {
      JsonObject req = new JsonObject().put("slug", "mx-" + s).put("name", "Matrix " + s).put("visibility", s);
      if (s.equals("group")) {
        req.put("groupMembers", new JsonArray().add(usernames.get(Who.MEMBER)));
      }
      expect(admin.post("/api/spaces", req), 201);
      Resp thread = expect(member.post("/api/threads",
          new JsonObject().put("space", "mx-" + s).put("title", "Matrix thread in " + s).put("body", "Opening")), 201);
      threads.put(s, thread.json().getLong("id"));
      posts.put(s, reply(thread.json().getLong("id")));
    }
    for (String s : MODERATED) {
      Resp thread = expect(member.post("/api/threads",
          new JsonObject().put("space", "mx-public").put("title", "Matrix thread, " + s).put("body", "Opening")), 201);
      threads.put(s, thread.json().getLong("id"));
      posts.put(s, reply(thread.json().getLong("id")));
      update("update threads set " + s + " = true where id = " + threads.get(s));
    }
    expect(member.post("/api/orgs", new JsonObject().put("slug", "mx-acme").put("name", "Acme")), 201);
    expect(clients.get(Who.ORG_OTHER).post("/api/orgs", new JsonObject().put("slug", "mx-globex").put("name", "Globex")), 201);
    // A group space run by {org}: its owner (the member) runs it without being listed; the other member is listed.
    expect(member.post("/api/orgs/mx-acme/spaces", new JsonObject().put("slug", "mx-orggrp").put("name", "Acme's network")
        .put("groupMembers", new JsonArray().add(usernames.get(Who.OTHER)))), 201);
    challenges.put("open", newChallenge(true));
    challenges.put("draft", newChallenge(false));
    ideas.put("idea", newIdea(challenges.get("open")));
    ideas.put("amendment", newAmendment(ideas.get("idea")));
    webhooks.put("webhook", newWebhook());
    // A challenge in review whose one judge is the other member (mx_other), with an idea to score and one to step aside from.
    challenges.put("review", newChallenge(true));
    ideas.put("review", newIdea(challenges.get("review")));
    ideas.put("review-conflict", newIdea(challenges.get("review")));
    expect(member.post("/api/challenges/" + challenges.get("review") + "/transition", new JsonObject().put("to", "review")), 200);
    expect(member.put("/api/challenges/" + challenges.get("review") + "/jury",
        new JsonObject().put("judges", new JsonArray().add(usernames.get(Who.OTHER)))), 200);
    // A challenge with a reward, and an idea of the other member whose split names both.
    challenges.put("reward", newChallenge(true));
    update("update challenges set reward = 'EUR 100' where id = " + challenges.get("reward"));
    ideas.put("split", newSplitIdea(challenges.get("reward")));
    decidedRound();
  }

  /**
   * An idea by the other member in the challenge (which has a reward), with the member's amendment
   * accepted (so the ledger credits them) and a split of the other member proposing half each.
   */
  static long newSplitIdea(long challengeId) {
    long idea = newIdea(challengeId);
    TestHttp other = server.http().token(token(Who.OTHER));
    expect(other.post("/api/amendments/" + newAmendment(idea) + "/accept", new JsonObject()), 200);
    expect(other.put("/api/ideas/" + idea + "/split", new JsonObject().put("shares", new JsonObject()
        .put(usernames.get(Who.OTHER), 50).put(usernames.get(Who.MEMBER), 50))), 200);
    return idea;
  }

  /**
   * A decided challenge of {org} with an idea by the other member that the other org's owner
   * supports, and a delivered result carrying it out: the supporter may rate it, nobody else.
   */
  static void decidedRound() {
    long id = newChallenge(true);
    long idea = newIdea(id);
    expect(server.http().token(token(Who.ORG_OTHER)).put("/api/ideas/" + idea + "/support", null), 200);
    TestHttp firm = server.http().token(token(Who.MEMBER));
    expect(firm.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "review")), 200);
    expect(firm.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "decided")), 200);
    long result = expect(firm.post("/api/challenges/" + id + "/results", new JsonObject().put("title", "Matrix result")
        .put("owner", "Ops").put("ideaIds", new JsonArray().add(idea))), 201).json().getLong("id");
    expect(firm.post("/api/results/" + result + "/updates", new JsonObject().put("progress", 100).put("status", "delivered")), 201);
    challenges.put("decided", id);
    ideas.put("decided", idea);
    results.put("result", result);
  }

  @AfterAll
  static void stop() throws SQLException {
    if (sql != null) {
      sql.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @DisplayName("every mounted API route and method has a row, and every row is a mounted route")
  void tableCoversTheRouter() {
    Set<String> mounted = MountedRoutes.of(server.node());
    Set<String> inTable = rows().stream().map(Row::key).collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>(mounted);
    missing.removeAll(inTable);
    Set<String> stale = new TreeSet<>(inTable);
    stale.removeAll(mounted);
    assertThat(missing)
        .withFailMessage(() -> missing.size() + " mounted route(s) have no row in AuthorizationMatrixTest.TABLE; add one line each"
            + " (per public/members/group variant where it touches a space), e.g.\n"
            + missing.stream().map(k -> "  " + k + "  | anon mbr oth org mod adm | body").collect(Collectors.joining("\n")))
        .isEmpty();
    assertThat(stale).withFailMessage(() -> "rows for routes the router does not mount:\n  " + String.join("\n  ", stale)).isEmpty();
  }

  @Test
  @DisplayName("each caller gets exactly the expected status on every route, and refusals are problem+json")
  void everyCellHasItsStatus() {
    List<String> wrong = new ArrayList<>();
    int cells = 0;
    for (Row row : rows()) {
      for (Who who : Who.values()) {
        Cell cell = new Cell(row, who, new HashMap<>());
        Resp r = send(cell, who == Who.ANON ? Map.of() : Map.of("Authorization", "Bearer " + token(cell.userId())));
        cells++;
        int want = row.expected().get(who);
        if (r.status() != want) {
          wrong.add("line " + row.line() + ": " + row.method() + " " + resolve(cell, row.path()) + " as " + who
              + ": expected " + want + ", got " + r);
        } else if (want >= 400 && !String.valueOf(r.header("Content-Type")).startsWith("application/problem+json")) {
          wrong.add("line " + row.line() + ": " + row + " as " + who + ": " + want + " without problem+json: "
              + r.header("Content-Type"));
        }
      }
    }
    int total = cells;
    assertThat(total).isGreaterThan(250);
    assertThat(wrong).withFailMessage(() -> wrong.size() + " cell(s) of " + total + " are wrong:\n" + String.join("\n", wrong))
        .isEmpty();
  }

  @Test
  @DisplayName("a session cookie without its session's CSRF token (none, or a planted cookie and header pair) is refused (403) on "
      + "every unsafe route; with it, it acts as the member")
  void cookieNeedsCsrfOnEveryUnsafeRoute() {
    List<String> wrong = new ArrayList<>();
    for (Row row : rows()) {
      if (!row.unsafe()) {
        continue;
      }
      Cell without = new Cell(row, Who.MEMBER, new HashMap<>());
      Resp r = send(without, Map.of("Cookie", "cc_session=" + webSession(without.userId()).cookie() + "; cc_csrf=" + csrfValue()));
      if (r.status() != 403) {
        wrong.add("line " + row.line() + ": " + row + " with a cookie and no CSRF token: expected 403, got " + r);
      }
      // Whoever can plant a cookie sets cc_csrf and the header to one value: not the session's token, so refused.
      String planted = csrfValue();
      Cell plantedPair = new Cell(row, Who.MEMBER, new HashMap<>());
      Resp p = send(plantedPair, Map.of("Cookie", "cc_session=" + webSession(plantedPair.userId()).cookie() + "; cc_csrf=" + planted,
          "X-CSRF-Token", planted));
      if (p.status() != 403) {
        wrong.add("line " + row.line() + ": " + row + " with a cookie and a planted CSRF pair: expected 403, got " + p);
      }
      Cell with = new Cell(row, Who.MEMBER, new HashMap<>());
      WebSession session = webSession(with.userId());
      String csrf = CSRF.forSession(session.id());
      Resp ok = send(with, Map.of("Cookie", "cc_session=" + session.cookie() + "; cc_csrf=" + csrf, "X-CSRF-Token", csrf));
      int want = row.expected().get(Who.MEMBER);
      if (ok.status() != want) {
        wrong.add("line " + row.line() + ": " + row + " with a cookie and its CSRF token: expected " + want + ", got " + ok);
      }
    }
    assertThat(wrong).withFailMessage(() -> String.join("\n", wrong)).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------

  static List<Row> rows() {
    List<Row> out = new ArrayList<>();
    String[] lines = TABLE.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\|", 3);
      if (parts.length < 2) {
        throw new IllegalArgumentException("table line " + (i + 1) + " needs 'METHOD PATH | six statuses | body': " + line);
      }
      String[] route = parts[0].strip().split("\\s+");
      String[] statuses = parts[1].strip().split("\\s+");
      if (route.length != 2 || statuses.length != Who.values().length) {
        throw new IllegalArgumentException("table line " + (i + 1) + " needs a method, a path and six statuses: " + line);
      }
      Map<Who, Integer> expected = new EnumMap<>(Who.class);
      for (Who who : Who.values()) {
        expected.put(who, Integer.parseInt(statuses[who.ordinal()]));
      }
      String body = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : null;
      boolean fresh = body != null && body.startsWith("fresh-caller");
      if (fresh) {
        body = body.substring("fresh-caller".length()).strip();
        body = body.isEmpty() ? null : body;
      }
      out.add(new Row(i + 1, route[0], route[1], expected, body, fresh));
    }
    return out;
  }

  static final Pattern PLACEHOLDER = Pattern.compile("\\{(=?[a-z:-]+)}");

  static String resolve(Cell cell, String template) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Function<Cell, String> source = name.startsWith("=") ? c -> name.substring(1) : PLACEHOLDERS.get(name);
      if (source == null) {
        throw new IllegalArgumentException("line " + cell.row().line() + ": unknown placeholder {" + name + "}; known: "
            + PLACEHOLDERS.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(cell.resolved().computeIfAbsent(name, n -> source.apply(cell))));
    }
    m.appendTail(out);
    return out.toString();
  }

  static Resp send(Cell cell, Map<String, String> headers) {
    Row row = cell.row();
    String path = resolve(cell, row.path());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(b::header);
    if (row.body() != null) {
      b.header("Content-Type", "application/json").method(row.method(), HttpRequest.BodyPublishers.ofString(resolve(cell, row.body())));
    } else {
      b.method(row.method(), HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Resp(r.statusCode(), r.headers(), r.body());
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw new AssertionError("line " + row.line() + ": " + row.method() + " " + path + " as " + cell.who() + " failed: " + e, e);
    }
  }

  static String token(Who who) {
    return token(userIds.get(who));
  }

  /**
   * A new session row and its HS256 token, as SessionService.issueToken makes them: a fresh
   * credential per cell, so a cell that logs out cannot affect the next.
   */
  static String token(long userId) {
    String sid = queryString("insert into sessions (id, user_id, kind, expires_at) values (gen_random_uuid(), ?, 'token', "
        + "now() + interval '1 hour') returning id::text", userId);
    long now = System.currentTimeMillis() / 1000;
    return sign(new JsonObject().put("sub", String.valueOf(userId)).put("sid", sid).put("iat", now).put("exp", now + 3600));
  }

  /** A web session row: its id (its CSRF token is made from it) and the cookie value (the table stores its SHA-256). */
  record WebSession(UUID id, String cookie) {}

  /** The server's CSRF tokens, made with the test server's secret, as the pages would hand them out. */
  static final CsrfTokens CSRF = new CsrfTokens(false, JWT_SECRET);

  static WebSession webSession(long userId) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    UUID id = UUID.randomUUID();
    try (PreparedStatement ps = sql.prepareStatement("insert into sessions (id, user_id, kind, token_hash, expires_at) "
        + "values (?, ?, 'web', sha256(convert_to(?, 'UTF8')), now() + interval '1 day')")) {
      ps.setObject(1, id);
      ps.setLong(2, userId);
      ps.setString(3, cookie);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new WebSession(id, cookie);
  }

  static String csrfValue() {
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** A new account straight in the database (no password hashing); {@code then} runs with its id. */
  static String newUser(String then) {
    String name = "mxu" + uniq.incrementAndGet();
    long id = Long.parseLong(queryString("insert into users (username, email, display_name, password_hash) values (?, ?, ?, 'x') "
        + "returning id::text", name, name + "@example.test", name));
    if (then != null) {
      try (PreparedStatement ps = sql.prepareStatement(then)) {
        ps.setLong(1, id);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return name;
  }

  /** A new member of the org's group space at trust level 3, whom its members may nominate; answers the username. */
  static String newNominee() {
    return newUser("with u as (update users set trust_level = 3 where id = ? returning id) "
        + "insert into space_members (space_id, user_id) select s.id, u.id from spaces s, u where s.slug = 'mx-orggrp'");
  }

  /** A new nomination in the org's group space by a new member of it, seconded by another when asked; answers its id. */
  static long newNomination(boolean seconded) {
    String listed = "insert into space_members (space_id, user_id) select s.id, ? from spaces s where s.slug = 'mx-orggrp'";
    String nominee = newNominee();
    String nominator = newUser(listed);
    String seconder = seconded ? newUser(listed) : null;
    return Long.parseLong(queryString("""
        insert into facilitator_nominations (space_id, nominee_id, nominator_id, seconder_id, state, seconded_at)
        select s.id, (select id from users where username = ?), (select id from users where username = ?),
               (select id from users where username = ?), ?, case when ? then now() end
          from spaces s where s.slug = 'mx-orggrp' returning id::text""", nominee, nominator, seconder,
        seconded ? "seconded" : "open", seconded));
  }

  /** A reply by the member in the thread; answers its id. */
  static long reply(long threadId) {
    TestHttp http = server.http().token(token(Who.MEMBER));
    return expect(http.post("/api/threads/" + threadId + "/posts", new JsonObject().put("body", "A reply to use")), 201)
        .json().getLong("id");
  }

  static long newThread(String space) {
    TestHttp http = server.http().token(token(Who.MEMBER));
    return expect(http.post("/api/threads", new JsonObject().put("space", space).put("title", "A thread to use").put("body", "Hi")), 201)
        .json().getLong("id");
  }

  /** A challenge of the member's org, opened or left a draft; answers its id. */
  static long newChallenge(boolean open) {
    TestHttp http = server.http().token(token(Who.MEMBER));
    long id = expect(http.post("/api/challenges", new JsonObject("{\"org\":\"mx-acme\",\"title\":\"A matrix challenge\",\"summary\":\"S\","
        + "\"problem\":\"P\",\"desiredOutcomes\":\"D\",\"ipTerms\":\"I\",\"criteria\":[{\"name\":\"Impact\",\"weight\":1}],"
        + "\"closesAt\":\"2099-01-01T00:00:00Z\"}")), 201).json().getLong("id");
    if (open) {
      expect(http.post("/api/challenges/" + id + "/transition", new JsonObject().put("to", "open")), 200);
    }
    return id;
  }

  /** An idea by another member in the challenge; answers its id. */
  static long newIdea(long challengeId) {
    TestHttp http = server.http().token(token(Who.OTHER));
    return expect(http.post("/api/challenges/" + challengeId + "/ideas", new JsonObject().put("title", "A matrix idea")
        .put("pitch", "Pitch").put("body", "Body").put("acceptTerms", true)), 201).json().getLong("id");
  }

  /** An amendment by the member to the idea (whose author is another member); answers its id. */
  static long newAmendment(long ideaId) {
    TestHttp http = server.http().token(token(Who.MEMBER));
    return expect(http.post("/api/ideas/" + ideaId + "/amendments", new JsonObject().put("body", "An amended text")),
        201).json().getLong("id");
  }

  /** A reply by the member in the idea's discussion; answers its id. */
  static long newIdeaReply(long ideaId) {
    TestHttp http = server.http().token(token(Who.MEMBER));
    long thread = expect(http.get("/api/ideas/" + ideaId), 200).json().getLong("threadId");
    return expect(http.post("/api/threads/" + thread + "/posts", new JsonObject().put("body", "A matrix thought")), 201)
        .json().getLong("id");
  }

  /** A webhook of the member's org; answers its id. */
  static long newWebhook() {
    TestHttp http = server.http().token(token(Who.MEMBER));
    return expect(http.post("/api/orgs/mx-acme/webhooks", new JsonObject().put("url", "http://127.0.0.1:9/hook")
        .put("events", new JsonArray().add("idea.created")).put("secret", "0123456789abcdef")), 201)
        .json().getLong("id");
  }

  /** Flags the post as another member; answers its id. */
  static long flagged(long postId) {
    TestHttp http = server.http().token(token(Who.OTHER));
    expect(http.post("/api/posts/" + postId + "/flags", new JsonObject().put("reason", "spam")), 201);
    return postId;
  }

  static Resp expect(Resp r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    return r;
  }

  static void update(String statement) {
    try (var s = sql.createStatement()) {
      s.executeUpdate(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String queryString(String query, Object... args) {
    try (PreparedStatement ps = sql.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(JsonObject payload) {
    try {
      Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
      String head = enc.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String body = enc.encodeToString(payload.encode().getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return head + "." + body + "." + enc.encodeToString(mac.doFinal((head + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
