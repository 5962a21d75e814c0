package dev.cocreate.stakeholder;

import dev.cocreate.platform.http.Fields;
import java.util.LinkedHashSet;

/**
 * A member's declaration of their relation to an org, from the API's body ({@code {"type": ...}}) or
 * the org page's form alike.
 */
public record StakeholderDeclaration(StakeholderType type) {
  public static StakeholderDeclaration from(Fields f) {
    String type = f.oneOf("type", new LinkedHashSet<>(StakeholderType.wires()), true);
    f.validate();
    return new StakeholderDeclaration(StakeholderType.parse(type).orElseThrow());
  }
}
