/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/**
 * A provider quota consulted by placement (rule {@value StandardPolicy#QUOTA}): requests and tokens
 * per minute per target, as Azure OpenAI and Bedrock count their quotas, possibly shared by a fleet.
 * Placement asks it twice per target: {@link #refuse} (hard: a target whose quota is used up is
 * excluded with the reason) and {@link #low} (soft: among eligible targets, those with quota left
 * go first). Taking quota for a request is the implementation's business, outside placement (for
 * example a target interceptor that takes it before each attempt, and fails the attempt if it
 * cannot).
 *
 * <p>Placement runs these on every call, for every candidate target: they must be thread-safe, fast
 * and free of I/O (answer from what the implementation last saw). Stateline itself ships only
 * {@link #unlimited()}; {@code stateline-governance-dynamodb} has a shared one.
 */
public interface QuotaGuard {

  /**
   * @return null if {@code target} may be tried for the call, or why not (its quota is used up for
   *     now; no secrets)
   */
  String refuse(PlacementContext call, Target target);

  /**
   * @return true if {@code target} has little of its quota left (placement tries it after the
   *     targets that have more); false if it has enough or has no quota. The default: false.
   */
  default boolean low(PlacementContext call, Target target) {
    return false;
  }

  /** No quota on any target. */
  static QuotaGuard unlimited() {
    return (call, target) -> null;
  }
}
