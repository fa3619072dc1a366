/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/** {@value StandardPolicy#MODEL}: the target serves the call's model alias. A static rule. */
final class ModelRule extends StandardRule {

  @Override
  public String name() {
    return StandardPolicy.MODEL;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return verdict(call.alias(), target);
  }

  static String verdict(String alias, Target target) {
    return target.serves(alias) ? null : "does not serve model alias '" + alias + "'";
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return BoundRule.ofVerdicts(name(), (alias, kind, jurisdiction, i) -> verdict(alias, fleet.targets[i]));
  }
}
