package dev.cocreate.access;

import dev.cocreate.account.AccountRules;
import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.content.ForumThread;
import dev.cocreate.content.Post;
import dev.cocreate.content.Space;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that answers "may this caller do that". Services ask it and turn a "no" into 404
 * (the caller may not even know the thing exists) or 403 (they can see it but may not act on it).
 * Decisions are pure: whatever they need (a space's visibility, whether the caller is in its
 * group) is loaded with the thing being decided about.
 *
 * <p>Every rule about reading is written here twice, side by side: in Java, for a thing already
 * loaded, and as the SQL condition that selects the same things inside a query (search, lists,
 * feeds, notifications), for a {@link SqlReader}. {@code ReadRulesTableTest} checks, for every kind
 * of caller and every visibility and state, that the two answer alike. Nothing else writes a read
 * rule: a change to one is made here, to both forms at once.
 *
 * <p>It is one class because it is the one place a permission rule is written and looked for: every
 * feature's rules side by side, so none is written twice or drifts from its SQL scope unseen.
 */
public final class Permissions {

  // Who the caller is, for every rule below

  /** See {@link AccountRules#active}: a suspended or deleted account has no more rights than a visitor. */
  private static boolean active(Caller c) {
    return AccountRules.active(c);
  }

  private static boolean staff(Caller c) {
    return AccountRules.staff(c);
  }

  public boolean isModerator(Caller c) {
    return staff(c);
  }

  public boolean isAdmin(Caller c) {
    return AccountRules.isAdmin(c);
  }

  /**
   * The values of a {@link SqlReader#at} reader's placeholders for this caller: their id, 0 for
   * nobody and for an account whose rights do not apply (so SQL needs no suspension rule of its own).
   */
  public List<Object> readerParams(Caller c) {
    return List.of(active(c) ? c.id() : 0L);
  }

  /** The caller as a SQL reader at placeholder {@code $first}, with its value. */
  public SqlReader reader(Caller c, int first) {
    return SqlReader.at(first).bound(readerParams(c));
  }

  /** Creating spaces and managing a group space's members. */
  public boolean canManageSpaces(Caller c) {
    return isAdmin(c);
  }

  /** Site settings and invitation codes: {@link AccountRules#canAdministerSite}. */
  public boolean canAdministerSite(Caller c) {
    return AccountRules.canAdministerSite(c);
  }

  // Reading the forum

  /**
   * Public: anyone; members: anyone signed in; group: its listed members, moderators and admins,
   * and the owners of the org that runs it.
   */
  public boolean canReadSpace(Caller c, Space s) {
    return switch (s.visibility()) {
      case PUBLIC -> true;
      case MEMBERS -> active(c);
      case GROUP -> staff(c) || active(c) && (s.callerIsMember() || s.orgId() != null && "owner".equals(s.callerOrgRole()));
    };
  }

  /** {@link #canReadSpace} for the space under alias {@code space}. */
  public String readableSpaces(SqlReader r, String space) {
    return """
        (%1$s.visibility = 'public'
         or (%1$s.visibility = 'members' and %2$s <> 0)
         or (%1$s.visibility = 'group' and (%3$s or exists (
               select 1 from space_members rsm where rsm.space_id = %1$s.id and rsm.user_id = %2$s) or exists (
               select 1 from org_members rso where rso.org_id = %1$s.org_id and rso.user_id = %2$s and rso.role = 'owner'))))"""
        .formatted(SqlReader.alias(space), r.id(), r.moderator());
  }

  /**
   * Whether everyone who may read the space under {@code x} may read the one under {@code y}, by
   * {@link #canReadSpace}: a public space is read by all, a members space by anyone signed in, a
   * group by its members, the moderators and its org's owners (so a group is within another when
   * its members are and it is not run by an org, or by the same org as the other).
   * A move names the other space to a space's followers only when this holds, since one event goes
   * to all of them.
   */
  public String spaceReadersWithin(String x, String y) {
    return """
        case when %2$s.visibility = 'public' then true
             when %2$s.visibility = 'members' then %1$s.visibility <> 'public'
             else %1$s.visibility = 'group' and (%1$s.org_id is null or %1$s.org_id = %2$s.org_id) and not exists (
               select 1 from space_members rwx where rwx.space_id = %1$s.id
               and not exists (select 1 from space_members rwy where rwy.space_id = %2$s.id and rwy.user_id = rwx.user_id))
        end""".formatted(SqlReader.alias(x), SqlReader.alias(y));
  }

  /** A thread, its posts, revisions and votes are readable when its space is and it is not hidden by moderation. */
  public boolean canReadThread(Caller c, ForumThread t) {
    return canReadThread(c, t.space(), t.hidden());
  }

  /** {@link #canReadThread(Caller, ForumThread)} from its facts, for a thread loaded with something else (an idea). */
  public boolean canReadThread(Caller c, Space space, boolean hidden) {
    return canReadSpace(c, space) && (!hidden || staff(c));
  }

  /** {@link #canReadThread} for the thread under alias {@code thread} in the space under {@code space}. */
  public String readableThreads(SqlReader r, String thread, String space) {
    return "(%s and (not %s.hidden or %s))".formatted(readableSpaces(r, space), SqlReader.alias(thread), r.moderator());
  }

  /** {@link #readableThreads(SqlReader, String, String)} for the caller, its placeholders from {@code $first}. */
  public SqlScope readableThreads(Caller c, String thread, String space, int first) {
    SqlReader r = reader(c, first);
    return new SqlScope(readableThreads(r, thread, space), r.params());
  }

  /** {@link #readableSpaces(SqlReader, String)} for the caller, its placeholders from {@code $first}. */
  public SqlScope readableSpaces(Caller c, String space, int first) {
    SqlReader r = reader(c, first);
    return new SqlScope(readableSpaces(r, space), r.params());
  }

  /**
   * Whether the caller sees a readable post's content: never once it is deleted (for moderators
   * neither: the author took it back); while hidden, moderators and its author (who reads why and
   * may fix it). Everyone else sees a placeholder; search leaves the post out.
   */
  public boolean canSeePostContent(Caller c, Post p) {
    return !p.deleted() && (!p.hidden() || canSeeHiddenPost(c, p.author().id()));
  }

  /** {@link #canSeePostContent} for the post under alias {@code post}. */
  public String visiblePosts(SqlReader r, String post) {
    return "(%1$s.deleted_at is null and (not %1$s.hidden or %2$s or %1$s.author_id = %3$s))"
        .formatted(SqlReader.alias(post), r.moderator(), r.id());
  }

  /** Hidden posts show a placeholder to everyone else. */
  public boolean canSeeHiddenPosts(Caller c) {
    return staff(c);
  }

  /** Moderators, and the author, who sees their own hidden post with the moderator's reason (and may fix it). */
  public boolean canSeeHiddenPost(Caller c, long authorId) {
    return canSeeHiddenPosts(c) || active(c) && c.id() == authorId;
  }

  public boolean canStartThread(Caller c, Space s) {
    return AccountRules.canWrite(c) && canReadSpace(c, s);
  }

  /** Whether the caller may reply at all; a locked thread is decided by {@link #canReplyWhenLocked}. */
  public boolean canReply(Caller c, ForumThread t) {
    return AccountRules.canWrite(c) && canReadThread(c, t);
  }

  /** Moderators keep the last word in a thread they locked. */
  public boolean canReplyWhenLocked(Caller c) {
    return staff(c);
  }

  public boolean canEditPost(Caller c, Post p) {
    return AccountRules.canWrite(c) && (p.author().id() == c.id() || staff(c));
  }

  /**
   * The author or a moderator; the opening post of a thread others have answered only by a
   * moderator, since the replies hang off it.
   */
  public boolean canDeletePost(Caller c, ForumThread t, Post p) {
    if (!active(c)) {
      return false;
    }
    if (staff(c)) {
      return true;
    }
    boolean opening = t.firstPostId() != null && t.firstPostId() == p.id();
    return p.author().id() == c.id() && (!opening || t.replyCount() == 0);
  }

  /** How long an author may take back their own deletion; a moderator may at any time. */
  public static final Duration RESTORE_WINDOW = Duration.ofHours(24);

  /**
   * A moderator, or the author taking back a deletion they made themselves (a moderator's deletion
   * of their post is not theirs to undo). The window is {@link #restoreWindowOpen}.
   */
  public boolean canRestorePost(Caller c, Post p, Long deletedBy) {
    if (!active(c)) {
      return false;
    }
    return staff(c) || (p.author().id() == c.id() && (deletedBy == null || deletedBy == c.id()));
  }

  /** Whether a restore allowed by {@link #canRestorePost} is still in time at {@code now}. */
  public boolean restoreWindowOpen(Caller c, Post p, Instant now) {
    return staff(c) || p.deletedAt() == null || !now.isAfter(p.deletedAt().toInstant().plus(RESTORE_WINDOW));
  }

  /** Any signed-in reader, on anyone's post but their own. */
  public boolean canVote(Caller c, Post p) {
    return active(c) && p.author().id() != c.id();
  }

  // Moderation, accounts and trust

  /** The moderation queue, its actions and the log. */
  public boolean canModerate(Caller c) {
    return staff(c);
  }

  public boolean canChangeRoles(Caller c) {
    return isAdmin(c);
  }

  /**
   * Warning, suspending or lifting a suspension of a member: moderators may act on members, only
   * admins on moderators and admins. Acting on oneself is a conflict decided by the service.
   */
  public boolean canActOnMember(Caller c, User target) {
    // Silencing follows the same rule as suspending.
    return staff(c) && (!target.isModerator() || isAdmin(c));
  }

  /** Any signed-in reader who is not silenced, on anyone's post but their own. */
  public boolean canFlag(Caller c, long authorId) {
    return AccountRules.canWrite(c) && authorId != c.id();
  }

  /** Whether new-member limits (links, mentions, stricter rates, pre-moderation) apply to the author. */
  public boolean isNewMember(User u) {
    return u.trustLevel() == 0 && !u.isModerator();
  }

  /** Not {@link #isNewMember}, for the users row under {@code user}: whose flags count towards auto-hiding. */
  public String notNewMembers(String user) {
    return "(%1$s.trust_level >= 1 or %1$s.role in ('moderator', 'admin'))".formatted(SqlReader.alias(user));
  }

  // Challenges and ideas: the facts (is the caller on the org's team, what is its role, the idea's
  // thread) are loaded with the challenge, idea or org being decided about.

  /** A draft challenge is seen by its org's team only (admins and moderators are no exception); every later phase by anyone. */
  public boolean canSeeChallenge(Caller c, boolean draft, boolean onOrgTeam) {
    return !draft || active(c) && onOrgTeam;
  }

  /** {@link #canSeeChallenge} for the challenge under alias {@code challenge}. */
  public String readableChallenges(SqlReader r, String challenge) {
    return """
        (%1$s.phase <> 'draft'
         or exists (select 1 from org_members rom where rom.org_id = %1$s.org_id and rom.user_id = %2$s))"""
        .formatted(SqlReader.alias(challenge), r.id());
  }

  /** {@link #readableChallenges(SqlReader, String)} for the caller, its placeholders from {@code $first}. */
  public SqlScope readableChallenges(Caller c, String challenge, int first) {
    SqlReader r = reader(c, first);
    return new SqlScope(readableChallenges(r, challenge), r.params());
  }

  /**
   * A challenge's staff: its org's team and the moderators. They read its ideas whatever became of
   * their threads (hidden, moved into a space they are not in), marked as such.
   */
  public boolean isChallengeStaff(Caller c, boolean onOrgTeam) {
    return staff(c) || active(c) && onOrgTeam;
  }

  /**
   * Whether the caller reads an idea's content (title, pitch, body): its challenge is visible to
   * them, and they may read its thread (an idea is its thread's opening post) or are the
   * challenge's staff. An idea of a visible challenge that fails this is still listed, with a
   * placeholder, as a hidden post is; {@code threadSpace} is null for an idea without a thread.
   */
  public boolean canReadIdea(Caller c, boolean challengeDraft, boolean onOrgTeam, Space threadSpace, boolean threadHidden) {
    return canSeeChallenge(c, challengeDraft, onOrgTeam)
        && (threadSpace == null || canReadThread(c, threadSpace, threadHidden) || isChallengeStaff(c, onOrgTeam));
  }

  /** {@link #canReadIdea} for the idea under alias {@code idea} of the challenge under {@code challenge}. */
  public String readableIdeas(SqlReader r, String idea, String challenge) {
    String c = SqlReader.alias(challenge);
    return """
        (%1$s and (%2$s
          or exists (select 1 from org_members rit_om where rit_om.org_id = %3$s.org_id and rit_om.user_id = %4$s)
          or coalesce((select %5$s from threads rit join spaces ris on ris.id = rit.space_id
                       where rit.idea_id = %6$s.id), true)))"""
        .formatted(readableChallenges(r, c), r.moderator(), c, r.id(), readableThreads(r, "rit", "ris"),
            SqlReader.alias(idea));
  }

  /** {@link #readableIdeas(SqlReader, String, String)} for the caller, its placeholders from {@code $first}. */
  public SqlScope readableIdeas(Caller c, String idea, String challenge, int first) {
    SqlReader r = reader(c, first);
    return new SqlScope(readableIdeas(r, idea, challenge), r.params());
  }

  /** Editing, moving, answering ideas, exporting them and reading the firm's statistics: its team. */
  public boolean canManageChallenge(Caller c, boolean onOrgTeam) {
    return active(c) && onOrgTeam;
  }

  /**
   * A decided challenge's results are recorded and updated by its firm (its org's team), once the
   * challenge is decided or closed; they are read by whoever may read the challenge
   * ({@link #readableChallenges}).
   */
  public boolean canReportResults(Caller c, boolean onOrgTeam, boolean decided) {
    return canManageChallenge(c, onOrgTeam) && decided;
  }

  /** A result is rated by a supporter of one of its ideas, once it is delivered (the service answers 409 before that). */
  public boolean canRateResult(Caller c, boolean supportsLinkedIdea) {
    return active(c) && supportsLinkedIdea;
  }

  /** Duplicates are merged by the challenge's org or by a moderator. */
  public boolean canMergeIdeas(Caller c, boolean onOrgTeam) {
    return active(c) && (onOrgTeam || staff(c));
  }

  /** An expired idea goes back on its challenge's support stages by its author's hand only. */
  public boolean canResubmitIdea(Caller c, long authorId) {
    return active(c) && c.id() == authorId;
  }

  /** Webhooks carry the org's data out: its owners only. */
  public boolean canManageWebhooks(Caller c, String orgRole) {
    return active(c) && "owner".equals(orgRole);
  }

  /** {@link AccountRules#canManageOrgTeam}: owners, and admins. */
  public boolean canManageOrgTeam(Caller c, String orgRole) {
    return AccountRules.canManageOrgTeam(c, orgRole);
  }

  // Juries: the firm (canManageChallenge) names a challenge's judges and reads every score; the
  // facts (is the caller a judge of the challenge, did they declare a conflict on the idea or score
  // it) are loaded with the idea being decided about.

  /** Scoring an idea: a judge of its challenge who has not declared a conflict of interest on it. */
  public boolean canScoreIdea(Caller c, boolean judge, boolean conflicted) {
    return active(c) && judge && !conflicted;
  }

  /** {@link #canScoreIdea} for the idea under alias {@code idea}: the ideas on a judge's scoring screen. */
  public String scorableIdeas(SqlReader r, String idea) {
    return """
        (exists (select 1 from jury_members rjm where rjm.challenge_id = %1$s.challenge_id and rjm.user_id = %2$s)
         and not exists (select 1 from jury_conflicts rjc where rjc.idea_id = %1$s.id and rjc.judge_id = %2$s))"""
        .formatted(SqlReader.alias(idea), r.id());
  }

  /** {@link #scorableIdeas(SqlReader, String)} for the caller, its placeholders from {@code $first}. */
  public SqlScope scorableIdeas(Caller c, String idea, int first) {
    SqlReader r = reader(c, first);
    return new SqlScope(scorableIdeas(r, idea), r.params());
  }

  /**
   * Reading the judges' scores of an idea: the firm always; a judge of its challenge only once they
   * scored it themselves, so that no judge scores with the others' numbers in sight.
   */
  public boolean canSeeJuryScores(Caller c, boolean onOrgTeam, boolean judgeWhoScoredIt) {
    return active(c) && (onOrgTeam || judgeWhoScoredIt);
  }

  /** {@link #canSeeJuryScores} for the idea under alias {@code idea} of the challenge under {@code challenge}. */
  public String visibleJuryScores(SqlReader r, String idea, String challenge) {
    return """
        (exists (select 1 from org_members rjo where rjo.org_id = %2$s.org_id and rjo.user_id = %3$s)
         or exists (select 1 from jury_scores rjs join jury_members rjsm
                      on rjsm.challenge_id = %2$s.id and rjsm.user_id = rjs.judge_id
                    where rjs.idea_id = %1$s.id and rjs.judge_id = %3$s))"""
        .formatted(SqlReader.alias(idea), SqlReader.alias(challenge), r.id());
  }

  /** {@link #visibleJuryScores(SqlReader, String, String)} for the caller, its placeholders from {@code $first}. */
  public SqlScope visibleJuryScores(Caller c, String idea, String challenge, int first) {
    SqlReader r = reader(c, first);
    return new SqlScope(visibleJuryScores(r, idea, challenge), r.params());
  }

  /**
   * Reading the rationale per criterion of the firm's answers to an idea: its author always, the
   * firm, and everyone when the brief says so ({@code publicRationale}). No list selects ideas by
   * it: it is decided on an idea already read (IdeaService.forViewer), whatever path read it.
   */
  public boolean canReadRationale(Caller c, boolean author, boolean onOrgTeam, boolean publicRationale) {
    return publicRationale || active(c) && (author || onOrgTeam);
  }

  // Live

  /** The {@code me} topic carries one's own notifications: any signed-in member follows their own. */
  public boolean canFollowOwnTopic(Caller c) {
    return active(c);
  }

  // Group spaces run by firms and their facilitators (issue #21). The facts: a space carries its
  // org and the caller's role in it (Space.orgId, callerOrgRole); the caller carries their open
  // facilitator terms (Caller.facilitating, read with the session as the role is). A term is
  // current until its end, by the clock's now handed in.

  /** An org's owners create group spaces for its network. */
  public boolean canCreateOrgSpace(Caller c, String orgRole) {
    return active(c) && "owner".equals(orgRole);
  }

  /** The owners of the org that runs the space (and site admins, who run every space). */
  public boolean runsSpace(Caller c, Space s) {
    return isAdmin(c) || active(c) && s.orgId() != null && "owner".equals(s.callerOrgRole());
  }

  /** Whether the caller holds a facilitator term in the space that has not ended at {@code now}. */
  public boolean facilitates(Caller c, long spaceId, Instant now) {
    Instant end = active(c) ? c.facilitating().get(spaceId) : null;
    return end != null && end.isAfter(now);
  }

  /** Whether the caller facilitates any space at {@code now}: the moderation queue opens to them, filtered. */
  public boolean facilitatesAny(Caller c, Instant now) {
    return active(c) && c.facilitating().values().stream().anyMatch(end -> end.isAfter(now));
  }

  /**
   * Moderating in a space (hide, lock, pin, answer flags, move a thread out of it or into it):
   * moderators anywhere; a facilitator in their own spaces only, while their term runs.
   */
  public boolean canModerateIn(Caller c, long spaceId, Instant now) {
    return staff(c) || facilitates(c, spaceId, now);
  }

  /** The queue, as far as the caller sees any of it: moderators all of it, facilitators their spaces' part. */
  public boolean canSeeQueue(Caller c, Instant now) {
    return staff(c) || facilitatesAny(c, now);
  }

  /**
   * {@link #canModerateIn} for the flag target under alias {@code flag} (a {@code flags} row): every
   * target for moderators; for a facilitator, the posts whose thread is in a space whose term they
   * hold and that ends after the placeholder {@code now}.
   */
  public String moderatedFlags(SqlReader r, String flag, String now) {
    return """
        (%2$s or (%1$s.target_type = 'post' and exists (
           select 1 from posts rmp join threads rmt on rmt.id = rmp.thread_id
             join facilitator_terms rft on rft.space_id = rmt.space_id
            where rmp.id = %1$s.target_id and rft.user_id = %3$s
              and rft.removed_at is null and rft.served_at is null and rft.ends_at > %4$s)))"""
        .formatted(SqlReader.alias(flag), r.moderator(), r.id(), now);
  }

  /** {@link #moderatedFlags(SqlReader, String, String)} for the caller at {@code now}, its placeholders from {@code $first}. */
  public SqlScope moderatedFlags(Caller c, String flag, Instant now, int first) {
    SqlReader r = reader(c, first);
    List<Object> params = new ArrayList<>(r.params());
    params.add(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    return new SqlScope(moderatedFlags(r, flag, "$" + (first + r.params().size()) + "::timestamptz"), params);
  }

  /** Who is in a group space: site admins, the owners of the org that runs it, and its facilitators. */
  public boolean canManageSpaceMembers(Caller c, Space s, Instant now) {
    return runsSpace(c, s) || facilitates(c, s.id(), now);
  }

  /** Naming and removing a space's facilitators, and confirming nominations: whoever runs an org's space. */
  public boolean canNameFacilitators(Caller c, Space s) {
    return s.orgId() != null && runsSpace(c, s);
  }

  /** A space's moderation log (every action taken in it): moderators, whoever runs it, its facilitators. */
  public boolean canReadSpaceLog(Caller c, Space s, Instant now) {
    return staff(c) || runsSpace(c, s) || facilitates(c, s.id(), now);
  }

  /**
   * Nominating or seconding in an org's space: a member listed in it who may write. A seconder is
   * neither the nominee nor the nominator ({@code nomineeId}, {@code nominatorId}; 0 when nominating).
   */
  public boolean canNominate(Caller c, Space s, long nomineeId, long nominatorId) {
    return AccountRules.canWrite(c) && s.orgId() != null && s.callerIsMember() && c.id() != nomineeId
        && c.id() != nominatorId;
  }

  /** Who may be nominated facilitator: a member listed in the space who reached trust level 3. */
  public boolean canBeNominated(User nominee, boolean listedInSpace) {
    return listedInSpace && nominee.trustLevel() >= 3 && !nominee.isDeleted();
  }

  // Co-design (issue #22): iterations, co-authors, amendments and the credit ledger

  /**
   * An idea's authors: who submitted it and the co-authors who accepted. They alone publish
   * iterations, answer amendments, invite co-authors and mark replies incorporated; an invitation
   * not yet accepted, moderation or the org's team give none of it. The idea must be readable to
   * them (checked before), and a silenced author writes nothing ({@code AccountRules.mayWrite}).
   */
  public boolean canAuthorIdea(Caller c, boolean ideaAuthor, boolean acceptedCoauthor) {
    return active(c) && (ideaAuthor || acceptedCoauthor);
  }

  /** Proposing an amendment: any signed-in member who reads the idea's text. */
  public boolean canProposeAmendment(Caller c, boolean readsIdea) {
    return active(c) && readsIdea;
  }

  /** Answering an invitation: the invitee, while it waits for them. */
  public boolean canAnswerCoauthorInvite(Caller c, boolean invited) {
    return active(c) && invited;
  }

  /**
   * Proposing the split of an idea's reward: its authors ({@link #canAuthorIdea}), and only while the
   * challenge has a reward and the idea is not accepted (the service's 409s). Reading the split is
   * reading the idea: no rule of its own.
   */
  public boolean canProposeSplit(Caller c, boolean ideaAuthor, boolean acceptedCoauthor) {
    return canAuthorIdea(c, ideaAuthor, acceptedCoauthor);
  }

  /** Consenting to or declining a proposed split: each person it names, for their own share only. */
  public boolean canAnswerSplit(Caller c, boolean named) {
    return active(c) && named;
  }

  /**
   * Disputing an idea's credit (a flag with reason {@code credit}, handled in the moderation queue):
   * anyone in its credit ledger (its authors included) or named in its split.
   */
  public boolean canDisputeCredit(Caller c, boolean inLedgerOrNamed) {
    return active(c) && inLedgerOrNamed;
  }

  // Recommendations (issue #21): ideas a member would care about, from what others supported and discussed

  /** A member's own recommendations: any signed-in member, for themselves only. */
  public boolean canReceiveRecommendations(Caller c) {
    return active(c);
  }

  /**
   * Whose supports and replies may feed other members' recommendations, for the users row under
   * {@code user}: an account not deleted whose owner did not opt out. The reasons count these
   * members only, so an opted-out member is never among the "N members who ...".
   */
  public String feedsRecommendations(String user) {
    return "(%1$s.deleted_at is null and not %1$s.recommendations_opt_out)".formatted(SqlReader.alias(user));
  }

  /**
   * An uploaded PDF at its own address ({@code /uploads/<sha256>.pdf}): its uploader only. A PDF is shown
   * in no post; others read it through the idea whose iteration attaches it, under {@link #canReadIdea}.
   * (An image there is as public as the post that shows it: its address is the hash of its bytes.)
   */
  public boolean canReadUploadedDocument(Caller c, boolean uploader) {
    return c.signedIn() && uploader;
  }

  // Stakeholders: a member's type towards an org (customer, supplier, dealer, partner declared by the
  // member; staff requested by the member and confirmed by an owner). The org's role is loaded with it.

  /** Declaring one's own type towards an org, or taking it back: any active member. */
  public boolean canDeclareStakeholder(Caller c) {
    return active(c);
  }

  /** The list of an org's stakeholders and their types: its team, and admins. */
  public boolean canReadStakeholders(Caller c, String orgRole) {
    return isAdmin(c) || active(c) && orgRole != null;
  }

  /** Confirming (or refusing) a member's staff request: an owner of the org, and nobody else. */
  public boolean canConfirmStaff(Caller c, String orgRole) {
    return active(c) && "owner".equals(orgRole);
  }
}
