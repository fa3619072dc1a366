/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/** {@link BudgetGuard#unlimited()}. */
final class UnlimitedBudget implements BudgetGuard {
  static final UnlimitedBudget INSTANCE = new UnlimitedBudget();

  private UnlimitedBudget() {}

  @Override
  public String refuse(PlacementContext call, Target target) {
    return null;
  }

  @Override
  public String toString() {
    return "BudgetGuard.unlimited()";
  }
}
