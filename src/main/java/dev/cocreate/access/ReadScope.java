package dev.cocreate.access;

/**
 * A read rule of {@link Permissions} already decided for one caller, waiting to be placed: the
 * repository that splices it into its statement says where its placeholders start. Services build
 * it ({@code first -> permissions.readableThreads(caller, "t", "s", first)}, with the aliases the
 * repository method documents); repositories place it.
 */
@FunctionalInterface
public interface ReadScope {
  SqlScope at(int first);
}
