/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

/** The state of a target's circuit breaker. */
public enum CircuitState {
  /** Healthy: calls flow, outcomes are counted. */
  CLOSED,
  /** Too many recent failures: the target takes no calls until the open period ends. */
  OPEN,
  /** The open period ended: a few probe calls test whether the target has recovered. */
  HALF_OPEN
}
