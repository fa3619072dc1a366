/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.ProcessingScope;

/**
 * {@value StandardPolicy#RESIDENCY}: the target lies in the call's jurisdiction, the policy's
 * narrowed by the call's own ({@link Jurisdiction#narrowed}), and so does where it may
 * <em>process</em> the call ({@link Target#processingScope(String)}: an inference profile's
 * geography, a deployment's data zone). A static rule: its verdict depends on the alias and the
 * jurisdiction only. {@link #verdict(Jurisdiction, Target, String)} is the one place that judges
 * where a target may take a call; the client applies the same verdict to whatever any policy placed
 * (and so to every fallback a failover may land on).
 */
final class ResidencyRule extends StandardRule {
  private final Jurisdiction residency;

  ResidencyRule(Jurisdiction residency) {
    this.residency = residency;
  }

  @Override
  public String name() {
    return StandardPolicy.RESIDENCY;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return verdict(Jurisdiction.narrowed(residency, call.options().residency()), target, call.alias());
  }

  /**
   * Null if {@code target} may take a call for {@code alias} bound to {@code j} (or to none),
   * otherwise why not. Both must lie inside: the region the target declares (where the call is
   * sent and state is kept), if it declares one, and the scope it may process the call in. With a null alias, every
   * scope the target declares must lie inside.
   */
  static String verdict(Jurisdiction j, Target target, String alias) {
    if (j == null) {
      return null;
    }
    if (target.region() == null && !target.processingScope(alias).isKnown()) {
      return "declares no region; calls bound to " + j.name() + " need one inside it";
    }
    if (target.region() != null && !j.allows(target.region())) {
      return "region " + target.region() + " is outside " + j.name();
    }
    String why = scopeVerdict(j, target.processingScope(alias));
    if (why == null && alias == null) {
      for (ProcessingScope s : target.processingScopes().values()) {
        why = scopeVerdict(j, s);
        if (why != null) {
          break;
        }
      }
    }
    return why;
  }

  private static String scopeVerdict(Jurisdiction j, ProcessingScope s) {
    if (j.allowsScope(s)) {
      return null;
    }
    switch (s.kind()) {
      case REGION:
        return "region " + s.region() + " is outside " + j.name();
      case ZONE:
        return "processed anywhere in zone " + s.cloud() + "/" + s.name() + ", which is not a zone of " + j.name();
      case GLOBAL:
        return "processed anywhere (global " + s.cloud() + "), which no jurisdiction allows";
      default:
        return "processing scope unknown: " + s.name() + "; calls bound to " + j.name()
            + " need a scope inside it";
    }
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return BoundRule.ofVerdicts(name(), (alias, kind, jurisdiction, i) -> verdict(jurisdiction, fleet.targets[i], alias));
  }
}
