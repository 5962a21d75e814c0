package dev.cocreate.challenge;

import dev.cocreate.account.AccountService;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo firm's open challenge: a real brief, ideas at every stage, one a single support short
 * of its threshold, official answers, a merged duplicate, and a draft only the team sees. Seeded
 * through the services, as members would create it.
 */
public final class ChallengeDemo {
  private static final List<String[]> CROWD = List.of(
      new String[] {"erin", "Erin Walsh"},
      new String[] {"frank", "Frank Osei"},
      new String[] {"grace", "Grace Lindqvist"},
      new String[] {"heidi", "Heidi Nakamura"},
      new String[] {"ivan", "Ivan Petrov"},
      new String[] {"judy", "Judy Alvarez"},
      new String[] {"ken", "Ken Mbeki"});

  private final AccountService accounts;
  private final ChallengeFeature feature;
  private final String password;

  public ChallengeDemo(AccountService accounts, ChallengeFeature feature, String password) {
    this.accounts = accounts;
    this.feature = feature;
    this.password = password;
  }

  /**
   * Seeds acme's challenges. {@code people} holds the demo accounts by username: alice owns acme,
   * bob is on its team, carol and dave are members, mod is a moderator.
   */
  public Future<Void> seed(String orgSlug, Map<String, User> people) {
    Map<String, Caller> as = new HashMap<>();
    people.forEach((name, user) -> as.put(name, new Caller(user, null, false)));
    Future<Void> chain = Future.succeededFuture();
    for (String[] p : CROWD) {
      chain = chain.compose(v -> accounts.register(new AccountService.Registration(p[0], p[0] + "@demo.cocreate.dev", password,
          p[1])).map(u -> {
            as.put(p[0], new Caller(u, null, false));
            return null;
          }));
    }
    return chain.compose(v -> seedChallenges(orgSlug, as));
  }

  private Future<Void> seedChallenges(String org, Map<String, Caller> as) {
    ChallengeService challenges = feature.challenges();
    IdeaService ideas = feature.ideas();
    OffsetDateTime closes = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.HOURS);
    ChallengeService.Brief brief = new ChallengeService.Brief(
        "Zero-waste packaging for trail gear",
        "Help us ship tents, packs and stoves without a single piece of packaging that ends up in a bin.",
        """
            Every Acme Outdoor order leaves our warehouse in a cardboard box, with plastic bags around each item and \
            paper inserts for care instructions. Customers tell us it feels at odds with why they buy from us: \
            **about 38% of the packaging we ship is thrown away within a day.**

            We ship 240,000 parcels a year across Europe, from a single warehouse in Lyon. Returns run at 6%.""",
        """
            - Cut single-use packaging per order by at least 70% within a year
            - Keep damage in transit at or below today's 0.8%
            - A packing routine our warehouse team can learn in an afternoon""",
        """
            - Parcels must still fit the carriers' standard sizes (max 120 x 60 x 60 cm)
            - Materials must be recyclable or reusable in the customer's country
            - Cost per order may rise by at most EUR 0.40""",
        new JsonArray()
            .add(new JsonObject().put("name", "Waste avoided").put("weight", 40))
            .add(new JsonObject().put("name", "Cost per order").put("weight", 25))
            .add(new JsonObject().put("name", "Customer experience").put("weight", 20))
            .add(new JsonObject().put("name", "Time to roll out").put("weight", 15)),
        "EUR 10,000 shared by the accepted ideas, and a paid pilot with their authors",
        """
            You keep the authorship of your idea. By submitting it you grant Acme Outdoor a non-exclusive, royalty-free \
            licence to use and adapt it; accepted ideas get a written agreement before any pilot.""",
        closes, 10, "ideas-lab", null, null, null, null);
    return challenges.create(as.get("alice"), org, brief)
        .compose(view -> challenges.transition(as.get("alice"), view.challenge().id(), ChallengePhase.OPEN))
        .compose(view -> seedIdeas(view.challenge().id(), as, ideas))
        .compose(v -> challenges.create(as.get("bob"), org, new ChallengeService.Brief(
            "Repair kits people actually use",
            "Draft: what would make a field repair kit worth carrying?",
            "Our repair kits come back unopened in 70% of returns.",
            "- A kit members carry and use",
            "", new JsonArray().add(new JsonObject().put("name", "Usefulness").put("weight", 1)),
            "", "Same terms as our other challenges.", closes.plusDays(30), 50, null, null, null, null, null)))
        .mapEmpty();
  }

  private Future<Void> seedIdeas(long challengeId, Map<String, Caller> as, IdeaService ideas) {
    List<Long> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    String[][] submissions = {
        {"carol", "Returnable gear pouches with a deposit",
            "Ship each item in a sturdy roll-top pouch; customers send it back with a prepaid label and get EUR 3 back.",
            "A pouch survives about 40 trips. The deposit covers the ones that do not come back, and the pouches double "
                + "as stuff sacks if customers keep them."},
        {"dave", "Mushroom-based foam for stove boxes",
            "Replace the polystyrene around our stoves with mycelium foam grown to shape, compostable at home.",
            "Suppliers in the Netherlands grow inserts in 5 days. Drop tests on similar products match polystyrene."},
        {"erin", "The tent bag is the shipping sleeve",
            "Fold the tent's own bag into a reinforced sleeve with a printed label window, and ship no box at all.",
            "Works for 80% of our tents by volume. Needs a slightly thicker bag fabric, which customers would welcome."},
        {"frank", "Care instructions as a QR code on the product",
            "Print a QR code on the sewn-in label instead of the paper leaflet; it opens the care page in any language.",
            "Saves about 1.2 million leaflets a year."},
        {"grace", "Ship tents in their own bag, no cardboard",
            "Use the tent bag itself as the parcel.",
            "Same idea as the shipping sleeve, I think: no box, just the bag with a label."},
    };
    for (String[] s : submissions) {
      chain = chain.compose(v -> ideas.submit(as.get(s[0]), challengeId, new NewIdea(s[1], s[2], s[3]))
          .map(idea -> {
            ids.add(idea.id());
            return null;
          }));
    }
    // Nine supports for the pouches, one short of the threshold of ten.
    for (String name : List.of("dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "ken", "mod")) {
      chain = chain.compose(v -> ideas.support(as.get(name), ids.get(0)).mapEmpty());
    }
    for (String name : List.of("carol", "heidi", "ivan", "judy")) {
      chain = chain.compose(v -> ideas.support(as.get(name), ids.get(1)).mapEmpty());
    }
    for (String name : List.of("carol", "dave", "frank")) {
      chain = chain.compose(v -> ideas.support(as.get(name), ids.get(2)).mapEmpty());
    }
    for (String name : List.of("ken", "carol")) {
      chain = chain.compose(v -> ideas.support(as.get(name), ids.get(4)).mapEmpty());
    }
    chain = chain.compose(v -> ideas.support(as.get("erin"), ids.get(3)).mapEmpty());
    Caller bob = as.get("bob");
    return chain
        .compose(v -> ideas.answer(bob, ids.get(1), IdeaStatus.IN_REVIEW,
            "Thank you, Dave. We have asked two growers for samples sized for the Camp Stove box."))
        .compose(v -> ideas.answer(bob, ids.get(1), IdeaStatus.SHORTLISTED,
            "The samples passed our 1.2 m drop test. Shortlisted for the pilot in spring."))
        .compose(v -> ideas.answer(bob, ids.get(3), IdeaStatus.IN_REVIEW, "Looking at label printing costs."))
        .compose(v -> ideas.answer(bob, ids.get(3), IdeaStatus.DECLINED,
            "Our labels are woven, not printed, so a QR code would not survive washing. We will put the care page "
                + "link on the hang tag instead."))
        .compose(v -> ideas.merge(as.get("alice"), ids.get(4), ids.get(2),
            "Same idea as \"The tent bag is the shipping sleeve\"; supports moved there."))
        .mapEmpty();
  }
}
