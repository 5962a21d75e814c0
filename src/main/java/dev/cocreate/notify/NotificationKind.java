package dev.cocreate.notify;

import java.util.Locale;

/**
 * What a notification is about. When one event concerns a member in several ways (a reply to
 * them that also mentions them), they get one notification, of the kind with the highest
 * {@code strength}.
 */
public enum NotificationKind {
  /** A new post in a thread (or an idea in a challenge) the member watches. */
  POST(1),
  /** A new idea in a challenge the member watches. */
  IDEA(1),
  /** A reply to the member's post. */
  REPLY(2),
  /** The member was mentioned as @username. */
  MENTION(3),
  /** An idea the member wrote or supports changed status or got an official response. */
  IDEA_STATUS(2),
  /** The member's idea reached its challenge's support threshold. */
  IDEA_THRESHOLD(3),
  /** An idea the member wrote or supports reached a support stage of its challenge. */
  IDEA_STAGE(3),
  /** The firm named the member a judge of its challenge. */
  JURY(3),
  /** A result carrying out an idea the member wrote, supports or follows was updated. */
  RESULT_UPDATE(2),
  /** A moderator acted on the member's content or account. */
  MODERATION(4),
  /** A new iteration of an idea the member wrote, co-authors, supports or follows (co-design). */
  IDEA_ITERATED(2),
  /** The member is invited to co-author an idea (co-design). */
  COAUTHOR_INVITED(3),
  /** The member is named in a proposed split of an idea's reward, and asked to consent (co-design). */
  SPLIT_PROPOSED(3);

  final int strength;

  NotificationKind(int strength) {
    this.strength = strength;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static NotificationKind of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
