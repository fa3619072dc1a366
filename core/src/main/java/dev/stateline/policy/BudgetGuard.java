/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/**
 * A spend ceiling consulted by placement: it may refuse a target for a call, for example because
 * the call's tenant ({@link dev.stateline.CallOptions#tenant()}) or one of its tags has used up its
 * budget on that target. A refused target is excluded like any other, with the guard's reason; a
 * call every target is refused for fails with a
 * {@link dev.stateline.error.NoEligibleTargetException}.
 *
 * <p>This is the seam the cost ledger plugs into; Stateline itself ships only {@link #unlimited()}.
 * Implementations run on every call: they must be thread-safe, fast and free of I/O (keep counters
 * in memory and refresh them elsewhere). The one exception is a ceiling shared by a fleet, which
 * must ask the shared store ({@code stateline-governance-dynamodb}'s makes one conditional write
 * per covering ceiling per call, and fails closed).
 */
@FunctionalInterface
public interface BudgetGuard {

  /**
   * @param call the call being placed
   * @param target a target that passed the other hard rules
   * @return null to allow, or why the call may not spend on this target (no secrets; shown in the
   *     placement and in errors)
   */
  String refuse(PlacementContext call, Target target);

  /** Never refuses. */
  static BudgetGuard unlimited() {
    return UnlimitedBudget.INSTANCE;
  }
}
