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
 * @param read the longest silence while reading a response, between stream chunks included (per
 *     attempt)
 * @param total the whole call: every attempt, backoff and failover, and for a stream every chunk
 */
public record Timeouts(Duration connect, Duration read, Duration total) {

  /** 10 s to connect, 120 s of silence, 10 min in all: room for slow reasoning models. */
  public static final Timeouts DEFAULT =
      new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofMinutes(10));

  public Timeouts {
    requirePositive(connect, "connect");
    requirePositive(read, "read");
    requirePositive(total, "total");
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
