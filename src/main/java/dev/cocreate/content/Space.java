package dev.cocreate.content;

import dev.cocreate.forum.SpaceRepository;
import dev.cocreate.platform.json.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * A space threads live in. {@code callerIsMember} says whether the caller it was loaded for is
 * listed in its group, which is all {@code Permissions} needs to decide who reads it. A space an org
 * runs has its {@code orgId} and {@code orgSlug}, and {@code callerOrgRole} is the caller's role in
 * that org (owner, member, or null): what decides who manages it.
 */
public record Space(
    long id,
    String slug,
    String name,
    String description,
    Visibility visibility,
    int position,
    OffsetDateTime createdAt,
    boolean callerIsMember,
    Long orgId,
    String orgSlug,
    String callerOrgRole) {

  /** Who may read a space: anyone, signed-in members, or its listed group (plus moderators). */
  public enum Visibility {
    PUBLIC,
    MEMBERS,
    GROUP;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility of(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    }
  }

  /** The space of a row selected with {@link SpaceRepository#COLUMNS}, or null when an outer join found none. */
  public static Space ofNullable(Row r) {
    return r.getLong("space_id") == null ? null : of(r);
  }

  public static Space of(Row r) {
    return new Space(
        r.getLong("space_id"),
        r.getString("space_slug"),
        r.getString("space_name"),
        r.getString("space_description"),
        Visibility.of(r.getString("space_visibility")),
        r.getInteger("space_position"),
        r.getOffsetDateTime("space_created_at"),
        Boolean.TRUE.equals(r.getBoolean("space_member")),
        r.getLong("space_org_id"),
        r.getString("space_org_slug"),
        r.getString("space_org_role"));
  }

  /** The API's {@code space}; {@code org} (the slug of the org that runs it) only for an org's space. */
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("id", id)
        .put("slug", slug)
        .put("name", name)
        .put("description", description)
        .put("visibility", visibility.wire())
        .put("createdAt", Times.iso(createdAt));
    return orgSlug == null ? j : j.put("org", orgSlug);
  }
}
