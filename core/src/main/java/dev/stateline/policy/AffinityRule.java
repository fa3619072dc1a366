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
      boolean filtersCall(PlacementContext call) {
        Affinity a = call.options().affinity();
        return a != null && a.pinned();
      }

      @Override
      String exclude(PlacementContext call, int i) {
        return verdict(call.options().affinity(), i == call.affinityIndex());
      }

      @Override
      boolean ranks() {
        return true;
      }

      @Override
      boolean ranksCall(PlacementContext call) {
        return call.affinityIndex() >= 0; // else every target ranks alike
      }

      @Override
      long rank(PlacementContext call, int i) {
        return key(call.options().affinity(), i == call.affinityIndex());
      }
    };
  }
}
