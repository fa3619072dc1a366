/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import java.time.Duration;
import java.util.Optional;

/** The provider throttled the call (HTTP 429, {@code ThrottlingException}). Retryable. */
public class RateLimitedException extends StatelineException {
  private final Duration retryAfter;

  /** @param retryAfter the wait the provider asked for, or null if it gave none */
  public RateLimitedException(String message, ErrorInfo info, Duration retryAfter, Throwable cause) {
    super(message, info, true, cause);
    this.retryAfter = retryAfter;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
