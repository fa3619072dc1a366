/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import java.time.Duration;
import java.util.Objects;

/**
 * The three timeouts every call has.
 *
 * @param connect to open a connection (per attempt)
 * @param read per attempt: the longest wait for the response to start and, while a whole body
 *     arrives, the longest silence; on a stream, the longest wait for the next event. An SSE comment
 *     ({@code : keep-alive}) or an event without data is not an event: a stream that sends only those
 *     times out after the read timeout like a silent one
 * @param total the whole call: every attempt, backoff and failover, and for a stream every chunk
 */
public record Timeouts(Duration connect, Duration read, Duration total) {

  /**
   * The longest connect or read timeout: {@link Integer#MAX_VALUE} milliseconds (about 24.8 days),
   * the most a socket timeout can be (HTTP clients take it as an {@code int} of milliseconds). The
   * total timeout has no such limit: one too long for a {@code long} of nanoseconds (a thousand
   * years, say) saturates, meaning "no limit".
   */
  public static final Duration MAX_SOCKET_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  /** 10 s to connect, 120 s of silence, 10 min in all: room for slow reasoning models. */
  public static final Timeouts DEFAULT =
      new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofMinutes(10));


  /**
   * @throws NullPointerException (its message the name of the timeout) if a timeout is null
   * @throws IllegalArgumentException if a timeout is zero or negative, or connect or read is longer
   *     than {@link #MAX_SOCKET_TIMEOUT}
   */
  public Timeouts {
    requirePositive(connect, "connect");
    requirePositive(read, "read");
    requirePositive(total, "total");
    requireSocketTimeout(connect, "connect");
    requireSocketTimeout(read, "read");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " timeout must be positive, was " + d);
    }
  }

  /**
   * The total timeout in nanoseconds, or {@link Long#MAX_VALUE} when it does not fit in a long
   * (about 292 years), where {@link Duration#toNanos()} would throw. A deadline of
   * {@code System.nanoTime()} plus this value stays correct: deadlines are only compared by
   * subtraction, which wraps back to the remaining time.
   */
  public long totalNanos() {
    try {
      return total.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void requireSocketTimeout(Duration d, String name) {
    if (d.compareTo(MAX_SOCKET_TIMEOUT) > 0) {
      throw new IllegalArgumentException(name + " timeout must be at most " + MAX_SOCKET_TIMEOUT
          + " (about 24.8 days, the most a socket timeout can be), was " + d
          + "; for no practical limit on the whole call, make the total timeout long instead");
    }
  }

  public Timeouts withConnect(Duration connect) {
    return new Timeouts(connect, read, total);
  }

  public Timeouts withRead(Duration read) {
    return new Timeouts(connect, read, total);
  }

  public Timeouts withTotal(Duration total) {
    return new Timeouts(connect, read, total);
  }
}
