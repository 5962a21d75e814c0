package dev.cocreate;

import dev.cocreate.account.AccountService;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds a small living community into an empty database (COCREATE_DEMO=true), so a newcomer
 * sees something real on the first start. Logins are printed once seeded.
 */
final class Demo {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);
  static final String PASSWORD = "cocreate-demo";

  private final App app;

  Demo(App app) {
    this.app = app;
  }

  Future<Void> seedIfEmpty() {
    return app.db().pool().query("select count(*) from users").execute()
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(count -> count > 0 ? Future.succeededFuture() : seed());
  }

  private Future<Void> seed() {
    List<String[]> people = List.of(
        new String[] {"admin", "Ada Admin", "admin"},
        new String[] {"mod", "Morgan Moderator", "moderator"},
        new String[] {"alice", "Alice Martin", "member"},
        new String[] {"bob", "Bob Chen", "member"},
        new String[] {"carol", "Carol Diaz", "member"},
        new String[] {"dave", "Dave Okafor", "member"});
    List<User> created = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String[] p : people) {
      chain = chain.compose(v -> app.accounts()
          .register(new AccountService.Registration(p[0], p[0] + "@demo.cocreate.dev", PASSWORD, p[1]))
          .compose(u -> p[2].equals("member") ? Future.succeededFuture(u)
              : app.accounts().setRole(new Caller(adminStandIn(), null, false), u.username(), p[2]))
          .map(u -> { created.add(u); return null; }));
    }
    return chain
        .compose(v -> app.orgs().create(new Caller(created.get(2), null, false), "acme", "Acme Outdoor",
            "Outdoor gear made to last. We co-create our next products with the people who use them."))
        .compose(org -> app.orgs().putMember(new Caller(created.get(2), null, false), "acme", "bob", "member"))
        .compose(v -> new dev.cocreate.challenge.ChallengeDemo(app.accounts(), app.challenges(), PASSWORD)
            .seed("acme", created.stream().collect(java.util.stream.Collectors.toMap(User::username, u -> u))))
        .onSuccess(v -> log.info("Demo data seeded. Sign in as admin, mod, alice, bob, carol or dave (or erin, frank, grace, heidi, ivan, judy, ken) with password '{}'",
            PASSWORD));
  }

  /** Role changes need an admin caller; seeding acts as one. */
  private static User adminStandIn() {
    return new User(0, "seed", "", "seed", "admin", 4, 0, null, "", null, null, null);
  }
}
