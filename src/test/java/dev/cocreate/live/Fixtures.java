package dev.cocreate.live;

import dev.cocreate.support.TestDatabase;

/** Rows the live tests need before the forum API exists: written with SQL. */
final class Fixtures {
  private Fixtures() {}

  static long user(String dbUrl, String username) {
    return TestDatabase.queryLong(dbUrl, "insert into users (username, email, display_name, password_hash) values ('"
        + username + "', '" + username + "@example.test', '" + username + "', 'x') returning id");
  }

  static long space(String dbUrl, String slug, String visibility) {
    return TestDatabase.queryLong(dbUrl, "insert into spaces (slug, name, visibility) values ('" + slug + "', '" + slug + "', '"
        + visibility + "') returning id");
  }

  static long thread(String dbUrl, long spaceId, long authorId) {
    return TestDatabase.queryLong(dbUrl, "insert into threads (space_id, title, author_id) values (" + spaceId
        + ", 'a thread', " + authorId + ") returning id");
  }

  static void member(String dbUrl, long spaceId, long userId) {
    TestDatabase.execOn(dbUrl, "insert into space_members (space_id, user_id) values (" + spaceId + ", " + userId + ")");
  }
}
