/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time, in milliseconds of the client's clock, of the latest latency sample taken on any of a
 * client's targets: the "now" against which {@link TargetState} ages the readings of targets that
 * get no calls. Reading it is one volatile load, so placement never calls the clock to rank by
 * latency. Thread-safe.
 */
public final class LatencyClock {
  private final InstantSource clock;
  private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE / 2);

  public LatencyClock(InstantSource clock) {
    this.clock = clock;
  }

  /** Reads the clock for a new sample and moves {@link #latest()} forward to it; returns it. */
  long sample() {
    long now = clock.millis();
    long seen = latest.get();
    // Concurrent samples race to move it forward; the write is skipped when another got there first.
    while (now > seen && !latest.compareAndSet(seen, now)) {
      seen = latest.get();
    }
    return now;
  }

  /** The time of the latest sample on any target. */
  long latest() {
    return latest.get();
  }
}
