/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import java.util.Objects;

/**
 * {@value StandardPolicy#QUOTA}: the policy's {@link QuotaGuard} has quota for the target. A filter
 * (a target whose quota is used up is excluded) and a ranking (targets with little quota left go
 * after the others, ahead of {@value StandardPolicy#PREFERENCE}, latency and price). Added by
 * {@link StandardPolicy#quota(QuotaGuard)}.
 */
final class QuotaRule implements Rule {
  private final QuotaGuard guard;

  QuotaRule(QuotaGuard guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  @Override
  public String name() {
    return StandardPolicy.QUOTA;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return guard.refuse(call, target);
  }

  @Override
  public long rank(PlacementContext call, Target target) {
    return guard.low(call, target) ? 1 : 0;
  }

  @Override
  public String toString() {
    return "Rule[" + StandardPolicy.QUOTA + ": " + guard + "]";
  }
}
