/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.placement.Placement;

/**
 * The call would have had to leave its jurisdiction: a target could have taken it, but only one
 * outside the allowed regions. Fails closed; never retried elsewhere. {@link #placement()} lists
 * every target with the reason it was excluded, and {@code placement().residency()} names the
 * jurisdiction.
 */
public class ResidencyViolationException extends NoEligibleTargetException {
  public ResidencyViolationException(Placement placement) {
    super((placement.residency() == null ? "the call" : "the call bound to " + placement.residency().name())
        + " could only run outside its jurisdiction, so it does not run; " + describe(placement), placement);
  }
}
