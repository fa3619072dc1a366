/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider could not serve the call: a 5xx status, a refused or reset connection, a model that
 * is not ready. Retryable.
 */
public class ProviderUnavailableException extends StatelineException {
  private final Duration retryAfter;

  public ProviderUnavailableException(String message, ErrorInfo info, Duration retryAfter, Throwable cause) {
    super(message, info, true, cause);
    this.retryAfter = retryAfter;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
