/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.Affinity;

/**
 * {@value StandardPolicy#AFFINITY}: a call's affinity target ranks first; a call pinned to a target
 * runs there only. A filter and a ranking.
 */
final class AffinityRule extends StandardRule {

  @Override
  public String name() {
    return StandardPolicy.AFFINITY;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    Affinity a = call.options().affinity();
    return verdict(a, a != null && a.target().equals(target.name()));
  }

  @Override
  public long rank(PlacementContext call, Target target) {
    Affinity a = call.options().affinity();
    return key(a, a != null && a.target().equals(target.name()));
  }

  /** Null unless the call is pinned to another target than this one. */
  static String verdict(Affinity a, boolean affinityTarget) {
    return a != null && a.pinned() && !affinityTarget ? "the call is pinned to target '" + a.target() + "'" : null;
  }

  static long key(Affinity a, boolean affinityTarget) {
    return a == null || affinityTarget ? 0 : 1;
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return new BoundRule(name()) {
      @Override
      boolean filters() {
        return true;
      }

      @Override
      void filter(PlacementContext call) {
        Affinity a = call.options().affinity();
        if (a == null || !a.pinned()) {
          return;
        }
        int pinned = fleet.indexOf(a.target());
        for (int e = 0, n = call.filtering(); e < n; e++) {
          int i = call.candidate(e);
          call.keepUnless(i, name, AffinityRule.verdict(a, i == pinned));
        }
      }

      @Override
      boolean ranks() {
        return true;
      }

      @Override
      boolean rank(PlacementContext call, long[] keys, int column, int stride) {
        Affinity a = call.options().affinity();
        int first = a == null ? -1 : fleet.indexOf(a.target());
        if (first < 0) {
          return false; // every target ranks alike
        }
        for (int e = 0, n = call.count(); e < n; e++) {
          keys[e * stride + column] = key(a, call.candidate(e) == first);
        }
        return true;
      }
    };
  }
}
