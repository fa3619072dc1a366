/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

/**
 * What a client has observed about one target: its circuit breaker, its latency, its load. The
 * client's pipeline keeps one per target and feeds it after every attempt; placement rules read it.
 *
 * <p>A live, read-only view: values change as calls complete. Implementations are thread-safe and
 * cheap to read (no locks, no I/O), since placement reads them on every call.
 */
public interface TargetHealth {

  /** A target nothing is known about: closed circuit, no latency, no load. */
  TargetHealth UNKNOWN = new TargetHealth() {
    @Override
    public CircuitState circuitState() {
      return CircuitState.CLOSED;
    }

    @Override
    public boolean acceptsCalls() {
      return true;
    }

    @Override
    public long latencyNanos(boolean streaming) {
      return -1;
    }

    @Override
    public int inFlight() {
      return 0;
    }

    @Override
    public int maxInFlight() {
      return 0;
    }

    @Override
    public String summary() {
      return "no calls observed";
    }
  };

  /** The circuit breaker's state now (an open circuit whose period has ended reads as half-open). */
  CircuitState circuitState();

  /** False while the circuit is open; a half-open circuit accepts (probe) calls. */
  boolean acceptsCalls();

  /**
   * The smoothed (EWMA) latency of successful attempts in nanoseconds, or -1 if none was observed:
   * time to the first event for streamed calls, time to the whole answer for others. A reading
   * ages: after 30 s of newer samples on the client's other targets it halves, and again every
   * 30 s, so that a target ranked behind on latency is eventually tried and measured again.
   */
  long latencyNanos(boolean streaming);

  /** Calls (and open streams) running on the target now. */
  int inFlight();

  /** The target's concurrency limit, or 0 for none. */
  int maxInFlight();

  /** A one-line description for placement reasons and logs, such as "OPEN after 6 of 10 failed". */
  String summary();
}
