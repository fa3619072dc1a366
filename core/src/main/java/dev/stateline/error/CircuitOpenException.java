/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A target's circuit breaker is open (too many recent failures), or half-open with every probe
 * slot taken, so the call is not sent there. It fails over to the next target of its placement;
 * this error reaches the caller only if no target is left. Retryable: the circuit closes again once
 * the target recovers.
 */
public class CircuitOpenException extends StatelineException {
  public CircuitOpenException(String message) {
    super(message, ErrorInfo.NONE, true, null);
  }
}
