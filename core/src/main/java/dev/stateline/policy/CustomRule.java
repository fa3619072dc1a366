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
  String exclude(PlacementContext call, int i) {
    return rule.exclude(call, targets[i]);
  }

  @Override
  boolean ranks() {
    return true;
  }

  @Override
  long rank(PlacementContext call, int i) {
    return rule.rank(call, targets[i]);
  }
}
