/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import java.time.Duration;
import java.util.Objects;

/**
 * One try of a call on one target, as recorded on responses and failures.
 *
 * @param target the target's name
 * @param number 1 for the first try on this target, 2 for its first retry, ...
 * @param elapsed how long the try took
 * @param errorType the simple name of the error it ended in, or null if it succeeded
 * @param retryDelay the backoff waited after this try before the next one; zero if none
 */
public record Attempt(
    String target, int number, Duration elapsed, String errorType, Duration retryDelay) {
  public Attempt {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(retryDelay, "retryDelay");
  }

  /** True if this try produced the answer. */
  public boolean succeeded() {
    return errorType == null;
  }
}
