package dev.cocreate.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cocreate.account.Caller;
import dev.cocreate.account.OrgRepository;
import dev.cocreate.account.User;
import dev.cocreate.challenge.Challenge;
import dev.cocreate.challenge.ChallengePhase;
import dev.cocreate.challenge.ChallengeRepository;
import dev.cocreate.challenge.Idea;
import dev.cocreate.challenge.IdeaRepository;
import dev.cocreate.forum.PostRepository;
import dev.cocreate.forum.SpaceRepository;
import dev.cocreate.forum.ThreadRepository;
import dev.cocreate.jury.JuryRepository;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.db.DbTarget;
import dev.cocreate.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every read rule of {@link Permissions} answers alike in its two forms: the Java rule, on objects
 * loaded by the real repositories, and its SQL scope, run as a query, both for a caller bound to
 * placeholders and for each row of {@code users} (the notifier's form). The expected answers are
 * written out too, so the two forms cannot be wrong together.
 */
@DisplayName("Who may read what: the Java rules and their SQL scopes agree, cell by cell")
class ReadRulesTableTest {
  /** The caller kinds, in the table's column order. */
  static final List<String> CALLERS =
      List.of("anonymous", "member", "group", "orgMember", "orgOwner", "moderator", "admin", "suspended", "deleted");

  /**
   * The answers: Y may read, . may not. The suspended and deleted accounts are listed in the group
   * space and on the org's team too: neither fact lets them read anything a visitor cannot.
   */
  static final String EXPECTED = """
      subject                 anonymous member group orgMember orgOwner moderator admin suspended deleted
      space.public            Y         Y      Y     Y         Y        Y         Y     Y         Y
      space.members           .         Y      Y     Y         Y        Y         Y     .         .
      space.group             .         .      Y     .         .        Y         Y     .         .
      thread.public           Y         Y      Y     Y         Y        Y         Y     Y         Y
      thread.members          .         Y      Y     Y         Y        Y         Y     .         .
      thread.group            .         .      Y     .         .        Y         Y     .         .
      thread.hidden           .         .      .     .         .        Y         Y     .         .
      thread.moved            .         .      Y     .         .        Y         Y     .         .
      post.shown              Y         Y      Y     Y         Y        Y         Y     Y         Y
      post.hidden             .         .      .     .         .        Y         Y     .         .
      post.deleted            .         .      .     .         .        .         .     .         .
      space.orgGroup          .         .      Y     .         Y        Y         Y     .         .
      thread.orgGroup         .         .      Y     .         Y        Y         Y     .         .
      challenge.open          Y         Y      Y     Y         Y        Y         Y     Y         Y
      challenge.draft         .         .      .     Y         Y        .         .     .         .
      idea.public             Y         Y      Y     Y         Y        Y         Y     Y         Y
      idea.hiddenThread       .         .      .     Y         Y        Y         Y     .         .
      idea.movedThread        .         .      Y     Y         Y        Y         Y     .         .
      idea.draftChallenge     .         .      .     Y         Y        .         .     .         .
      scorable.scored         .         Y      .     .         .        .         .     .         .
      scorable.untouched      .         Y      Y     .         .        .         .     .         .
      juryScores.scored       .         Y      .     Y         Y        .         .     .         .
      juryScores.untouched    .         .      .     Y         Y        .         .     .         .
      """;

  static Vertx vertx;
  static Database db;
  static final Permissions permissions = new Permissions();
  /** Caller kind to user id (anonymous absent). */
  static final Map<String, Long> users = new LinkedHashMap<>();
  /** Subject to the id of its row (a space, thread, post, challenge or idea). */
  static final Map<String, Long> subjects = new LinkedHashMap<>();

  @BeforeAll
  static void fixture() {
    vertx = Vertx.vertx();
    db = new Database(vertx, DbTarget.parse(TestDatabase.get().freshDatabaseUrl()), 4);
    for (String kind : CALLERS.subList(1, CALLERS.size())) {
      String role = kind.equals("moderator") || kind.equals("admin") ? kind : "member";
      users.put(kind, id("insert into users (username, email, display_name, password_hash, role, trust_level) "
          + "values ($1, $1 || '@example.org', $1, 'x', $2, 2) returning id", kind.toLowerCase(), role));
    }
    exec("update users set suspended_until = now() + interval '7 days', suspension_reason = 'rude' where id = $1",
        users.get("suspended"));
    exec("update users set deleted_at = now(), username = 'deleted-' || id where id = $1", users.get("deleted"));
    long author = id("insert into users (username, email, display_name, password_hash) "
        + "values ('author', 'author@example.org', 'Author', 'x') returning id");

    long pub = space("pub", "public");
    long mem = space("mem", "members");
    long grp = space("grp", "group");
    for (String kind : List.of("group", "suspended", "deleted")) {
      exec("insert into space_members (space_id, user_id) values ($1, $2)", grp, users.get(kind));
    }
    subjects.put("space.public", pub);
    subjects.put("space.members", mem);
    subjects.put("space.group", grp);

    long tPub = thread(pub, author, false);
    subjects.put("thread.public", tPub);
    subjects.put("thread.members", thread(mem, author, false));
    subjects.put("thread.group", thread(grp, author, false));
    subjects.put("thread.hidden", thread(pub, author, true));
    long moved = thread(pub, author, false);
    exec("update threads set space_id = $2 where id = $1", moved, grp);
    subjects.put("thread.moved", moved);

    subjects.put("post.shown", reply(tPub, author, "false", "null"));
    subjects.put("post.hidden", reply(tPub, author, "true", "null"));
    subjects.put("post.deleted", reply(tPub, author, "false", "now()"));

    long org = id("insert into orgs (slug, name) values ('firm', 'Firm') returning id");
    for (String kind : List.of("orgMember", "orgOwner", "suspended", "deleted")) {
      exec("insert into org_members (org_id, user_id, role) values ($1, $2, $3)", org, users.get(kind),
          kind.equals("orgOwner") ? "owner" : "member");
    }
    // A group space the org runs: its owners read it without being listed (its members do not).
    long orgGroup = space("orggrp", "group");
    exec("update spaces set org_id = $2 where id = $1", orgGroup, org);
    exec("insert into space_members (space_id, user_id) values ($1, $2)", orgGroup, users.get("group"));
    subjects.put("space.orgGroup", orgGroup);
    subjects.put("thread.orgGroup", thread(orgGroup, author, false));
    long open = challenge(org, author, "open");
    long draft = challenge(org, author, "draft");
    subjects.put("challenge.open", open);
    subjects.put("challenge.draft", draft);

    subjects.put("idea.public", idea(open, author, thread(pub, author, false)));
    subjects.put("idea.hiddenThread", idea(open, author, thread(pub, author, true)));
    long movedIdeaThread = thread(pub, author, false);
    exec("update threads set space_id = $2 where id = $1", movedIdeaThread, grp);
    subjects.put("idea.movedThread", idea(open, author, movedIdeaThread));
    // Ideas are submitted only to open challenges; one under a draft is written directly, to pin the rule.
    subjects.put("idea.draftChallenge", idea(draft, author, thread(pub, author, false)));

    // The jury of the open challenge: member and group judge it (suspended and deleted too, which gives them
    // nothing); member scored one idea, on which group declared a conflict; nobody touched the other.
    for (String kind : List.of("member", "group", "suspended", "deleted")) {
      exec("insert into jury_members (challenge_id, user_id) values ($1, $2)", open, users.get(kind));
    }
    long scored = idea(open, author, thread(pub, author, false));
    long untouched = idea(open, author, thread(pub, author, false));
    exec("insert into jury_scores (idea_id, judge_id, scores, note) values ($1, $2, '{}'::jsonb, 'n')", scored, users.get("member"));
    exec("insert into jury_scores (idea_id, judge_id, scores, note) values ($1, $2, '{}'::jsonb, 'n')", scored, users.get("suspended"));
    exec("insert into jury_conflicts (idea_id, judge_id) values ($1, $2)", scored, users.get("group"));
    subjects.put("scorable.scored", scored);
    subjects.put("scorable.untouched", untouched);
    subjects.put("juryScores.scored", scored);
    subjects.put("juryScores.untouched", untouched);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the expected table, the Java rules and both SQL forms give the same answer in every cell")
  void everyCellAgrees() {
    Map<String, Map<String, Boolean>> expected = parse(EXPECTED);
    assertThat(expected.keySet()).containsExactlyElementsOf(subjects.keySet());
    List<String> disagreements = new ArrayList<>();
    Map<String, Set<String>> eachUser = eachUserScopes();
    for (String kind : CALLERS) {
      Caller caller = caller(kind);
      Map<String, Set<Long>> bound = boundScopes(caller);
      for (String subject : subjects.keySet()) {
        long id = subjects.get(subject);
        boolean want = expected.get(subject).get(kind);
        boolean java = javaRule(caller, subject, id);
        boolean sql = bound.get(family(subject)).contains(id);
        if (java != want) {
          disagreements.add(subject + " for " + kind + ": Java says " + java + ", the table " + want);
        }
        if (sql != want) {
          disagreements.add(subject + " for " + kind + ": SQL (caller) says " + sql + ", the table " + want);
        }
        if (!kind.equals("anonymous")) {
          boolean row = eachUser.get(family(subject)).contains(pair(users.get(kind), id));
          if (row != want) {
            disagreements.add(subject + " for " + kind + ": SQL (each user) says " + row + ", the table " + want);
          }
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  @DisplayName("an alias that is not a plain identifier is refused, so nothing but code is spliced into SQL")
  void aliasesAreCode() {
    Assertions.assertThatThrownBy(() -> permissions.readableSpaces(SqlReader.at(1), "s; drop table users"))
        .isInstanceOf(IllegalArgumentException.class);
    Assertions.assertThatThrownBy(() -> SqlReader.eachUser("u) or (true"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // The Java rules, on objects loaded the way the services load them

  static boolean javaRule(Caller c, String subject, long id) {
    return switch (family(subject)) {
      case "space" -> permissions.canReadSpace(c, await(new SpaceRepository().all(db.pool(), Viewer.of(c))).stream()
          .filter(s -> s.id() == id).findFirst().orElseThrow());
      case "thread" -> permissions.canReadThread(c, await(new ThreadRepository().byId(db.pool(), Viewer.of(c), id)).orElseThrow());
      case "post" -> permissions.canSeePostContent(c, await(new PostRepository().byId(db.pool(), Viewer.of(c), id)).orElseThrow());
      case "challenge" -> {
        Challenge ch = await(new ChallengeRepository().byId(db.pool(), id)).orElseThrow();
        yield permissions.canSeeChallenge(c, ch.phase() == ChallengePhase.DRAFT, onTeam(c, ch.orgId()));
      }
      case "idea" -> {
        Idea i = await(new IdeaRepository().byId(db.pool(), c.id(), id)).orElseThrow();
        Idea.Reading r = i.reading();
        yield permissions.canReadIdea(c, i.challengeDraft(), r.viewerOnTeam(), r.threadSpace(), r.threadHidden());
      }
      case "scorable" -> {
        JuryRepository.Standing st = await(new JuryRepository().standing(db.pool(), id, c.id())).orElseThrow();
        yield permissions.canScoreIdea(c, st.judge(), st.conflicted());
      }
      case "juryScores" -> {
        Idea i = await(new IdeaRepository().byId(db.pool(), c.id(), id)).orElseThrow();
        boolean scoredIt = c.signedIn() && await(new JuryRepository().sheets(db.pool(), i.challengeId())).stream()
            .anyMatch(sh -> sh.ideaId() == id && sh.judge().id() == c.id());
        yield permissions.canSeeJuryScores(c, i.reading().viewerOnTeam(), scoredIt);
      }
      default -> throw new IllegalArgumentException(subject);
    };
  }

  static boolean onTeam(Caller c, long orgId) {
    return c.signedIn() && await(new OrgRepository().roleOf(db.pool(), orgId, c.id())).isPresent();
  }

  // The SQL scopes

  /** What each family's scope selects for the caller, bound at $1 and $2. */
  static Map<String, Set<Long>> boundScopes(Caller c) {
    SqlReader r = permissions.reader(c, 1);
    Map<String, String> queries = Map.of(
        "space", "select s.id from spaces s where " + permissions.readableSpaces(r, "s"),
        "thread", "select t.id from threads t join spaces s on s.id = t.space_id where " + permissions.readableThreads(r, "t", "s"),
        "post", "select p.id from posts p where " + permissions.visiblePosts(r, "p"),
        "challenge", "select c.id from challenges c where " + permissions.readableChallenges(r, "c"),
        "idea", "select i.id from ideas i join challenges c on c.id = i.challenge_id where " + permissions.readableIdeas(r, "i", "c"),
        "scorable", "select i.id from ideas i where " + permissions.scorableIdeas(r, "i"),
        "juryScores", "select i.id from ideas i join challenges c on c.id = i.challenge_id where "
            + permissions.visibleJuryScores(r, "i", "c"));
    Map<String, Set<Long>> out = new LinkedHashMap<>();
    queries.forEach((family, sql) -> {
      Set<Long> ids = new HashSet<>();
      for (Row row : await(db.pool().preparedQuery(sql).execute(Tuple.wrap(new ArrayList<>(r.params()))))) {
        ids.add(row.getLong(0));
      }
      out.put(family, ids);
    });
    return out;
  }

  /** What each family's scope selects for every row of users, as (user id, subject id) pairs. */
  static Map<String, Set<String>> eachUserScopes() {
    SqlReader r = SqlReader.eachUser("u");
    Map<String, String> queries = Map.of(
        "space", "select u.id, s.id from users u cross join spaces s where " + permissions.readableSpaces(r, "s"),
        "thread", "select u.id, t.id from users u cross join threads t join spaces s on s.id = t.space_id where "
            + permissions.readableThreads(r, "t", "s"),
        "post", "select u.id, p.id from users u cross join posts p where " + permissions.visiblePosts(r, "p"),
        "challenge", "select u.id, c.id from users u cross join challenges c where " + permissions.readableChallenges(r, "c"),
        "idea", "select u.id, i.id from users u cross join ideas i join challenges c on c.id = i.challenge_id where "
            + permissions.readableIdeas(r, "i", "c"),
        "scorable", "select u.id, i.id from users u cross join ideas i where " + permissions.scorableIdeas(r, "i"),
        "juryScores", "select u.id, i.id from users u cross join ideas i join challenges c on c.id = i.challenge_id where "
            + permissions.visibleJuryScores(r, "i", "c"));
    Map<String, Set<String>> out = new LinkedHashMap<>();
    queries.forEach((family, sql) -> {
      Set<String> pairs = new HashSet<>();
      for (Row row : await(db.pool().query(sql).execute())) {
        pairs.add(pair(row.getLong(0), row.getLong(1)));
      }
      out.put(family, pairs);
    });
    return out;
  }

  // Helpers

  static String family(String subject) {
    return subject.substring(0, subject.indexOf('.'));
  }

  static String pair(long user, long subject) {
    return user + ":" + subject;
  }

  static Caller caller(String kind) {
    if (kind.equals("anonymous")) {
      return Caller.ANONYMOUS;
    }
    Row row = await(db.pool().preparedQuery("select " + User.COLUMNS + " from users u where u.id = $1")
        .execute(Tuple.of(users.get(kind)))).iterator().next();
    return new Caller(User.of(row), null, false);
  }

  static Map<String, Map<String, Boolean>> parse(String table) {
    Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
    List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
    List<String> header = List.of(lines.get(0).trim().split("\\s+"));
    assertThat(header.subList(1, header.size())).containsExactlyElementsOf(CALLERS);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      assertThat(cells).as(line).hasSize(header.size());
      Map<String, Boolean> row = new LinkedHashMap<>();
      for (int i = 1; i < cells.length; i++) {
        assertThat(cells[i]).as(line).isIn("Y", ".");
        row.put(header.get(i), cells[i].equals("Y"));
      }
      out.put(cells[0], row);
    }
    return out;
  }

  static long space(String slug, String visibility) {
    return id("insert into spaces (slug, name, visibility) values ($1, $1, $2) returning id", slug, visibility);
  }

  /** A thread with its opening post. */
  static long thread(long spaceId, long author, boolean hidden) {
    long t = id("insert into threads (space_id, title, author_id, hidden) values ($1, 'A thread', $2, $3) returning id",
        spaceId, author, hidden);
    long p = id("insert into posts (thread_id, depth, path, author_id, body, html, hidden) "
        + "values ($1, 0, '{}', $2, 'Opening', '<p>Opening</p>', $3) returning id", t, author, hidden);
    exec("update posts set path = array[id] where id = $1", p);
    exec("update threads set first_post_id = $2 where id = $1", t, p);
    return t;
  }

  static long reply(long threadId, long author, String hidden, String deletedAt) {
    // hidden and deletedAt are SQL literals written above, not input.
    long p = id("insert into posts (thread_id, parent_id, depth, path, author_id, body, html, hidden, deleted_at) "
        + "select $1, t.first_post_id, 1, '{}', $2, 'Reply', '<p>Reply</p>', " + hidden + ", " + deletedAt
        + " from threads t where t.id = $1 returning id", threadId, author);
    exec("update posts set path = array[parent_id, id] where id = $1", p);
    return p;
  }

  static long challenge(long org, long author, String phase) {
    return id("insert into challenges (org_id, title, summary, problem, problem_html, desired_outcomes, "
        + "desired_outcomes_html, criteria, ip_terms, ip_terms_html, closes_at, phase, created_by) "
        + "values ($1, 'A brief', 'S', 'P', '<p>P</p>', 'O', '<p>O</p>', '[]', 'T', '<p>T</p>', "
        + "now() + interval '30 days', $2, $3) returning id", org, phase, author);
  }

  static long idea(long challengeId, long author, long threadId) {
    long i = id("insert into ideas (challenge_id, author_id, title, pitch, body, html) "
        + "values ($1, $2, 'An idea', 'Pitch', 'Body', '<p>Body</p>') returning id", challengeId, author);
    exec("update threads set idea_id = $2 where id = $1", threadId, i);
    return i;
  }

  static long id(String sql, Object... params) {
    return await(db.pool().preparedQuery(sql).execute(Tuple.wrap(List.of(params)))).iterator().next().getLong(0);
  }

  static void exec(String sql, Object... params) {
    await(db.pool().preparedQuery(sql).execute(Tuple.wrap(List.of(params))));
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
