package dev.cocreate;

import dev.cocreate.account.Caller;
import dev.cocreate.challenge.ChallengePhase;
import dev.cocreate.challenge.ChallengeService;
import dev.cocreate.challenge.IdeaAnswer;
import dev.cocreate.challenge.IdeaService;
import dev.cocreate.challenge.IdeaStatus;
import dev.cocreate.challenge.NewIdea;
import dev.cocreate.codesign.SplitProposal;
import dev.cocreate.jury.JuryDemo;
import dev.cocreate.results.ResultDemo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's whole round (issue #20), so a newcomer sees the loop at first start: a firm's
 * challenge with support stages and weighted criteria, supported ideas, a jury that scored (one
 * judge stepping aside), answers with a rationale per criterion, a result delivered step by step
 * and rated by supporters, and the next round open with its first ideas. A firm of its own, so the
 * acme challenges the other parts of the demo show keep their counts. Seeded through the services,
 * in the order people would act.
 */
final class RoundDemo {
  static final String ORG = "rivet";
  static final String SAFETY = "Rider safety";
  static final String COST = "Cost per light";
  static final String REPAIR = "Easy to repair";

  private final App app;
  private final ChallengeService challenges;
  private final IdeaService ideas;
  private final JuryDemo jury;
  private final ResultDemo results;

  RoundDemo(App app) {
    this.app = app;
    this.challenges = app.challenges().challenges();
    this.ideas = app.challenges().ideas();
    this.jury = new JuryDemo(app.jury);
    this.results = new ResultDemo(app.results);
  }

  /** {@code as} holds the demo's people by username: alice owns the firm, bob is on its team. */
  Future<Void> seed(Map<String, Caller> as) {
    Caller alice = as.get("alice");
    return app.orgs().create(alice, ORG, "Rivet Cycles",
            "City bikes and the parts that keep them going. Each round's result is built with our riders.")
        .compose(org -> app.orgs().putMember(alice, ORG, "bob", "member"))
        .compose(v -> finishedRound(as))
        .compose(finished -> nextRound(as, finished));
  }

  private static JsonArray criteria() {
    return new JsonArray()
        .add(new JsonObject().put("name", SAFETY).put("weight", 3))
        .add(new JsonObject().put("name", COST).put("weight", 2))
        .add(new JsonObject().put("name", REPAIR).put("weight", 1));
  }

  private Future<Long> finishedRound(Map<String, Caller> as) {
    Caller bob = as.get("bob");
    OffsetDateTime closes = OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.HOURS);
    JsonArray stages = new JsonArray()
        .add(new JsonObject().put("supporters", 2).put("withinDays", 30))
        .add(new JsonObject().put("supporters", 4).put("withinDays", 60));
    ChallengeService.Brief brief = new ChallengeService.Brief(
        "Bike lights that survive a winter commute",
        "Our riders lose a light a winter to rain, salt and thieves. Help us design one that lasts.",
        """
            One in three Rivet riders replaced a front light last winter. Returned lights show water in the \
            switch, corroded contacts and cracked mounts; a fifth were stolen off the bike.""",
        """
            - A light that still works after a winter of daily commuting
            - Costs us no more than EUR 25 to build
            - A rider can fix the common failures with a hex key""",
        "Must meet the German StVZO rules for road lighting.",
        criteria(), "EUR 1,500 and the first production light for each author whose idea is built.",
        "Authors keep their rights; Rivet gets a free licence to build what it selects.", closes, 4, null, null,
        stages, 3, true);
    return challenges.create(bob, ORG, brief)
        .compose(view -> challenges.transition(bob, view.challenge().id(), ChallengePhase.OPEN))
        .compose(view -> roundIdeas(view.challenge().id(), as));
  }

  private Future<Long> roundIdeas(long challengeId, Map<String, Caller> as) {
    String[][] submissions = {
        {"carol", "A sealed dynamo light with no switch",
            "A hub-dynamo light potted in resin: no switch to leak, no battery to steal or flatten.",
            "It turns on with the wheel and a light sensor. The mount is a steel bracket held by the axle nut."},
        {"dave", "A theft-proof mount with a pentagon bolt",
            "Mount the light with a five-sided security bolt only our shop key opens.",
            "Thieves carry hex keys, not pentagon ones. The key ships with the bike."},
        {"erin", "Swap-in battery packs from power-tool makers",
            "Use the battery a rider already owns for their drill, with an adapter in the light.",
            "Riders keep one charger; the light is a shell around the pack."},
        {"grace", "A rear light woven into the pannier",
            "LED strips sewn into our panniers, charged by USB.",
            "Seen from the side as well as behind."},
    };
    List<Long> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String[] s : submissions) {
      chain = chain.compose(v -> ideas.submit(as.get(s[0]), challengeId, new NewIdea(s[1], s[2], s[3]))
          .map(idea -> {
            ids.add(idea.id());
            return null;
          }));
    }
    // The sealed light passes both stages (4 of 4); the mount reaches the first; the others fall short.
    chain = supports(chain, as, ids, 0, List.of("dave", "ivan", "judy", "ken"));
    chain = supports(chain, as, ids, 1, List.of("carol", "ivan", "judy"));
    chain = supports(chain, as, ids, 2, List.of("ken"));
    chain = supports(chain, as, ids, 3, List.of("carol"));
    Caller bob = as.get("bob");
    return chain
        // The sealed light went to review on reaching the threshold; the firm puts the others there itself.
        .compose(v -> challenges.transition(bob, challengeId, ChallengePhase.REVIEW))
        .compose(v -> jury.name(bob, challengeId, List.of("frank", "heidi")))
        // Heidi sews for grace's pannier supplier, so that idea is not hers to score.
        .compose(v -> jury.conflict(as.get("heidi"), ids.get(3)))
        .compose(v -> scores(as.get("frank"), ids, new int[][] {{9, 7, 8}, {6, 9, 7}, {5, 4, 6}, {7, 5, 3}}))
        .compose(v -> scores(as.get("heidi"), ids.subList(0, 3), new int[][] {{8, 6, 9}, {5, 8, 8}, {4, 5, 5}}))
        .compose(v -> answer(bob, ids.get(0), IdeaStatus.SHORTLISTED, "Shortlisted: both judges ranked it first.",
            rationale("No switch and no battery means nothing a winter can break.",
                "About EUR 22 in resin and optics at 5,000 lights.",
                "The bracket comes off with the axle nut; the light itself is swapped whole.")))
        // The brief has a reward: carol, the light's only author, takes it whole, and her proposal is her consent.
        .compose(v -> app.splits.propose(as.get("carol"), ids.get(0), new SplitProposal(Map.of("carol", 10_000))))
        .compose(v -> answer(bob, ids.get(0), IdeaStatus.ACCEPTED, "Accepted: we are building it with Lumen Works.", null))
        .compose(v -> answer(bob, ids.get(1), IdeaStatus.IN_REVIEW, "Our jury is scoring the ideas this week.", null))
        .compose(v -> answer(bob, ids.get(1), IdeaStatus.SHORTLISTED, "Shortlisted: it goes with the sealed light.",
            rationale("A light that stays on the bike is a light that is on at night.",
                "Pentagon bolts cost cents more than hex ones.", "Any Rivet shop opens it in a minute.")))
        .compose(v -> answer(bob, ids.get(2), IdeaStatus.IN_REVIEW, "Our jury is scoring the ideas this week.", null))
        .compose(v -> answer(bob, ids.get(2), IdeaStatus.DECLINED,
            "Declined: the packs differ too much from one tool maker to the next.",
            rationale("A pack that slips out of its adapter on cobbles leaves the rider dark.",
                "One adapter per maker triples the parts we stock.", "Riders could swap packs, but not fix adapters.")))
        .compose(v -> challenges.transition(bob, challengeId, ChallengePhase.DECIDED))
        .compose(v -> delivered(as, challengeId, ids.subList(0, 2)))
        .map(challengeId);
  }

  private Future<Void> supports(Future<Void> chain, Map<String, Caller> as, List<Long> ids, int idea, List<String> who) {
    Future<Void> next = chain;
    for (String name : who) {
      next = next.compose(v -> ideas.support(as.get(name), ids.get(idea)).mapEmpty());
    }
    return next;
  }

  private Future<Void> scores(Caller judge, List<Long> ids, int[][] marks) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < ids.size(); i++) {
      long idea = ids.get(i);
      int[] m = marks[i];
      chain = chain.compose(v -> jury.score(judge, idea, Map.of(SAFETY, m[0], COST, m[1], REPAIR, m[2]),
          "Scored against the brief after reading the thread."));
    }
    return chain;
  }

  private static Map<String, String> rationale(String safety, String cost, String repair) {
    return Map.of(SAFETY, safety, COST, cost, REPAIR, repair);
  }

  private Future<Void> answer(Caller firm, long idea, IdeaStatus to, String note, Map<String, String> why) {
    return ideas.answer(firm, idea, new IdeaAnswer(to, note, why == null ? Map.of() : why)).mapEmpty();
  }

  /** The result: recorded with its milestones, updated to delivered, rated by three supporters. */
  private Future<Void> delivered(Map<String, Caller> as, long challengeId, List<Long> ideaIds) {
    Caller bob = as.get("bob");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return results.record(bob, challengeId, "The Rivet Sealed Light, with a pentagon-bolt mount", "Lumen Works, Lyon",
            ideaIds, List.of("Prototype on ten bikes", "Winter field test", "On sale in every Rivet shop"),
            List.of(today.minusDays(90), today.minusDays(30), today.minusDays(7)))
        .compose(id -> results.update(bob, id, 30, "in_progress", "Ten prototypes are on riders' bikes.")
            .compose(v -> results.update(bob, id, 70, "in_progress", "The winter test ended: no light failed."))
            .compose(v -> results.update(bob, id, 100, "delivered", "On sale in every Rivet shop from today."))
            .compose(v -> results.rate(as.get("ivan"), id, 5, "Three months of rain and it still just works."))
            .compose(v -> results.rate(as.get("judy"), id, 4, "Bright and sturdy; I would like a dimmer setting."))
            .compose(v -> results.rate(as.get("dave"), id, 5, "Worth the wait.")));
  }

  private Future<Void> nextRound(Map<String, Caller> as, long finished) {
    Caller bob = as.get("bob");
    OffsetDateTime closes = OffsetDateTime.now(ZoneOffset.UTC).plusDays(45).truncatedTo(ChronoUnit.HOURS);
    ChallengeService.Brief brief = new ChallengeService.Brief(
        "A rear light as tough as the Sealed Light",
        "The Sealed Light delivered at the front. Now the back of the bike.",
        "Rear lights fail on the same winter roads, and a rider cannot see theirs die.",
        "- A rear light that lasts a winter\n- Tells the rider when it is out",
        "", criteria(), "", "Same terms as the first round.", closes, 10, null, finished, null, null, true);
    return challenges.create(bob, ORG, brief)
        .compose(view -> challenges.transition(bob, view.challenge().id(), ChallengePhase.OPEN))
        .compose(view -> ideas.submit(as.get("ivan"), view.challenge().id(), new NewIdea(
                "Feed the rear light from the front dynamo",
                "A thin cable along the frame, so the rear light never needs charging.",
                "The Sealed Light's dynamo has power to spare."))
            .compose(i -> ideas.submit(as.get("carol"), view.challenge().id(), new NewIdea(
                "A dashboard dot that says the rear light is on",
                "A small LED on the stem that glows when current flows to the back.",
                "Riders see at a glance what drivers see.")))
            .compose(i -> ideas.support(as.get("dave"), i.id())))
        .mapEmpty();
  }
}
