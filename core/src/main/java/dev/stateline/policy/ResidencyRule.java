/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.Jurisdiction;

/**
 * {@value StandardPolicy#RESIDENCY}: the target lies in the call's jurisdiction, the policy's
 * narrowed by the call's own ({@link Jurisdiction#narrowed}). A static rule: its verdict depends on
 * the jurisdiction only. {@link #verdict(Jurisdiction, Target)} is the one place that judges where
 * a target may take a call; the client applies the same verdict to whatever any policy placed.
 */
final class ResidencyRule extends StandardRule {
  private final Jurisdiction residency;

  ResidencyRule(Jurisdiction residency) {
    this.residency = residency;
  }

  @Override
  public String name() {
    return StandardPolicy.RESIDENCY;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return verdict(Jurisdiction.narrowed(residency, call.options().residency()), target);
  }

  /** Null if {@code target} may take a call bound to {@code j} (or to none), otherwise why not. */
  static String verdict(Jurisdiction j, Target target) {
    if (j == null || j.allows(target.region())) {
      return null;
    }
    return target.region() == null
        ? "declares no region; calls bound to " + j.name() + " need one inside it"
        : "region " + target.region() + " is outside " + j.name();
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return BoundRule.ofVerdicts(name(), (alias, kind, jurisdiction, i) -> verdict(jurisdiction, fleet.targets[i]));
  }
}
