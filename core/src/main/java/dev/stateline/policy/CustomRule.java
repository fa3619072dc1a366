/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/**
 * Your own {@link Rule} bound to a client's targets: its {@link Rule#exclude} and {@link Rule#rank}
 * run per target, on every call, where it sits in {@link StandardPolicy#rules()}. It counts as a
 * filter and as a ranking.
 */
final class CustomRule extends BoundRule {
  private final Rule rule;
  private final Target[] targets;

  CustomRule(Rule rule, Fleet fleet) {
    super(rule.name());
    this.rule = rule;
    this.targets = fleet.targets;
  }

  @Override
  boolean filters() {
    return true;
  }

  @Override
  void filter(PlacementContext call) {
    for (int e = 0, n = call.filtering(); e < n; e++) {
      int i = call.candidate(e);
      call.at(i);
      call.keepUnless(i, name, rule.exclude(call, targets[i]));
    }
  }

  @Override
  boolean ranks() {
    return true;
  }

  @Override
  boolean rank(PlacementContext call, long[] keys, int column, int stride) {
    for (int e = 0, n = call.count(); e < n; e++) {
      int i = call.candidate(e);
      call.at(i);
      keys[e * stride + column] = rule.rank(call, targets[i]);
    }
    return true;
  }
}
