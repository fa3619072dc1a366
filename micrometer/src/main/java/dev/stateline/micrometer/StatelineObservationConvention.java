/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a Stateline call's observation and gives its key values. Implement it (or extend
 * {@link DefaultStatelineObservationConvention}) to rename or add keys; register it with
 * {@link StatelineObservations.Builder#convention}, or globally on the {@code ObservationRegistry}.
 * Implementations must be thread-safe.
 */
public interface StatelineObservationConvention extends ObservationConvention<StatelineObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof StatelineObservationContext;
  }
}
