package dev.cocreate;

import dev.cocreate.access.Permissions;
import dev.cocreate.account.AccountService;
import dev.cocreate.account.AccountSettings;
import dev.cocreate.account.Caller;
import dev.cocreate.account.CsrfTokens;
import dev.cocreate.account.Invites;
import dev.cocreate.account.OrgRepository;
import dev.cocreate.account.OrgService;
import dev.cocreate.account.PasswordReset;
import dev.cocreate.account.SessionRepository;
import dev.cocreate.account.SessionService;
import dev.cocreate.account.Signup;
import dev.cocreate.account.UserRepository;
import dev.cocreate.admin.SiteSettingsService;
import dev.cocreate.challenge.ChallengeFeature;
import dev.cocreate.codesign.CodesignData;
import dev.cocreate.codesign.CodesignService;
import dev.cocreate.codesign.CreditLedger;
import dev.cocreate.codesign.RewardSplits;
import dev.cocreate.codesign.SplitAcceptance;
import dev.cocreate.facilitation.FacilitationService;
import dev.cocreate.forum.CachedThreadReads;
import dev.cocreate.forum.ForumModeration;
import dev.cocreate.forum.ForumService;
import dev.cocreate.forum.PostRepository;
import dev.cocreate.forum.SpaceRepository;
import dev.cocreate.forum.SpaceService;
import dev.cocreate.forum.ThreadPageCache;
import dev.cocreate.forum.ThreadRepository;
import dev.cocreate.forum.markdown.MarkdownRenderer;
import dev.cocreate.jury.JuryData;
import dev.cocreate.jury.JuryRepository;
import dev.cocreate.jury.JuryService;
import dev.cocreate.jury.Tallies;
import dev.cocreate.live.EventListener;
import dev.cocreate.live.LiveAddresses;
import dev.cocreate.live.LiveEvent;
import dev.cocreate.live.LiveOptions;
import dev.cocreate.live.LiveStats;
import dev.cocreate.live.Presence;
import dev.cocreate.live.TopicAccess;
import dev.cocreate.moderation.MemberModeration;
import dev.cocreate.moderation.ModeratedContent;
import dev.cocreate.moderation.ModerationLog;
import dev.cocreate.moderation.ModerationService;
import dev.cocreate.moderation.NewMemberPolicy;
import dev.cocreate.moderation.TrustLevels;
import dev.cocreate.moderation.TrustService;
import dev.cocreate.notify.DigestService;
import dev.cocreate.notify.NotificationService;
import dev.cocreate.notify.Notifier;
import dev.cocreate.notify.WatchTargets;
import dev.cocreate.platform.auth.PasswordHasher;
import dev.cocreate.platform.config.AppConfig;
import dev.cocreate.platform.db.Database;
import dev.cocreate.platform.events.EventLog;
import dev.cocreate.platform.events.Topics;
import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.ConnectionGuard;
import dev.cocreate.platform.http.RateLimitPolicy;
import dev.cocreate.platform.http.RateLimiter;
import dev.cocreate.platform.i18n.Messages;
import dev.cocreate.platform.jobs.ClusterJobs;
import dev.cocreate.platform.mail.Mailer;
import dev.cocreate.privacy.MemberData;
import dev.cocreate.recommend.RecommendationService;
import dev.cocreate.reputation.LeaderboardService;
import dev.cocreate.reputation.ReputationService;
import dev.cocreate.results.ResultData;
import dev.cocreate.results.ResultService;
import dev.cocreate.results.RoundRecord;
import dev.cocreate.search.SearchService;
import dev.cocreate.stakeholder.StakeholderService;
import dev.cocreate.upload.UploadService;
import dev.cocreate.web.StaticAssets;
import dev.cocreate.web.Templates;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.backends.BackendRegistries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * The object graph: built once per process by {@link Main} (or by a test), shared by every HTTP
 * verticle instance. Constructor wiring only; nothing here is static.
 *
 * <p>It is one class because it is the one place where every service is built, in the order they
 * depend on each other: split, each part would hand the next the services it made, and the order
 * would be spread over several files.
 */
public final class App {
  public static final int JSON_BODY_LIMIT = 64 * 1024;

  final AppConfig config;
  final Vertx vertx;
  final Database db;
  final RateLimiter limiter;
  final CsrfTokens csrf;
  final UserRepository users = new UserRepository();
  final SessionRepository sessionRepo = new SessionRepository();
  final OrgRepository orgRepo = new OrgRepository();
  final PasswordHasher hasher;
  final SessionService sessions;
  final AccountService accounts;
  final MemberModeration memberModeration;
  final OrgService orgs;
  final EventLog events = new EventLog();
  final Permissions permissions = new Permissions();
  final MarkdownRenderer markdown = new MarkdownRenderer();
  final SpaceService spaces;
  final FacilitationService facilitation;
  final ForumService forum;
  final ReputationService reputation;
  /** Leaderboards overall, per challenge and per space, over a period, from the reputation ledger. */
  final LeaderboardService leaderboards;
  final Notifier notifier = new Notifier(events, permissions);
  final ModerationLog moderationLog = new ModerationLog(notifier);
  final RateLimitPolicy rateLimitPolicy;
  final NewMemberPolicy newMembers;
  final TrustService trust;
  final ModerationService moderation;
  /** The forum's posts, threads and spaces as moderation acts on them and its pages name them. */
  final ModeratedContent moderatedContent;
  final NotificationService notifications;
  final DigestService digests;
  /** Ideas a member would care about; the digests list them through notify.DigestSuggestions. */
  final RecommendationService recommendations;
  /** The account's own mail (reset links, e-mail confirmations), through the digests' SMTP server. */
  final Mailer mailer;
  final PasswordReset passwordReset;
  final AccountSettings accountSettings;
  final SearchService search;
  final EventListener liveListener;
  final Presence presence;
  /** Connections per address and the time a request head may take, for every HTTP verticle of this node. */
  final ConnectionGuard connectionGuard;
  final LiveStats liveStats = new LiveStats();
  /** Visitors' thread pages and JSON from memory, dropped by the events that change them (issue #23). */
  final CachedThreadReads threadReads;
  private volatile InstantSource liveClock = InstantSource.system();
  /** Who may follow which live topic: the same rules as the read API. */
  final TopicAccess topicAccess;
  final ChallengeFeature challenges;
  /** Members' stakeholder types towards orgs; a change rechecks the org's ideas through the challenge feature. */
  final StakeholderService stakeholders;
  /** Judges scoring a challenge's ideas; challenges ask it through JuryVerdicts, so the arrow points one way. */
  final JuryService jury;
  /** What decided challenges delivered: results, their updates and ratings. */
  final ResultService results;
  /** Periodic jobs that run once per period across every node. */
  final ClusterJobs jobs;
  /** Site settings an admin changes at run time, as this node sees them. */
  final SiteSettingsService settings;
  final Invites invites;
  final Signup signup;
  private final long settingsTimer;
  /** A member's export and account deletion, across every feature's tables. */
  final MemberData memberData;
  /** Members' images, stored in the database and served by every node. */
  final UploadService uploads;
  /** Co-design of ideas: iterations, co-authors, amendments, the credit ledger. */
  final CodesignService codesign;
  final CreditLedger credits;
  /** Reward splits; accepting an idea asks SplitAcceptance through challenge.IdeaAcceptance, so the arrow points one way. */
  final RewardSplits splits;
  private final long evictTimer;
  private final long digestTimer;

  final String metricsRegistryName;
  /** The pages' and digests' texts in every language, read once at start-up: no file reads on an event loop. */
  final Messages messages = Messages.load();
  /** The stylesheets, scripts and icon, read and fingerprinted once at start-up (from the jar, or webrootDir). */
  final StaticAssets assets;
  /** Compiled once per node; rendering is CPU-only and safe from every event loop. */
  final Templates templates = Templates.forPages(messages);

  public App(AppConfig config, Vertx vertx, Database db, String metricsRegistryName) {
    this(config, vertx, db, metricsRegistryName, InstantSource.system());
  }

  /**
   * @param clock the time rate limits refill by and challenge deadlines fall by: the system's, or a
   *     test's that it moves on itself (a test of a one-minute window then takes no minute)
   */
  public App(AppConfig config, Vertx vertx, Database db, String metricsRegistryName, InstantSource clock) {
    this(config, vertx, db, metricsRegistryName, clock, PasswordHasher.Cost.OWASP_MINIMUM);
  }

  /**
   * @param hashCost what hashing a password costs: the OWASP minimum, or less in the in-process
   *     tests, which register thousands of members
   */
  public App(AppConfig config, Vertx vertx, Database db, String metricsRegistryName, InstantSource clock,
      PasswordHasher.Cost hashCost) {
    this.metricsRegistryName = metricsRegistryName;
    this.config = config;
    this.vertx = vertx;
    this.db = db;
    this.assets = StaticAssets.load(config.webrootDir());
    templates.register("asset", assets);
    this.settings = new SiteSettingsService(db, config.moderation(), permissions);
    this.limiter = new RateLimiter(config.rateLimits(), name -> settings.current().rateLimit(name), clock);
    this.csrf = new CsrfTokens(config.secureCookies(), config.jwtSecret());
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(config.jwtSecret()))));
    this.hasher = new PasswordHasher(vertx, hashCost);
    this.sessions = new SessionService(db, jwt, sessionRepo, config.tokenMinutes(), config.sessionDays(), events);
    this.accounts = new AccountService(db, users, sessionRepo, hasher, limiter);
    this.reputation = new ReputationService(db, () -> settings.current().badges());
    this.memberModeration = new MemberModeration(db, accounts, users, sessionRepo, vertx.eventBus(), events, moderationLog,
        permissions);
    this.rateLimitPolicy = new RateLimitPolicy(config.moderation());
    this.newMembers = new NewMemberPolicy(config.moderation(), permissions, moderationLog);
    this.trust = new TrustService(db, new TrustLevels(level -> settings.current().threshold(level)));
    SpaceRepository spaceRepo = new SpaceRepository();
    ThreadRepository threadRepo = new ThreadRepository();
    PostRepository postRepo = new PostRepository();
    this.spaces = new SpaceService(db, spaceRepo, users, permissions, events, moderationLog, clock);
    this.forum = new ForumService(vertx, db, spaceRepo, threadRepo, postRepo, permissions, events,
        markdown, newMembers, trust, notifier, limiter, moderationLog, clock);
    this.moderatedContent = new ForumModeration(forum, spaces, spaceRepo, threadRepo, postRepo);
    this.moderation = new ModerationService(db, moderatedContent, users,
        moderationLog, events, trust, config.moderation(), permissions, limiter, rateLimitPolicy, clock);
    JuryRepository juryRepo = new JuryRepository();
    this.challenges = new ChallengeFeature(vertx, db, orgRepo, users, events, permissions, forum,
        config.webhookRetryBaseMs(), config.webhooksAllowPrivate(), notifier,
        () -> settings.current().defaultSupportThreshold(), clock, limiter, new RoundRecord(db, permissions),
        new Tallies(juryRepo), new SplitAcceptance());
    this.jury = new JuryService(db, juryRepo, challenges.challenges(), challenges.ideas(), users, permissions, notifier);
    this.results = new ResultService(db, challenges.challenges(), permissions, events, challenges.outbox(), notifier);
    this.orgs = new OrgService(db, orgRepo, users, List.of(challenges::addToOrgView));
    this.stakeholders = new StakeholderService(db, orgRepo, users, permissions, challenges.ideas()::recheckShares);
    this.leaderboards = new LeaderboardService(db, new LeaderboardService.Places() {
      @Override
      public Future<LeaderboardService.Place> challenge(Caller caller, long id) {
        return challenges.challenges().get(caller, id)
            .map(v -> new LeaderboardService.Place(id, v.challenge().title(), "/c/" + id));
      }

      @Override
      public Future<LeaderboardService.Place> space(Caller caller, String slug) {
        return spaces.space(caller, slug).map(s -> new LeaderboardService.Place(s.id(), s.name(), "/s/" + s.slug()));
      }
    }, clock);
    this.facilitation = new FacilitationService(db, spaces, users, orgRepo, permissions, moderationLog, clock);
    this.notifications = new NotificationService(db, events, new WatchTargets(
        (caller, id) -> forum.thread(caller, id).map(t -> t.id()),
        (caller, id) -> challenges.challenges().get(caller, id).map(id),
        // An idea is followed through its thread; one whose discussion the caller cannot read cannot be followed.
        (caller, id) -> challenges.ideas().get(caller, id).compose(idea -> idea.threadId() == null
            ? Future.failedFuture(ApiException.notFound("idea"))
            : forum.thread(caller, idea.threadId()).map(t -> t.id()))), permissions);
    this.search = new SearchService(db, permissions);
    this.mailer = new Mailer(vertx, config.mail());
    this.passwordReset = new PasswordReset(db, users, sessionRepo, hasher, limiter, events, mailer,
        messages, siteUrl(config), clock);
    this.accountSettings = new AccountSettings(db, users, sessionRepo, accounts, hasher, events, mailer,
        messages, siteUrl(config), clock);
    this.recommendations = new RecommendationService(db, permissions, messages);
    this.digests = new DigestService(vertx, db, config.mail(), siteUrl(config), config.jwtSecret(), messages, permissions,
        recommendations);
    this.presence = new Presence(db.pool());
    this.liveListener = new EventListener(vertx, db.target().connectOptions(), db.pool())
        .alsoListen(Presence.CHANNEL, presence::onNotification);
    presence.start(vertx);
    // A live topic is followable exactly when the read API would show what it announces, and a
    // replay shows what a read would show now.
    this.topicAccess = new TopicAccess() {
      @Override
      public Future<Boolean> canSubscribe(Caller caller, String topic) {
        return topic.equals(Topics.ME)
            ? Future.succeededFuture(permissions.canFollowOwnTopic(caller))
            : topic.startsWith("challenge:") ? challenges.challenges().canReadTopic(caller, topic)
            : forum.canReadTopic(caller, topic);
      }

      @Override
      public Future<Readable> readable(Caller caller, Set<Long> threadIds,
          Set<String> spaceSlugs) {
        return forum.readableNow(caller, threadIds, spaceSlugs);
      }

      @Override
      public Future<Set<Long>> threadsIn(long spaceId, Set<Long> threadIds) {
        return forum.threadsIn(spaceId, threadIds);
      }

      @Override
      public Future<Set<Long>> shownNotifications(Caller caller,
          Set<Long> notificationIds) {
        return notifications.shownOf(caller, notificationIds);
      }

      @Override
      public boolean canSeeHiddenPost(Caller caller, long authorId) {
        return permissions.canSeeHiddenPost(caller, authorId);
      }
    };
    this.jobs = new ClusterJobs(vertx, db, nodeName(metricsRegistryName));
    this.invites = new Invites(db);
    this.signup = new Signup(accounts, invites, () -> switch (settings.current().registration()) {
      case OPEN -> Signup.Mode.OPEN;
      case CLOSED -> Signup.Mode.CLOSED;
      case INVITE_ONLY -> Signup.Mode.INVITE_ONLY;
    }, limiter);
    this.settingsTimer = settings.schedule(vertx);
    // Every feature's part is listed in MemberData itself (notifications included): none is added here.
    this.uploads = new UploadService(vertx, db, users, limiter, permissions);
    this.codesign = new CodesignService(db, challenges.ideas(), forum, users, permissions, events, notifier, uploads, limiter);
    this.credits = new CreditLedger(db, codesign, forum);
    this.splits = new RewardSplits(db, codesign, permissions, moderation, notifier);
    this.memberData = new MemberData(db, users, hasher, events, accounts, List.of(new ResultData(), new CodesignData(), new JuryData()));
    this.connectionGuard = new ConnectionGuard(config.maxConnectionsPerIp(), config.requestHeaderTimeoutSeconds() * 1000L);
    this.threadReads = new CachedThreadReads(threadPageCache(config, vertx), csrf, templates,
        () -> settings.current().siteName() + "\n" + settings.current().ownDescription());
    // Null for a Vert.x without metrics (the create-admin command): it serves no /metrics.
    MeterRegistry meters = BackendRegistries.getNow(metricsRegistryName);
    if (meters != null) {
      connectionGuard.bindTo(meters);
      threadReads.cache().bindTo(meters);
    }
    this.evictTimer = vertx.setPeriodic(60_000, id -> limiter.evictIdle());
    // Every member, once per period for the whole cluster rather than once per node.
    jobs.register("trust-recompute", Duration.ofSeconds(config.moderation().trustRecomputeSeconds()),
        tx -> trust.recomputeAll());
    // Facilitator terms that ended served earn their reputation once, whichever node sweeps first.
    jobs.register("facilitation-terms", Duration.ofMinutes(1), facilitation::creditServedTerms);
    this.digestTimer = digests.schedule(vertx, 15);
  }

  /**
   * The page cache, told of every event twice: by this node's own commits at once (so a write's
   * author, and anyone reading this node after its response, never meets the page from before it),
   * and by the listener, which brings every node's events to every node.
   */
  private ThreadPageCache threadPageCache(AppConfig config, Vertx vertx) {
    ThreadPageCache cache = new ThreadPageCache(config.pageCacheBytes());
    if (!cache.enabled()) {
      return cache;
    }
    events.onCommitted(list -> list.forEach(e -> cache.onEvent(e.id(), e.topic(), e.data())));
    vertx.eventBus().<LiveEvent>localConsumer(LiveAddresses.EVENTS, m -> {
      LiveEvent e = m.body();
      cache.onEvent(e.id(), e.topic(), ThreadPageCache.needsData(e.topic()) ? new JsonObject(e.text()).getJsonObject("data") : null);
    });
    return cache;
  }

  /** Host and process, so job_runs and logs say which node did something. */
  private static String nodeName(String registryName) {
    // Not InetAddress.getLocalHost(): with a bad resolver it can stall start-up for seconds.
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException | RuntimeException e) {
        host = "node";
      }
    }
    return host + ":" + ProcessHandle.current().pid() + ":" + registryName;
  }

  public AppConfig config() {
    return config;
  }

  public Database db() {
    return db;
  }

  public MemberModeration memberModeration() {
    return memberModeration;
  }

  public AccountService accounts() {
    return accounts;
  }

  public OrgService orgs() {
    return orgs;
  }

  public EventLog events() {
    return events;
  }

  public Permissions permissions() {
    return permissions;
  }

  public MarkdownRenderer markdown() {
    return markdown;
  }

  public SpaceService spaces() {
    return spaces;
  }

  public FacilitationService facilitation() {
    return facilitation;
  }

  public ForumService forum() {
    return forum;
  }

  public NotificationService notifications() {
    return notifications;
  }

  public DigestService digests() {
    return digests;
  }

  public RecommendationService recommendations() {
    return recommendations;
  }

  /** Where members reach this site: publicUrl, or this node on localhost when it is unset. */
  static String siteUrl(AppConfig config) {
    return config.publicUrl() != null ? config.publicUrl() : "http://localhost:" + config.httpPort();
  }

  public ModerationService moderation() {
    return moderation;
  }

  public TrustService trust() {
    return trust;
  }

  /** Rate limits per action and trust level, for every feature's write routes. */
  public RateLimitPolicy rateLimitPolicy() {
    return rateLimitPolicy;
  }

  /** The node's events-table listener; {@link Server} deploys it before the HTTP verticles. */
  public EventListener liveListener() {
    return liveListener;
  }

  public ConnectionGuard connectionGuard() {
    return connectionGuard;
  }

  /**
   * Every HTTP verticle has a hub with its own window of recent events for replays: the node's
   * budget (16 MiB) is shared among them, so a many-core node does not hold a copy per core at full
   * size.
   */
  LiveOptions liveOptions() {
    int hubs = Math.max(1, config.effectiveHttpInstances());
    return LiveOptions.DEFAULTS.withRecent(LiveOptions.DEFAULTS.recentEvents(),
        Math.max(1024L * 1024, 16L * 1024 * 1024 / hubs)).withClock(() -> liveClock.instant());
  }

  /**
   * The clock by which live sockets find their sessions expired. Tests move it forward (the hubs
   * read it at every heartbeat) instead of waiting for a token to run out.
   */
  public void liveClock(InstantSource clock) {
    this.liveClock = clock;
  }

  /** This node's cache of visitors' thread pages and JSON (its figures are in /metrics too). */
  public ThreadPageCache pageCache() {
    return threadReads.cache();
  }

  public LiveStats liveStats() {
    return liveStats;
  }

  public ClusterJobs jobs() {
    return jobs;
  }

  /** Members' reputation: its breakdown and the recompute. */
  public ReputationService reputation() {
    return reputation;
  }

  public SiteSettingsService settings() {
    return settings;
  }

  public MemberData memberData() {
    return memberData;
  }

  public ChallengeFeature challenges() {
    return challenges;
  }

  /** Background jobs every serving node runs (not the create-admin command). */
  public void startJobs() {
    challenges.start();
    jobs.start();
  }

  /** A router for one HTTP verticle instance: see {@link NodeRouter}. */
  public Router router(Vertx instanceVertx) {
    return new NodeRouter(this).router(instanceVertx);
  }

  public void close() {
    vertx.cancelTimer(evictTimer);
    presence.stop(vertx);
    challenges.stop();
    vertx.cancelTimer(digestTimer);
    digests.close();
    mailer.close();
    uploads.close();
    jobs.stop();
    vertx.cancelTimer(settingsTimer);
  }
}
