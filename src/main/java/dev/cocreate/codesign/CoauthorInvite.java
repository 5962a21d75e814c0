package dev.cocreate.codesign;

import dev.cocreate.platform.http.Fields;

/** An author's invitation to co-author their idea: the invitee's username. */
public record CoauthorInvite(String username) {
  public static CoauthorInvite from(Fields f) {
    String username = f.string("username", 1, 100);
    f.validate();
    return new CoauthorInvite(username);
  }
}
