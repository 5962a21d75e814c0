package dev.cocreate.live;

/** Event-bus addresses of the live path. */
public final class LiveAddresses {
  /**
   * Every committed event, in id order, as a {@link LiveEvent} with its frame already encoded.
   * Published by this node's {@link EventListener} to the local bus only; each HTTP verticle's
   * {@link LiveHub} consumes it.
   */
  public static final String EVENTS = "cocreate.live.events";

  private LiveAddresses() {}
}
