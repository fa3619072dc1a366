/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The thread assertion of Stateline's tests: which threads started after a moment are still alive,
 * watched long enough to catch the ones a delayed task starts (or keeps alive) after a client was
 * closed, not only those alive at the instant of the check.
 *
 * <pre>{@code
 * ThreadWatch watch = ThreadWatch.start();
 * ... build, use and close a client ...
 * assertThat(watch.lingering(name -> name.startsWith("sdk-"), Duration.ofSeconds(5), Duration.ofSeconds(2))).isEmpty();
 * }</pre>
 *
 * <p>Thread-safe; each watch holds the snapshot it was started with.
 */
public final class ThreadWatch {
  private final Set<Thread> before;

  private ThreadWatch(Set<Thread> before) {
    this.before = before;
  }

  /** A watch of the threads that start from now on. */
  public static ThreadWatch start() {
    return new ThreadWatch(Set.copyOf(Thread.getAllStackTraces().keySet()));
  }

  /** The names of the live threads started since the watch began, sorted. */
  public List<String> newThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }

  /**
   * Waits up to {@code allowance} for every new thread that {@code mustGo} names to end, then keeps
   * looking for {@code quiet} more, so that a thread a delayed or scheduled task starts (or keeps
   * alive) later is caught too.
   *
   * @return the new threads {@code mustGo} names that were alive at the end, or that appeared during
   *     the quiet period (with the time they were seen); empty if none
   */
  public List<String> lingering(Predicate<String> mustGo, Duration allowance, Duration quiet)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + allowance.toNanos();
    List<String> alive;
    while (!(alive = matching(mustGo)).isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(50);
    }
    if (!alive.isEmpty()) {
      return alive;
    }
    long quietEnd = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() - quietEnd < 0) {
      List<String> late = matching(mustGo);
      if (!late.isEmpty()) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        return late.stream().map(n -> n + " (seen " + ms + " ms after the check began)").toList();
      }
      Thread.sleep(50);
    }
    return List.of();
  }

  private List<String> matching(Predicate<String> mustGo) {
    return newThreads().stream().filter(mustGo).toList();
  }
}
