package dev.cocreate;

import dev.cocreate.account.AccountService;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.challenge.ChallengeDemo;
import dev.cocreate.content.Space;
import dev.cocreate.facilitation.TermEnd;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.PostVote;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.stakeholder.StakeholderDeclaration;
import dev.cocreate.stakeholder.StakeholderType;
import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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
              : app.memberModeration().setRole(new Caller(adminStandIn(), null, false), u.username(), p[2]))
          .map(u -> { created.add(u); return null; }));
    }
    return chain
        .compose(v -> app.orgs().create(new Caller(created.get(2), null, false), "acme", "Acme Outdoor",
            "Outdoor gear made to last. We co-create our next products with the people who use them."))
        .compose(org -> app.orgs().putMember(new Caller(created.get(2), null, false), "acme", "bob", "member"))
        .compose(v -> seedForum(created))
        .compose(v -> new ChallengeDemo(app.accounts(), app.challenges(), PASSWORD)
            .seed("acme", created.stream().collect(Collectors.toMap(User::username, u -> u))))
        .compose(as -> new RoundDemo(app).seed(as))
        .compose(v -> seedNetwork(created))
        .onSuccess(v -> log.info("Demo data seeded. Sign in as admin, mod, alice, bob, carol or dave (or erin, frank, grace, heidi, ivan, judy, ken) with password '{}'",
            PASSWORD));
  }

  /**
   * Acme's network: its customers and a supplier say who they are to the firm, and a group space for
   * its field testers is run by a facilitator the firm named (Carol, until six months from now).
   */
  private Future<Void> seedNetwork(List<User> u) {
    Caller alice = new Caller(u.get(2), null, false);
    return app.stakeholders.declare(new Caller(u.get(4), null, false), "acme", new StakeholderDeclaration(StakeholderType.CUSTOMER))
        .compose(v -> app.stakeholders.declare(new Caller(u.get(5), null, false), "acme",
            new StakeholderDeclaration(StakeholderType.SUPPLIER)))
        .compose(v -> app.facilitation.createOrgSpace(alice, "acme", new SpaceService.NewSpace("acme-field-testers",
            "Acme field testers", "Prototypes in the hands of the people who will carry them: reports, photos and fixes.",
            Space.Visibility.GROUP, List.of("carol", "dave"))))
        .compose(v -> app.facilitation.name(alice, "acme-field-testers", "carol",
            new TermEnd(OffsetDateTime.now(ZoneOffset.UTC).plusMonths(6).withNano(0))))
        .mapEmpty();
  }

  /**
   * Spaces of every visibility and a few threads with replies nested five deep, votes and an
   * edit, all through the services so the live events are written too.
   */
  private Future<Void> seedForum(List<User> u) {
    Caller admin = new Caller(u.get(0), null, false);
    Caller mod = new Caller(u.get(1), null, false);
    Caller alice = new Caller(u.get(2), null, false);
    Caller bob = new Caller(u.get(3), null, false);
    Caller carol = new Caller(u.get(4), null, false);
    Caller dave = new Caller(u.get(5), null, false);
    SpaceService spaces = app.spaces();
    ForumService forum = app.forum();
    return spaces.create(admin, new SpaceService.NewSpace("general", "General",
            "Anything about Cocreate and the people on it.", Space.Visibility.PUBLIC, List.of()))
        .compose(v -> spaces.create(admin, new SpaceService.NewSpace("ideas-lab", "Ideas lab",
            "Half-formed ideas, before they become a challenge entry.", Space.Visibility.PUBLIC, List.of())))
        .compose(v -> spaces.create(admin, new SpaceService.NewSpace("members-lounge", "Members' lounge",
            "For signed-in members only.", Space.Visibility.MEMBERS, List.of())))
        .compose(v -> spaces.create(admin, new SpaceService.NewSpace("frontline", "Frontline",
            "Store and support staff compare notes. Visible to its group only.", Space.Visibility.GROUP,
            List.of("alice", "bob"))))
        .compose(v -> forum.createThread(mod, new ForumService.NewThread("general", "Welcome to Cocreate",
            "Say hello, ask anything, and **be kind**. Mention someone with @alice to pull them in.",
            List.of("welcome", "meta"), null)))
        .compose(welcome -> {
          long t = welcome.thread().id();
          return forum.reply(alice, t, null, "Hi all! I mostly camp in the rain, so expect opinions on tents.")
              .compose(a -> forum.reply(bob, t, a.id(), "Rain camping: what fails first for you, seams or zips?")
                  .compose(b -> forum.reply(alice, t, b.id(), "Zips, every time. Seams I can tape.")
                      .compose(c -> forum.reply(carol, t, c.id(), "Same here. Coated zips helped, until they froze.")
                          .compose(d -> forum.reply(dave, t, d.id(), "Frozen zips: a drop of silicone oil fixed mine.")
                              .compose(e -> forum.reply(alice, t, e.id(), "Trying that next trip, thanks @dave!")))
                          .compose(x -> forum.vote(bob, c.id(), PostVote.UP))
                          .compose(x -> forum.vote(carol, c.id(), PostVote.UP))
                          .compose(x -> forum.edit(alice, c.id(), "Zips, every time. Seams I can tape myself.",
                              "clarify"))))
                  .compose(b -> forum.vote(dave, a.id(), PostVote.UP)))
              .compose(x -> forum.reply(dave, t, null, "Hello from the bike crowd."))
              .compose(x -> forum.vote(alice, welcome.firstPost().id(), PostVote.UP))
              .compose(x -> forum.vote(bob, welcome.firstPost().id(), PostVote.UP))
              .compose(x -> forum.vote(carol, welcome.firstPost().id(), PostVote.UP));
        })
        .compose(v -> forum.createThread(alice, new ForumService.NewThread("ideas-lab",
            "A tent you can pitch in the dark", "Colour-coded poles and sleeves, and glow tabs on the pegs.",
            List.of("tents", "idea"), null)))
        .compose(idea -> forum.reply(bob, idea.thread().id(), null, "Glow tabs would help at festivals too.")
            .compose(r -> forum.reply(carol, idea.thread().id(), r.id(), "And a one-pull pitch, like pop-up shelters?"))
            .compose(r -> forum.vote(dave, idea.firstPost().id(), PostVote.UP))
            .compose(r -> forum.vote(mod, idea.firstPost().id(), PostVote.DOWN)))
        .compose(v -> forum.createThread(carol, new ForumService.NewThread("members-lounge", "Introduce yourself",
            "Who are you and what do you build or fix?", List.of(), null)))
        .compose(intro -> forum.reply(dave, intro.thread().id(), null, "Dave, bike mechanic, fixes everything twice."))
        .compose(v -> forum.createThread(bob, new ForumService.NewThread("frontline", "Returns this week",
            "Three tents back with failed zips. Pattern?", List.of("returns"), null)))
        .compose(front -> forum.reply(alice, front.thread().id(), null, "Same batch as March, I think. Logging it."))
        .<Void>mapEmpty();
  }

  /** Role changes need an admin caller; seeding acts as one. */
  private static User adminStandIn() {
    return new User(0, "seed", "", "seed", "admin", 4, 0, null, "", null, null, null, null, null, null, null, null);
  }
}
