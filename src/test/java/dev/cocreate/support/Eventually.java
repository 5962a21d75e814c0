package dev.cocreate.support;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that has no completion signal of its own (a count kept by the server, a
 * lock seen in the database), without sleeping the test thread: a timer checks it every few
 * milliseconds and completes a future, which the test awaits within a bound. The bound is generous
 * (a busy CI machine is slow); a condition that holds returns as soon as it is seen.
 */
public final class Eventually {
  private static final long CHECK_EVERY_MS = 10;
  /**
   * The bound of {@link #until(String, BooleanSupplier)}: far beyond what any condition here takes
   * on an idle machine, so only a condition that never comes true reaches it.
   */
  public static final Duration LIMIT = Duration.ofSeconds(30);

  private Eventually() {}

  /**
   * Returns once {@code condition} holds; fails naming {@code what} if it has not within
   * {@link #LIMIT}. As {@link #until(Duration, BooleanSupplier, Supplier)}: the condition may block.
   */
  public static void until(String what, BooleanSupplier condition) {
    until(LIMIT, condition, () -> what);
  }

  /**
   * Returns once {@code condition} holds; fails with {@code state}'s description if it has not
   * within {@code limit}. The condition runs on a thread of its own and may block (a query, say);
   * it is checked again {@value #CHECK_EVERY_MS} ms after each check ends.
   */
  public static void until(Duration limit, BooleanSupplier condition, Supplier<String> state) {
    CompletableFuture<Void> held = new CompletableFuture<>();
    ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "eventually");
      t.setDaemon(true);
      return t;
    });
    checker.scheduleWithFixedDelay(() -> {
      try {
        if (!held.isDone() && condition.getAsBoolean()) {
          held.complete(null);
        }
      } catch (RuntimeException | Error e) {
        held.completeExceptionally(e);
      }
    }, 0, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    try {
      await(held, limit, state);
    } finally {
      checker.shutdownNow();
    }
  }

  /**
   * Returns once {@code condition} holds; fails with {@code state}'s description if it has not
   * within {@code limit}. The condition runs on an event loop of {@code vertx}: it must only read
   * memory (no blocking I/O).
   */
  public static void until(Vertx vertx, Duration limit, BooleanSupplier condition, Supplier<String> state) {
    CompletableFuture<Void> held = new CompletableFuture<>();
    long timer = vertx.setPeriodic(0, CHECK_EVERY_MS, id -> {
      try {
        if (condition.getAsBoolean()) {
          held.complete(null);
        }
      } catch (RuntimeException | Error e) {
        held.completeExceptionally(e);
      }
    });
    try {
      await(held, limit, state);
    } finally {
      vertx.cancelTimer(timer);
    }
  }

  private static void await(CompletableFuture<Void> held, Duration limit, Supplier<String> state) {
    try {
      held.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("still not true after " + limit.toSeconds() + " s: " + state.get());
    } catch (ExecutionException e) {
      throw new AssertionError("the condition failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
