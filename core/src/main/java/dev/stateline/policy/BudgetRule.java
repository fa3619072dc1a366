/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/**
 * {@value StandardPolicy#BUDGET}: the policy's {@link BudgetGuard} allows the spend. A filter, and
 * none at all with {@link BudgetGuard#unlimited()}.
 */
final class BudgetRule extends StandardRule {
  private final BudgetGuard guard;

  BudgetRule(BudgetGuard guard) {
    this.guard = guard;
  }

  @Override
  public String name() {
    return StandardPolicy.BUDGET;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return guard.refuse(call, target);
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return new BoundRule(name()) {
      @Override
      boolean filters() {
        return guard != BudgetGuard.unlimited();
      }

      @Override
      String exclude(PlacementContext call, int i) {
        return guard.refuse(call, fleet.targets[i]);
      }
    };
  }
}
