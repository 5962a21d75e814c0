package dev.cocreate.moderation;

import dev.cocreate.account.Caller;
import dev.cocreate.account.User;
import dev.cocreate.forum.ForumThread;
import dev.cocreate.forum.Post;
import dev.cocreate.forum.Space;

/**
 * The one place that answers "may this caller do that". Services ask it and turn a "no" into 404
 * (the caller may not even know the thing exists) or 403 (they can see it but may not act on it).
 * Decisions are pure: whatever they need (a space's visibility, whether the caller is in its
 * group) is loaded with the thing being decided about.
 */
public final class Permissions {

  public boolean isModerator(Caller c) {
    return c.isModerator();
  }

  public boolean isAdmin(Caller c) {
    return c.isAdmin();
  }

  /** Creating spaces and managing a group space's members. */
  public boolean canManageSpaces(Caller c) {
    return c.isAdmin();
  }

  /** Public: anyone; members: anyone signed in; group: its listed members, moderators and admins. */
  public boolean canReadSpace(Caller c, Space s) {
    return switch (s.visibility()) {
      case PUBLIC -> true;
      case MEMBERS -> c.signedIn();
      case GROUP -> c.isModerator() || c.signedIn() && s.callerIsMember();
    };
  }

  /** A thread, its posts, revisions and votes are readable when its space is and it is not hidden by moderation. */
  public boolean canReadThread(Caller c, ForumThread t) {
    return canReadSpace(c, t.space()) && (!t.hidden() || c.isModerator());
  }

  public boolean canStartThread(Caller c, Space s) {
    return c.signedIn() && canReadSpace(c, s);
  }

  /** Whether the caller may reply at all; a locked thread is decided by {@link #canReplyWhenLocked}. */
  public boolean canReply(Caller c, ForumThread t) {
    return c.signedIn() && canReadThread(c, t);
  }

  /** Moderators keep the last word in a thread they locked. */
  public boolean canReplyWhenLocked(Caller c) {
    return c.isModerator();
  }

  /** Hidden posts show a placeholder to everyone else. */
  public boolean canSeeHiddenPosts(Caller c) {
    return c.isModerator();
  }

  /** Moderators, and the author, who sees their own hidden post with the moderator's reason (and may fix it). */
  public boolean canSeeHiddenPost(Caller c, long authorId) {
    return canSeeHiddenPosts(c) || c.signedIn() && c.id() == authorId;
  }

  public boolean canEditPost(Caller c, Post p) {
    return c.signedIn() && (p.author().id() == c.id() || c.isModerator());
  }

  /**
   * The author or a moderator; the opening post of a thread others have answered only by a
   * moderator, since the replies hang off it.
   */
  public boolean canDeletePost(Caller c, ForumThread t, Post p) {
    if (!c.signedIn()) {
      return false;
    }
    if (c.isModerator()) {
      return true;
    }
    boolean opening = t.firstPostId() != null && t.firstPostId() == p.id();
    return p.author().id() == c.id() && (!opening || t.replyCount() == 0);
  }

  /** Any signed-in reader, on anyone's post but their own. */
  public boolean canVote(Caller c, Post p) {
    return c.signedIn() && p.author().id() != c.id();
  }

  // Moderation, accounts and trust

  /** The moderation queue, its actions and the log. */
  public boolean canModerate(Caller c) {
    return c.isModerator();
  }

  public boolean canChangeRoles(Caller c) {
    return c.isAdmin();
  }

  /**
   * Warning, suspending or lifting a suspension of a member: moderators may act on members, only
   * admins on moderators and admins. Acting on oneself is a conflict decided by the service.
   */
  public boolean canActOnMember(Caller c, User target) {
    return c.isModerator() && (!target.isModerator() || c.isAdmin());
  }

  /** Any signed-in reader, on anyone's post but their own. */
  public boolean canFlag(Caller c, long authorId) {
    return c.signedIn() && authorId != c.id();
  }

  /** Whether new-member limits (links, mentions, stricter rates, pre-moderation) apply to the author. */
  public boolean isNewMember(User u) {
    return u.trustLevel() == 0 && !u.isModerator();
  }

  // Challenges: the facts (is the caller on the org's team, what is its role) are loaded with the
  // challenge or org being decided about.

  /** A draft challenge is seen by its org's team only; every later phase by anyone. */
  public boolean canSeeChallenge(Caller c, boolean draft, boolean onOrgTeam) {
    return !draft || c.signedIn() && onOrgTeam;
  }

  /** Editing, moving, answering ideas, exporting them and reading the firm's statistics: its team. */
  public boolean canManageChallenge(Caller c, boolean onOrgTeam) {
    return c.signedIn() && onOrgTeam;
  }

  /** Duplicates are merged by the challenge's org or by a moderator. */
  public boolean canMergeIdeas(Caller c, boolean onOrgTeam) {
    return c.signedIn() && (onOrgTeam || c.isModerator());
  }

  /** Webhooks carry the org's data out: its owners only. */
  public boolean canManageWebhooks(Caller c, String orgRole) {
    return c.signedIn() && "owner".equals(orgRole);
  }
}
