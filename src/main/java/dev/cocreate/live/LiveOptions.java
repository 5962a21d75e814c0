package dev.cocreate.live;

import java.time.InstantSource;

/**
 * Limits of one live connection. {@link #DEFAULTS} is what the server runs with; tests shorten the
 * timers.
 *
 * @param maxTopics topics one connection may follow at once
 * @param messagesPerSecond client messages per second (token bucket refill); {@code burst} is its size
 * @param abuseLimit rejected messages within 10 s after which the connection is closed (1008)
 * @param pingIntervalMs how often the server pings
 * @param idleTimeoutMs a connection that sent nothing (not even a pong) for this long is closed
 * @param maxPendingBytes bytes written but not yet taken by the client's TCP stack; beyond it the
 *     client is too slow and is closed with 1013 instead of buffered
 * @param maxHeldBytes live events held back while a {@code since} replay is being written
 * @param replayPage rows per replay query
 * @param replayStallMs a replay waiting this long for the client to read is closed with 1013
 * @param recentEvents events each hub keeps in memory for {@code since} replays ({@link RecentEvents})
 * @param recentBytes the bytes those events may take at most, per hub (the server shares 16 MiB among its hubs)
 * @param clock when sessions expire: a connection whose session has ended by this clock is closed
 *     (4401); tests move it forward instead of waiting an hour
 */
public record LiveOptions(
    int maxTopics,
    int messagesPerSecond,
    int burst,
    int abuseLimit,
    long pingIntervalMs,
    long idleTimeoutMs,
    int maxPendingBytes,
    int maxHeldBytes,
    int replayPage,
    long replayStallMs,
    int recentEvents,
    long recentBytes,
    InstantSource clock) {

  public static final LiveOptions DEFAULTS = new LiveOptions(50, 20, 20, 60, 30_000, 90_000, 512 * 1024, 1024 * 1024, 500,
      30_000, 4_096, 4L * 1024 * 1024, InstantSource.system());

  public LiveOptions withTimers(long pingIntervalMs, long idleTimeoutMs) {
    return new LiveOptions(maxTopics, messagesPerSecond, burst, abuseLimit, pingIntervalMs, idleTimeoutMs,
        maxPendingBytes, maxHeldBytes, replayPage, replayStallMs, recentEvents, recentBytes, clock);
  }

  /** The same limits with another in-memory replay window (tests use a small one, or none). */
  public LiveOptions withRecent(int recentEvents, long recentBytes) {
    return new LiveOptions(maxTopics, messagesPerSecond, burst, abuseLimit, pingIntervalMs, idleTimeoutMs,
        maxPendingBytes, maxHeldBytes, replayPage, replayStallMs, recentEvents, recentBytes, clock);
  }

  /** The same limits with another clock for session expiry. */
  public LiveOptions withClock(InstantSource clock) {
    return new LiveOptions(maxTopics, messagesPerSecond, burst, abuseLimit, pingIntervalMs, idleTimeoutMs,
        maxPendingBytes, maxHeldBytes, replayPage, replayStallMs, recentEvents, recentBytes, clock);
  }
}
