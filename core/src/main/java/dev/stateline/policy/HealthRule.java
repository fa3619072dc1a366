/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.TargetHealth;

/** {@value StandardPolicy#HEALTH}: the target's circuit breaker is not open. A filter. */
final class HealthRule extends StandardRule {

  @Override
  public String name() {
    return StandardPolicy.HEALTH;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return verdict(call.health(target));
  }

  static String verdict(TargetHealth health) {
    return health.acceptsCalls() ? null : "circuit breaker open: " + health.summary();
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return new BoundRule(name()) {
      @Override
      boolean filters() {
        return true;
      }

      @Override
      String exclude(PlacementContext call, int i) {
        return verdict(call.healthAt(i));
      }
    };
  }
}
