/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand, so that nothing waits for real time. Thread-safe. */
public final class MutableClock implements InstantSource {
  private final AtomicReference<Instant> now;

  public MutableClock() {
    this(Instant.parse("2026-03-01T10:00:00Z"));
  }

  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  public void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }
}
