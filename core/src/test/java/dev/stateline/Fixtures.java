/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.error.AuthenticationException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import java.time.Duration;

/** Shared givens for the pipeline tests: fast retries, typed errors, small targets. */
final class Fixtures {
  /** Three attempts per target, 1-2 ms of backoff: fast, and never a timing assumption. */
  static final RetryPolicy FAST = RetryPolicy.builder()
      .maxAttempts(3)
      .initialBackoff(Duration.ofMillis(1))
      .maxBackoff(Duration.ofMillis(2))
      .build();

  private Fixtures() {}

  static Target target(String name, ScriptedModel model) {
    return Target.builder(name, model).provider("fake." + name).anyModel().build();
  }

  static StatelineClient.Builder client(Target... targets) {
    StatelineClient.Builder b = StatelineClient.builder().retryPolicy(FAST);
    for (Target t : targets) {
      b.target(t);
    }
    return b;
  }

  static RateLimitedException rateLimited(Duration retryAfter) {
    return new RateLimitedException("rate limited", new ErrorInfo("fake", 429, "req_429", "rate_limit_exceeded"),
        retryAfter, null);
  }

  static ProviderUnavailableException unavailable() {
    return new ProviderUnavailableException("service unavailable", new ErrorInfo("fake", 503, "req_503", null), null, null);
  }

  static AuthenticationException unauthorized() {
    return new AuthenticationException("invalid api key", new ErrorInfo("fake", 401, "req_401", "invalid_api_key"), null);
  }

  static InvalidRequestException invalid() {
    return new InvalidRequestException("bad request", new ErrorInfo("fake", 400, "req_400", null), "messages", null);
  }
}
