/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Operation;

/**
 * {@value StandardPolicy#MODEL}: the target serves the call's model alias, for the call's operation
 * (a chat alias, or one it {@linkplain Target#embeds embeds}). A static rule.
 */
final class ModelRule extends StandardRule {

  @Override
  public String name() {
    return StandardPolicy.MODEL;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return verdict(call.alias(), call.operation(), target);
  }

  static String verdict(String alias, Target target) {
    return target.serves(alias) ? null : "does not serve model alias '" + alias + "'";
  }

  static String verdict(String alias, Operation operation, Target target) {
    if (operation == Operation.EMBEDDINGS) {
      return target.embeds(alias) ? null : "does not embed model alias '" + alias + "'";
    }
    return verdict(alias, target);
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return new BoundRule(name()) {
      @Override
      boolean isStatic() {
        return true;
      }

      @Override
      String verdictFor(String alias, CallKind kind, Jurisdiction jurisdiction, int i) {
        return verdict(alias, fleet.targets[i]);
      }

      @Override
      String verdictFor(String alias, CallKind kind, Operation operation, Jurisdiction jurisdiction, int i) {
        return verdict(alias, operation, fleet.targets[i]);
      }
    };
  }
}
