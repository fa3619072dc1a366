/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.CircuitState;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One target's circuit breaker (see {@link CircuitBreakerPolicy} for the behaviour).
 *
 * <p>Usage per attempt: {@link #tryAcquire()} returns a permit (or {@link #REFUSED}); the attempt's
 * outcome is reported exactly once with {@link #onSuccess}, {@link #onFailure} or
 * {@link #onIgnored} and that permit. Outcomes of permits issued before the last state change are
 * ignored, so a slow call cannot close a circuit that opened after it started.
 *
 * <p>Thread-safe. State changes take a lock; {@link #acceptsCalls()} and {@link #state()}, which
 * placement reads on every call, do not, and neither does the outcome of an ordinary (non-probe)
 * attempt that succeeded or says nothing: under many concurrent callers of one target, the usual
 * call touches only atomics (the sliding window is a ring of atomic slots, each holding an outcome's
 * time and whether it failed). A failure takes the lock, records itself and evaluates the window.
 *
 * <p>A {@linkplain #onStateChange(StateListener) listener} hears of every state change, on the thread
 * whose attempt caused it, after the lock is released.
 */
public final class CircuitBreaker {
  /** The permit value meaning "refused". */
  public static final long REFUSED = -1;

  /** Hears of a breaker's state changes; must be quick and must not throw. */
  @FunctionalInterface
  public interface StateListener {
    void changed(CircuitState from, CircuitState to, String reason);
  }

  /** A state change, made under the lock and reported after it. */
  private record Transition(CircuitState from, CircuitState to, String reason) {}

  private final CircuitBreakerPolicy policy;
  private final InstantSource clock;
  private final long windowNanos;
  private final long openNanos;
  /** The last outcomes: each slot holds {@code time << 1 | failed}, or {@link #EMPTY}. */
  private final AtomicLongArray window;
  /** How many outcomes have been recorded since the window was last cleared. */
  private final AtomicLong recorded = new AtomicLong();
  private volatile long generation;
  private int probesIssued;
  private int probesSucceeded;
  private long halfOpenSince;
  private String openReason = "";
  private volatile String openSummary = "";
  private volatile CircuitState state = CircuitState.CLOSED;
  private volatile long openUntil;
  private volatile StateListener listener;

  public CircuitBreaker(CircuitBreakerPolicy policy, InstantSource clock) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.windowNanos = policy.windowDuration().toNanos();
    this.openNanos = policy.openDuration().toNanos();
    this.window = new AtomicLongArray(policy.windowSize());
    clearWindow();
  }

  /** Sets the one listener told of state changes (null for none). */
  public void onStateChange(StateListener listener) {
    this.listener = listener;
  }

  private void report(Transition t) {
    StateListener l = listener;
    if (t != null && l != null) {
      l.changed(t.from(), t.to(), t.reason());
    }
  }

  private long now() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** The state now; an open circuit whose period has ended reads as half-open. Lock-free. */
  public CircuitState state() {
    CircuitState s = state;
    if (s == CircuitState.OPEN && now() >= openUntil) {
      return CircuitState.HALF_OPEN;
    }
    return s;
  }

  /** False while the circuit is open and its period has not ended. Lock-free. */
  public boolean acceptsCalls() {
    return state != CircuitState.OPEN || now() >= openUntil;
  }

  /** A permit for one attempt, or {@link #REFUSED} if the circuit is open or its probes are taken. */
  public long tryAcquire() {
    if (!policy.enabled()) {
      return 0;
    }
    long gen = generation;
    if (state == CircuitState.CLOSED) {
      return gen << 1;
    }
    return acquireSlow();
  }

  private long acquireSlow() {
    Transition t = null;
    long permit;
    synchronized (this) {
      long now = now();
      CircuitState s = state;
      if (s == CircuitState.CLOSED) {
        return generation << 1;
      }
      if (s == CircuitState.OPEN) {
        if (now < openUntil) {
          return REFUSED;
        }
        t = toHalfOpen(now, "the open period ended");
      } else if (probesIssued >= policy.halfOpenProbes()) {
        // Probes that never reported (an abandoned stream) must not keep the target out forever.
        if (now - halfOpenSince < openNanos) {
          return REFUSED;
        }
        t = toHalfOpen(now, "the probes did not report");
      }
      probesIssued++;
      permit = (generation << 1) | 1;
    }
    report(t);
    return permit;
  }

  /** The attempt succeeded. Lock-free unless the attempt was a half-open probe. */
  public void onSuccess(long permit) {
    if (!isProbe(permit)) {
      if (current(permit)) {
        record(false, now());
      }
      return;
    }
    Transition t = null;
    synchronized (this) {
      if (current(permit) && ++probesSucceeded >= policy.halfOpenProbes()) {
        t = close();
      }
    }
    report(t);
  }

  /** The attempt failed in a way that says the target is unhealthy. */
  public void onFailure(long permit) {
    Transition t;
    synchronized (this) {
      t = failure(permit);
    }
    report(t);
  }

  private Transition failure(long permit) {
    if (!current(permit)) {
      return null;
    }
    long now = now();
    if (isProbe(permit)) {
      openReason = "a probe call failed";
      return open(now);
    }
    record(true, now);
    return evaluate(now);
  }

  /**
   * The attempt ended without saying anything about the target (cancelled, rejected as invalid).
   * Only a probe's matters (it frees the probe); lock-free otherwise.
   */
  public void onIgnored(long permit) {
    if (!isProbe(permit)) {
      return;
    }
    synchronized (this) {
      if (current(permit) && probesIssued > 0) {
        probesIssued--;
      }
    }
  }

  private boolean current(long permit) {
    return permit >= 0 && policy.enabled() && (permit >>> 1) == generation
        && (isProbe(permit) ? state == CircuitState.HALF_OPEN : state == CircuitState.CLOSED);
  }

  private static boolean isProbe(long permit) {
    return (permit & 1) == 1;
  }

  private static final long EMPTY = Long.MIN_VALUE;

  /** Puts an outcome in the ring, over the oldest one once it is full. Lock-free. */
  private void record(boolean failed, long now) {
    int slot = (int) Long.remainderUnsigned(recorded.getAndIncrement(), window.length());
    window.set(slot, (now << 1) | (failed ? 1 : 0));
  }

  private void clearWindow() {
    for (int i = 0; i < window.length(); i++) {
      window.set(i, EMPTY);
    }
    recorded.set(0);
  }

  /** Outcomes in the window that are recent: {@code [counted, failed]}. */
  private int[] recent(long now) {
    int counted = 0;
    int failed = 0;
    for (int i = 0; i < window.length(); i++) {
      long v = window.get(i);
      if (v != EMPTY && now - (v >> 1) <= windowNanos) {
        counted++;
        failed += (int) (v & 1);
      }
    }
    return new int[] {counted, failed};
  }

  private Transition evaluate(long now) {
    int[] recent = recent(now);
    int counted = recent[0];
    int failed = recent[1];
    if (counted >= policy.minimumCalls() && failed >= policy.failureRateThreshold() * counted) {
      openReason = failed + " of " + counted + " recent calls failed";
      return open(now);
    }
    return null;
  }

  private Transition open(long now) {
    CircuitState from = state;
    generation++;
    openUntil = now + openNanos;
    openSummary = "OPEN after " + openReason + "; closed to calls until " + Instant.ofEpochSecond(0, openUntil);
    probesIssued = 0;
    probesSucceeded = 0;
    state = CircuitState.OPEN;
    return new Transition(from, CircuitState.OPEN, openReason);
  }

  /** Half-open (again); a transition only if the circuit was open. */
  private Transition toHalfOpen(long now, String reason) {
    CircuitState from = state;
    generation++;
    probesIssued = 0;
    probesSucceeded = 0;
    halfOpenSince = now;
    state = CircuitState.HALF_OPEN;
    return from == CircuitState.HALF_OPEN ? null : new Transition(from, CircuitState.HALF_OPEN, reason);
  }

  private Transition close() {
    CircuitState from = state;
    generation++;
    clearWindow();
    state = CircuitState.CLOSED;
    return new Transition(from, CircuitState.CLOSED, probesSucceeded + " probe call(s) succeeded");
  }

  /** A one-line description for placement reasons and logs; lock-free while the circuit is open. */
  public String summary() {
    CircuitState s = state();
    if (s == CircuitState.OPEN) {
      return openSummary;
    }
    return describe(s);
  }

  private synchronized String describe(CircuitState s) {
    long now = now();
    switch (s) {
      case HALF_OPEN:
        return "HALF_OPEN, probing with " + policy.halfOpenProbes() + " call(s)";
      default:
        int[] recent = recent(now);
        return "CLOSED, " + recent[1] + " of " + recent[0] + " recent calls failed";
    }
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + summary() + "]";
  }
}
