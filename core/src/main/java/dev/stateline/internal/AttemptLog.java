/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.placement.Attempt;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one call, across targets. Appended on the call's thread; read at its end. Also
 * remembers which attempts telemetry has reported already.
 */
final class AttemptLog {
  private final List<Attempt> attempts = new ArrayList<>(2);
  private int reported;

  synchronized void add(Attempt attempt) {
    attempts.add(attempt);
  }

  synchronized List<Attempt> snapshot() {
    return List.copyOf(attempts);
  }

  /** Marks every attempt so far as reported. */
  synchronized void markReported() {
    reported = attempts.size();
  }

  /** The last attempt if it has not been reported (and marks it), else null. */
  synchronized Attempt takeUnreported() {
    if (reported >= attempts.size()) {
      return null;
    }
    reported = attempts.size();
    return attempts.get(attempts.size() - 1);
  }
}
