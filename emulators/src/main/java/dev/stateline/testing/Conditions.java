/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * The conditions a wire emulator serves under: latency on every response, and faults injected into
 * the requests its script does not answer. One value fits all three emulators
 * ({@code OpenAiEmulator}, {@code AzureOpenAiEmulator}, {@code BedrockEmulator}); each renders a
 * fault the way its cloud does.
 *
 * <pre>{@code
 * azure.conditions(Conditions.builder()
 *     .latency(Duration.ofMillis(5), Duration.ofMillis(25))          // 5-25 ms on every response
 *     .rateLimitBursts(50, 5, Duration.ofMillis(20))                 // requests 46-50, 96-100, ...: 429
 *     .serverErrors(0.02)                                            // ~2% answered 503
 *     .slowResponses(0.05, Duration.ofMillis(300))                   // ~5% take 300 ms longer
 *     .truncatedStreams(0.03)                                        // ~3% of streams cut after some text
 *     .build());
 * }</pre>
 *
 * <p><b>Deterministic.</b> What happens to a request depends only on its number (the emulator
 * counts the requests it routes and authenticates, from 1) and on the {@linkplain Builder#seed
 * seed}: the same number of requests meets the same faults, whatever the threads' timing.
 * {@link #effectOn(long, boolean)} says what happens to request {@code n}, so tests can check the
 * plan itself.
 *
 * <p><b>Faults</b>, in this order of precedence, for requests the emulator's script does not
 * answer (a scripted reply always wins; the latency applies to it too):
 *
 * <ol>
 *   <li>{@link Fault#RATE_LIMITED}: a burst of {@code length} throttled requests at the end of every
 *       {@code every} requests, asking to retry after {@link #retryAfter()} (OpenAI and Azure:
 *       {@code retry-after-ms} and {@code retry-after}; Bedrock, which sends no hint in
 *       milliseconds, {@code Retry-After} in whole seconds only when the wait is at least 1 s);
 *   <li>{@link Fault#SERVER_ERROR}: a share of requests answered with {@link #serverErrorStatus()};
 *   <li>{@link Fault#TRUNCATED_STREAM}: a share of <em>streamed</em> requests whose answer stops
 *       after some text, without its end (the client sees a protocol error that keeps the partial
 *       text).
 * </ol>
 *
 * <p><b>Delay</b>: the response headers of every routed request wait the latency (fixed, or uniform
 * in a range) plus, for a share of requests, the slow-response delay. Delays happen on the
 * emulator's connection thread, so concurrent requests wait concurrently.
 *
 * <p>Immutable and thread-safe. {@link #none()} is the default of every emulator.
 */
public final class Conditions {
  private static final Conditions NONE = builder().build();
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** A fault an emulator injects into one request. */
  public enum Fault {
    /** No fault: the request is answered. */
    NONE,
    /** HTTP 429 with the cloud's throttling error. */
    RATE_LIMITED,
    /** An HTTP 5xx with the cloud's error body. */
    SERVER_ERROR,
    /** A streamed answer cut after some text, without its end. */
    TRUNCATED_STREAM
  }

  /**
   * What happens to one request.
   *
   * @param fault the fault to inject, {@link Fault#NONE} for none
   * @param delay how long the response headers wait, zero for no wait
   */
  public record Effect(Fault fault, Duration delay) {
    public Effect {
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(delay, "delay");
    }
  }

  private final Duration latencyMin;
  private final Duration latencyMax;
  private final int burstEvery;
  private final int burstLength;
  private final Duration retryAfter;
  private final double serverErrorRate;
  private final int serverErrorStatus;
  private final double slowRate;
  private final Duration slowDelay;
  private final double truncateRate;
  private final long seed;

  private Conditions(Builder b) {
    this.latencyMin = b.latencyMin;
    this.latencyMax = b.latencyMax;
    this.burstEvery = b.burstEvery;
    this.burstLength = b.burstLength;
    this.retryAfter = b.retryAfter;
    this.serverErrorRate = b.serverErrorRate;
    this.serverErrorStatus = b.serverErrorStatus;
    this.slowRate = b.slowRate;
    this.slowDelay = b.slowDelay;
    this.truncateRate = b.truncateRate;
    this.seed = b.seed;
  }

  /** No latency and no faults: every emulator's default. */
  public static Conditions none() {
    return NONE;
  }

  /** Every response waits {@code latency}; no faults. */
  public static Conditions latency(Duration latency) {
    return builder().latency(latency).build();
  }

  /** Every request not answered by the script fails with HTTP 503: the cloud is down. */
  public static Conditions outage() {
    return builder().serverErrors(1.0, 503).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these conditions, to change some. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.latencyMin = latencyMin;
    b.latencyMax = latencyMax;
    b.burstEvery = burstEvery;
    b.burstLength = burstLength;
    b.retryAfter = retryAfter;
    b.serverErrorRate = serverErrorRate;
    b.serverErrorStatus = serverErrorStatus;
    b.slowRate = slowRate;
    b.slowDelay = slowDelay;
    b.truncateRate = truncateRate;
    b.seed = seed;
    return b;
  }

  /**
   * What happens to request number {@code requestNumber}.
   *
   * @param requestNumber the emulator's count of routed, authenticated requests, from 1
   * @param streaming whether the request asks for a streamed answer (only those are truncated)
   * @throws IllegalArgumentException if {@code requestNumber} is below 1
   */
  public Effect effectOn(long requestNumber, boolean streaming) {
    if (requestNumber < 1) {
      throw new IllegalArgumentException("request numbers start at 1, was " + requestNumber);
    }
    Fault fault = Fault.NONE;
    if (burstEvery > 0 && (requestNumber - 1) % burstEvery >= burstEvery - burstLength) {
      fault = Fault.RATE_LIMITED;
    } else if (serverErrorRate > 0 && uniform(requestNumber, 1) < serverErrorRate) {
      fault = Fault.SERVER_ERROR;
    } else if (streaming && truncateRate > 0 && uniform(requestNumber, 2) < truncateRate) {
      fault = Fault.TRUNCATED_STREAM;
    }
    long delay = latencyMin.toNanos();
    long spread = latencyMax.toNanos() - delay;
    if (spread > 0) {
      delay += (long) (spread * uniform(requestNumber, 3));
    }
    if (slowRate > 0 && uniform(requestNumber, 4) < slowRate) {
      delay += slowDelay.toNanos();
    }
    return new Effect(fault, Duration.ofNanos(delay));
  }

  /** A uniform value in [0, 1) from the seed, the request number and a salt (SplitMix64's mixer). */
  private double uniform(long n, int salt) {
    long z = seed + n * GOLDEN + salt * 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }

  /** The smallest latency of a response. */
  public Duration latencyMin() {
    return latencyMin;
  }

  /** The largest latency of a response (before a slow-response delay); equal to the minimum when fixed. */
  public Duration latencyMax() {
    return latencyMax;
  }

  /** The period of rate-limit bursts in requests, or 0 for none. */
  public int burstEvery() {
    return burstEvery;
  }

  /** How many requests each rate-limit burst throttles. */
  public int burstLength() {
    return burstLength;
  }

  /** The wait a throttled response asks for. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The share of requests answered with a server error, in [0, 1]. */
  public double serverErrorRate() {
    return serverErrorRate;
  }

  /** The status of injected server errors (5xx). */
  public int serverErrorStatus() {
    return serverErrorStatus;
  }

  /** The share of responses delayed by {@link #slowDelay()}, in [0, 1]. */
  public double slowRate() {
    return slowRate;
  }

  /** The extra delay of a slow response. */
  public Duration slowDelay() {
    return slowDelay;
  }

  /** The share of streamed answers cut short, in [0, 1]. */
  public double truncateRate() {
    return truncateRate;
  }

  /** The seed of the fault plan. */
  public long seed() {
    return seed;
  }

  /** True if these conditions neither delay nor fail anything. */
  public boolean isNone() {
    return latencyMax.isZero() && burstEvery == 0 && serverErrorRate == 0 && slowRate == 0 && truncateRate == 0;
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "Conditions[none]";
    }
    StringBuilder sb = new StringBuilder("Conditions[latency=").append(latencyMin.toMillis());
    if (!latencyMax.equals(latencyMin)) {
      sb.append("..").append(latencyMax.toMillis());
    }
    sb.append("ms");
    if (burstEvery > 0) {
      sb.append(", 429 x").append(burstLength).append(" every ").append(burstEvery)
          .append(" (retry after ").append(retryAfter.toMillis()).append("ms)");
    }
    if (serverErrorRate > 0) {
      sb.append(", ").append(serverErrorStatus).append(" at ").append(serverErrorRate);
    }
    if (slowRate > 0) {
      sb.append(", +").append(slowDelay.toMillis()).append("ms at ").append(slowRate);
    }
    if (truncateRate > 0) {
      sb.append(", truncated streams at ").append(truncateRate);
    }
    return sb.append(", seed=").append(seed).append(']').toString();
  }

  /** Builds {@link Conditions}. Not thread-safe. Every setting starts at "none". */
  public static final class Builder {
    private Duration latencyMin = Duration.ZERO;
    private Duration latencyMax = Duration.ZERO;
    private int burstEvery;
    private int burstLength;
    private Duration retryAfter = Duration.ZERO;
    private double serverErrorRate;
    private int serverErrorStatus = 503;
    private double slowRate;
    private Duration slowDelay = Duration.ZERO;
    private double truncateRate;
    private long seed = 7;

    private Builder() {}

    /**
     * Every response waits {@code latency} before its headers.
     *
     * @throws IllegalArgumentException if it is negative
     */
    public Builder latency(Duration latency) {
      return latency(latency, latency);
    }

    /**
     * Every response waits a duration drawn uniformly from [{@code min}, {@code max}].
     *
     * @throws IllegalArgumentException if either is negative or {@code max < min}
     */
    public Builder latency(Duration min, Duration max) {
      nonNegative(min, "min");
      nonNegative(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency max " + max + " is below min " + min);
      }
      this.latencyMin = min;
      this.latencyMax = max;
      return this;
    }

    /**
     * Throttles the last {@code length} of every {@code every} requests (requests
     * {@code every-length+1 .. every}, then the same in the next period), each asking to retry after
     * {@code retryAfter}.
     *
     * @throws IllegalArgumentException if {@code every < 1}, {@code length} is not in
     *     [1, {@code every}], or {@code retryAfter} is negative
     */
    public Builder rateLimitBursts(int every, int length, Duration retryAfter) {
      if (every < 1) {
        throw new IllegalArgumentException("every must be at least 1, was " + every);
      }
      if (length < 1 || length > every) {
        throw new IllegalArgumentException("length must be between 1 and every (" + every + "), was " + length);
      }
      this.burstEvery = every;
      this.burstLength = length;
      this.retryAfter = nonNegative(retryAfter, "retryAfter");
      return this;
    }

    /** Answers a share {@code rate} of requests with HTTP 503. */
    public Builder serverErrors(double rate) {
      return serverErrors(rate, 503);
    }

    /**
     * Answers a share {@code rate} of requests with HTTP {@code status}.
     *
     * @throws IllegalArgumentException if {@code rate} is not in [0, 1] or {@code status} is not 5xx
     */
    public Builder serverErrors(double rate, int status) {
      if (status < 500 || status > 599) {
        throw new IllegalArgumentException("a server error status is 5xx, was " + status);
      }
      this.serverErrorRate = rate(rate);
      this.serverErrorStatus = status;
      return this;
    }

    /**
     * Makes a share {@code rate} of responses wait {@code extraDelay} more than the latency.
     *
     * @throws IllegalArgumentException if {@code rate} is not in [0, 1] or the delay is negative
     */
    public Builder slowResponses(double rate, Duration extraDelay) {
      this.slowRate = rate(rate);
      this.slowDelay = nonNegative(extraDelay, "extraDelay");
      return this;
    }

    /**
     * Cuts a share {@code rate} of streamed answers after some text.
     *
     * @throws IllegalArgumentException if {@code rate} is not in [0, 1]
     */
    public Builder truncatedStreams(double rate) {
      this.truncateRate = rate(rate);
      return this;
    }

    /** The seed of the fault plan; 7 unless set. Emulators given different seeds fail different requests. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Conditions build() {
      return new Conditions(this);
    }

    private static double rate(double rate) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("a rate is a share in [0, 1], was " + rate);
      }
      return rate;
    }

    private static Duration nonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d;
    }
  }
}
