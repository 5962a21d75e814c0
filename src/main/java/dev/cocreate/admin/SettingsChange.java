package dev.cocreate.admin;

import dev.cocreate.platform.http.ApiException;
import dev.cocreate.platform.http.JsonBody;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A change of the site settings (any subset of them), checked and normalized, ready to merge into
 * the stored overrides. The API's body is read as it is; the settings form is first put in the
 * API's shape by {@link SiteSettingsForm#change}, and both meet the same checks in
 * {@link SiteSettings#validateChange}, every field error at once.
 */
public record SettingsChange(JsonObject values) {
  /** The API's body. */
  public static SettingsChange from(JsonBody body) {
    return checked(body.raw(), new ArrayList<>());
  }

  /** The settings form, whose fields that are not numbers are errors beside the others. */
  static SettingsChange fromForm(MultiMap form) {
    List<ApiException.FieldError> errors = new ArrayList<>();
    return checked(SiteSettingsForm.change(form, errors), errors);
  }

  /** A setting the form could not read has its error already: the checks add none of their own to it. */
  private static SettingsChange checked(JsonObject change, List<ApiException.FieldError> errors) {
    Set<String> unread = errors.stream().map(e -> setting(e.field())).collect(Collectors.toSet());
    List<ApiException.FieldError> checks = new ArrayList<>();
    JsonObject values = SiteSettings.validateChange(change, checks);
    checks.stream().filter(e -> !unread.contains(setting(e.field()))).forEach(errors::add);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return new SettingsChange(values);
  }

  /** The setting a field error is about: {@code trustLevels} for {@code trustLevels.2.replies}. */
  private static String setting(String field) {
    int dot = field.indexOf('.');
    return dot < 0 ? field : field.substring(0, dot);
  }
}
