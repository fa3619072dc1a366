/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/**
 * {@value StandardPolicy#LATENCY}: faster targets first, in bands of 50% so that small differences
 * do not count; an unmeasured target first, so that it gets measured. A ranking.
 */
final class LatencyRule extends StandardRule {
  private static final double LOG_BAND = Math.log(1.5);

  @Override
  public String name() {
    return StandardPolicy.LATENCY;
  }

  @Override
  public long rank(PlacementContext call, Target target) {
    return band(call.health(target).latencyNanos(call.streaming()));
  }

  static long band(long nanos) {
    return nanos <= 0 ? 0 : 1 + (long) (Math.log(nanos) / LOG_BAND);
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return new BoundRule(name()) {
      @Override
      boolean ranks() {
        return true;
      }

      @Override
      long rank(PlacementContext call, int i) {
        return band(call.healthAt(i).latencyNanos(call.streaming()));
      }
    };
  }
}
