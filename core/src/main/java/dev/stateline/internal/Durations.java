/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import java.time.Duration;

/** Duration arithmetic that saturates instead of overflowing. Not API. Thread-safe (stateless). */
final class Durations {
  private Durations() {}

  /**
   * {@code d} in nanoseconds, or {@link Long#MAX_VALUE} ({@link Long#MIN_VALUE} if negative) when
   * it does not fit in a long (about 292 years), where {@link Duration#toNanos()} would throw.
   * A deadline of {@code System.nanoTime()} plus this value stays correct: it is only ever
   * compared by subtraction, which wraps back to the remaining time.
   */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
