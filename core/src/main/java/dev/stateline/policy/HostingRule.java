/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.CallKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@value StandardPolicy#HOSTING}: stateless calls go to stateless hosts, stateful calls to stateful
 * runtimes, widened by the policy's allowances per kind, provider and alias. A static rule.
 */
final class HostingRule extends StandardRule {
  private final Map<CallKind, Set<Target.Hosting>> hosting;
  private final List<Allowance> allowances;

  HostingRule(Map<CallKind, Set<Target.Hosting>> hosting, List<Allowance> allowances) {
    this.hosting = hosting;
    this.allowances = allowances;
  }

  /** Calls of {@code kind} (for {@code alias}, or every alias if null) may run on {@code provider}'s targets. */
  record Allowance(String alias, CallKind kind, String provider) {}

  @Override
  public String name() {
    return StandardPolicy.HOSTING;
  }

  @Override
  public String exclude(PlacementContext call, Target target) {
    return verdict(call.alias(), call.kind(), target);
  }

  String verdict(String alias, CallKind kind, Target target) {
    Set<Target.Hosting> allowed = hosting.get(kind);
    if (allowed.contains(target.hosting())) {
      return null;
    }
    List<String> providers = new ArrayList<>();
    for (Allowance a : allowances) {
      if (a.kind == kind && (a.alias == null || a.alias.equals(alias))) {
        if (a.provider.equals(target.provider())) {
          return null;
        }
        providers.add(a.provider);
      }
    }
    return target.hosting() + " target (provider " + target.provider() + ") does not take " + kind
        + " calls; they go to " + allowed + (providers.isEmpty() ? "" : " or providers " + providers);
  }

  @Override
  BoundRule bind(Fleet fleet) {
    return BoundRule.ofVerdicts(name(), (alias, kind, jurisdiction, i) -> verdict(alias, kind, fleet.targets[i]));
  }

  @Override
  public String toString() {
    return "Rule[hosting " + hosting + (allowances.isEmpty() ? "" : " + " + allowances) + "]";
  }
}
