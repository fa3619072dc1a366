/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a call is retried on one target before the client fails over or gives up.
 *
 * <p>Only {@linkplain dev.stateline.error.StatelineException#isRetryable() retryable} failures are
 * retried, and a stream only before its first event. The wait before retry {@code n} (1-based) is
 * "full jitter" exponential backoff: a uniform random duration in
 * {@code [0, min(maxBackoff, initialBackoff * 2^(n-1))]}. When the provider says how long to wait
 * ({@code Retry-After}, {@code retry-after-ms}), that wait is used instead, exactly; if it exceeds
 * {@link #maxRetryAfter()}, or any wait would outlast the call's total timeout, the target is given
 * up at once so the call can fail over rather than sleep.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULT = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;

  private RetryPolicy(Builder b) {
    if (b.maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + b.maxAttempts);
    }
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = nonNegative(b.initialBackoff, "initialBackoff");
    this.maxBackoff = nonNegative(b.maxBackoff, "maxBackoff");
    this.maxRetryAfter = nonNegative(b.maxRetryAfter, "maxRetryAfter");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
    }
  }

  private static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    try {
      d.toNanos();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be at most 292 years (a long of nanoseconds), was " + d);
    }
    return d;
  }

  /** 3 attempts, backoff from 500 ms up to 8 s, provider-requested waits up to 60 s. */
  public static RetryPolicy defaults() {
    return DEFAULT;
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .initialBackoff(initialBackoff)
        .maxBackoff(maxBackoff)
        .maxRetryAfter(maxRetryAfter);
  }

  /** Attempts per target, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The longest provider-requested wait honoured; a longer one gives the target up. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * The jittered backoff before retry {@code retry} (1 for the first retry).
   *
   * @param random a uniform value in [0, 1)
   */
  public Duration backoff(int retry, double random) {
    long cap = maxBackoff.toNanos();
    long base = initialBackoff.toNanos();
    int shift = Math.min(Math.max(retry - 1, 0), 62);
    long exp = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
    return Duration.ofNanos((long) (exp * random));
  }

  /** {@link #backoff(int, double)} with a fresh random value. */
  public Duration backoff(int retry) {
    return backoff(retry, ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff
        + ", maxRetryAfter=" + maxRetryAfter + "]";
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration maxRetryAfter = Duration.ofSeconds(60);

    private Builder() {}

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
