/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import java.time.Duration;
import java.util.Objects;

/**
 * When a target's circuit breaker opens and how it recovers.
 *
 * <p>The breaker counts the outcomes of recent attempts on its target: the last
 * {@link #windowSize()} attempts, ignoring those older than {@link #windowDuration()}. Once at least
 * {@link #minimumCalls()} are counted and the share of failures reaches
 * {@link #failureRateThreshold()}, the circuit opens: placement excludes the target for
 * {@link #openDuration()}. Then it turns half-open and lets {@link #halfOpenProbes()} calls through
 * as probes; if they all succeed it closes, if one fails it opens again.
 *
 * <p>Only failures that say something about the target's health count: throttling, 5xx and
 * connection failures, connect and read timeouts, malformed responses. A request the provider
 * rejects as invalid, a content-filter block, a refused credential or a cancelled call count as
 * neither success nor failure.
 *
 * <p>Immutable and thread-safe.
 */
public final class CircuitBreakerPolicy {
  private static final CircuitBreakerPolicy DEFAULTS = builder().build();
  private static final CircuitBreakerPolicy DISABLED = builder().enabled(false).build();

  private final double failureRateThreshold;
  private final int minimumCalls;
  private final int windowSize;
  private final Duration windowDuration;
  private final Duration openDuration;
  private final int halfOpenProbes;
  private final boolean enabled;

  private CircuitBreakerPolicy(Builder b) {
    if (!(b.failureRateThreshold > 0) || b.failureRateThreshold > 1) {
      throw new IllegalArgumentException("failureRateThreshold must be in (0, 1], was " + b.failureRateThreshold);
    }
    if (b.windowSize < 1 || b.windowSize > 10_000) {
      throw new IllegalArgumentException("windowSize must be between 1 and 10000, was " + b.windowSize);
    }
    if (b.minimumCalls < 1 || b.minimumCalls > b.windowSize) {
      throw new IllegalArgumentException("minimumCalls must be between 1 and windowSize (" + b.windowSize
          + "), was " + b.minimumCalls);
    }
    if (b.halfOpenProbes < 1) {
      throw new IllegalArgumentException("halfOpenProbes must be at least 1, was " + b.halfOpenProbes);
    }
    this.failureRateThreshold = b.failureRateThreshold;
    this.minimumCalls = b.minimumCalls;
    this.windowSize = b.windowSize;
    this.windowDuration = positive(b.windowDuration, "windowDuration");
    this.openDuration = positive(b.openDuration, "openDuration");
    this.halfOpenProbes = b.halfOpenProbes;
    this.enabled = b.enabled;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  /**
   * Opens at 50% failures over the last 20 attempts of the last 60 s (at least 10 counted), for
   * 30 s, then probes with one call.
   */
  public static CircuitBreakerPolicy defaults() {
    return DEFAULTS;
  }

  /** Never opens. */
  public static CircuitBreakerPolicy disabled() {
    return DISABLED;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .failureRateThreshold(failureRateThreshold)
        .minimumCalls(minimumCalls)
        .windowSize(windowSize)
        .windowDuration(windowDuration)
        .openDuration(openDuration)
        .halfOpenProbes(halfOpenProbes)
        .enabled(enabled);
  }

  /** The share of failures, in (0, 1], that opens the circuit. */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /** How many outcomes the window must hold before the rate is judged. */
  public int minimumCalls() {
    return minimumCalls;
  }

  /** How many recent outcomes the window holds. */
  public int windowSize() {
    return windowSize;
  }

  /** Outcomes older than this are forgotten. */
  public Duration windowDuration() {
    return windowDuration;
  }

  /** How long an open circuit keeps the target out. */
  public Duration openDuration() {
    return openDuration;
  }

  /** How many probe calls a half-open circuit lets through; all must succeed to close it. */
  public int halfOpenProbes() {
    return halfOpenProbes;
  }

  /** False if this policy never opens a circuit. */
  public boolean enabled() {
    return enabled;
  }

  @Override
  public String toString() {
    return !enabled ? "CircuitBreakerPolicy[disabled]"
        : "CircuitBreakerPolicy[threshold=" + failureRateThreshold + ", minimumCalls=" + minimumCalls
            + ", window=" + windowSize + "/" + windowDuration + ", open=" + openDuration
            + ", probes=" + halfOpenProbes + "]";
  }

  /** Builds a {@link CircuitBreakerPolicy}. Not thread-safe. */
  public static final class Builder {
    private double failureRateThreshold = 0.5;
    private int minimumCalls = 10;
    private int windowSize = 20;
    private Duration windowDuration = Duration.ofSeconds(60);
    private Duration openDuration = Duration.ofSeconds(30);
    private int halfOpenProbes = 1;
    private boolean enabled = true;

    private Builder() {}

    /** False turns the breaker off: circuits stay closed whatever happens. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder failureRateThreshold(double failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
      return this;
    }

    public Builder minimumCalls(int minimumCalls) {
      this.minimumCalls = minimumCalls;
      return this;
    }

    public Builder windowSize(int windowSize) {
      this.windowSize = windowSize;
      return this;
    }

    public Builder windowDuration(Duration windowDuration) {
      this.windowDuration = windowDuration;
      return this;
    }

    public Builder openDuration(Duration openDuration) {
      this.openDuration = openDuration;
      return this;
    }

    public Builder halfOpenProbes(int halfOpenProbes) {
      this.halfOpenProbes = halfOpenProbes;
      return this;
    }

    /** @throws IllegalArgumentException if a value is out of range; the message says which */
    public CircuitBreakerPolicy build() {
      return new CircuitBreakerPolicy(this);
    }
  }
}
