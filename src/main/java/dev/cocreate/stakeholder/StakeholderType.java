package dev.cocreate.stakeholder;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A member's relation to an org. {@link #STAFF} counts only once an owner of the org confirmed it;
 * the others count as soon as the member declares them. A member with no type that counts is
 * {@link #NONE_WIRE} in every breakdown.
 */
public enum StakeholderType {
  CUSTOMER("customer"),
  SUPPLIER("supplier"),
  DEALER("dealer"),
  STAFF("staff"),
  PARTNER("partner");

  /** A breakdown's key for members with no type that counts (undeclared, or staff not yet confirmed). */
  public static final String NONE_WIRE = "none";

  private final String wire;

  StakeholderType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Whether a declaration of this type needs an owner's confirmation before it counts. */
  public boolean needsConfirmation() {
    return this == STAFF;
  }

  public static Optional<StakeholderType> parse(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
  }

  /** Every type's wire name, in this order. */
  public static List<String> wires() {
    return Arrays.stream(values()).map(StakeholderType::wire).toList();
  }

  /** A breakdown's keys: every type, then {@link #NONE_WIRE}. */
  public static List<String> breakdownKeys() {
    List<String> keys = new java.util.ArrayList<>(wires());
    keys.add(NONE_WIRE);
    return List.copyOf(keys);
  }
}
