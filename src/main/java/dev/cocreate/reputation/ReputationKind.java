package dev.cocreate.reputation;

/**
 * What a member earns points for, the category it counts towards and how many points. The points
 * are fixed here rather than in site settings: the recompute must rebuild exactly the running sums,
 * and a setting changed between an event and the recompute would make the two disagree.
 */
public enum ReputationKind {
  /** The member's idea reached its challenge's support threshold (once per idea). */
  IDEA_THRESHOLD("idea_threshold", Category.IDEATION, 10),
  /**
   * The member's idea reached one of its challenge's support stages (once per idea and stage, the
   * last stage, which is the threshold, included; a stage reached again after the idea expired and
   * was resubmitted earns nothing more). Like the threshold, it earns the idea's author alone: its
   * co-authors are credited in the idea's credit ledger, not here.
   */
  IDEA_STAGE_REACHED("idea_stage_reached", Category.IDEATION, 3),
  /** The firm shortlisted the member's idea (once per idea, even if it moves back and forth). */
  IDEA_SHORTLISTED("idea_shortlisted", Category.IDEATION, 5),
  IDEA_ACCEPTED("idea_accepted", Category.IDEATION, 15),
  IDEA_IMPLEMENTED("idea_implemented", Category.IDEATION, 25),
  /** Another member's upvote on the member's post, while it stands and counts (see {@link ReputationLedger}). */
  REPLY_UPVOTED("reply_upvoted", Category.BUILDING, 2),
  /**
   * The idea's authors marked the member's reply incorporated (once per reply). Marking is final (the
   * credit ledger has no unmarking), and an author's own reply cannot be marked, so nobody earns
   * this from themselves.
   */
  REPLY_INCORPORATED("reply_incorporated", Category.BUILDING, 5),
  /** A moderator hid the member's post on members' flags (once per post): it takes points away. */
  FLAG_UPHELD("flag_upheld", Category.BUILDING, -10),
  /**
   * The member judged a challenge through: when it was decided they had scored every idea of it they
   * declared no conflict on, and at least one (once per challenge). See {@link ReputationLedger#judgingCompleted}.
   */
  JUDGING_COMPLETED("judging_completed", Category.EVALUATION, 10),
  /**
   * The member served a facilitator's term in a space to its end (once per term; a term ended early
   * by its removal earns nothing). See {@link ReputationLedger#facilitationServed}.
   */
  FACILITATION("facilitation", Category.FACILITATION, 20);

  /** The sides of a member's reputation, as the API's breakdown names them. */
  public enum Category {
    IDEATION("ideation"),
    BUILDING("building"),
    EVALUATION("evaluation"),
    FACILITATION("facilitation");

    private final String wire;

    Category(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  private final String wire;
  private final Category category;
  private final int points;

  ReputationKind(String wire, Category category, int points) {
    this.wire = wire;
    this.category = category;
    this.points = points;
  }

  public String wire() {
    return wire;
  }

  public Category category() {
    return category;
  }

  public int points() {
    return points;
  }
}
