package dev.cocreate.facilitation;

import dev.cocreate.platform.http.Fields;

/** Whom a member nominates as their space's facilitator: a username, from the API's body or the tools page's form. */
public record Nominee(String username) {
  public static Nominee from(Fields f) {
    String username = f.string("nominee", 1, 64);
    f.validate();
    return new Nominee(username);
  }
}
