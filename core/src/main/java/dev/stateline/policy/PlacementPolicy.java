/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.Operation;
import dev.stateline.placement.Placement;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for one call, which targets may take it and in what order.
 *
 * <p>The client asks its policy once per call, before the first attempt, and tries the resulting
 * {@link Placement#order()} in turn (the primary, then each fallback). A placement with no eligible
 * target fails the call with a {@link dev.stateline.error.NoEligibleTargetException} (a
 * {@link dev.stateline.error.ResidencyViolationException} if only residency stood in the way); it
 * is never silently routed elsewhere.
 *
 * <p>Most applications use {@link #standard()}, a list of {@link Rule}s, and add their own rules to
 * it. A policy can also be a lambda over the call and the targets. Whatever the policy, the client
 * never runs a call outside the jurisdiction in its {@link dev.stateline.CallOptions#residency()}
 * or in {@link Placement#residency()}: it drops such targets from the order itself (fail closed).
 *
 * <p>Implementations must be thread-safe, fast, and free of I/O: this runs on every call.
 */
@FunctionalInterface
public interface PlacementPolicy {

  /**
   * Places a call knowing only the targets.
   *
   * @param call the call, not yet placed ({@link ModelCall#target()} is null)
   * @param targets every target of the client, in the order they were declared
   * @return a placement naming only targets from {@code targets}
   */
  Placement place(ModelCall call, List<Target> targets);

  /**
   * Places a call knowing the targets' observed health. The client calls this one; the default
   * ignores the health and delegates to {@link #place(ModelCall, List)}.
   */
  default Placement place(PlacementContext context) {
    return place(context.call(), context.targets());
  }

  /**
   * Prepares the policy for one client's targets; the client calls it once, when it is built, and
   * then places every call with the result. Policies that precompute per model alias return a
   * bound copy; the default returns this policy.
   *
   * @throws IllegalArgumentException if the policy does not fit the targets (it names a target
   *     that does not exist, say)
   */
  default PlacementPolicy bind(List<Target> targets) {
    return this;
  }

  /**
   * The standard policy: hosting by statefulness, residency, capabilities, circuit breakers and
   * budget as hard rules, then affinity, declared preference, latency and price as ranking. See
   * {@link StandardPolicy}.
   */
  static StandardPolicy standard() {
    return StandardPolicy.DEFAULT;
  }

  /**
   * The simplest policy: every target that serves the alias, in the order they were declared to the
   * client; the first is the primary, the rest are fallbacks. It honours the call's
   * {@link dev.stateline.placement.Affinity}: a preferred target goes first, a pinned call gets its
   * target or nothing. It applies no other rule (the client still enforces a per-call residency).
   */
  static PlacementPolicy declarationOrder() {
    return (call, targets) -> {
      String alias = call.model();
      Operation operation = call.operation();
      boolean embeddings = operation == Operation.EMBEDDINGS;
      dev.stateline.placement.Affinity affinity = call.options().affinity();
      List<String> order = new ArrayList<>(targets.size());
      List<Placement.Decision> decisions = new ArrayList<>(targets.size());
      for (Target t : targets) {
        boolean affinityTarget = affinity != null && affinity.target().equals(t.name());
        String pinnedElsewhere = AffinityRule.verdict(affinity, affinityTarget);
        String serves = embeddings ? "embeds '" + alias + "' as '" + (t.embeds(alias) ? t.embeddingModelFor(alias) : "")
            + "' (an embedding call)" : "serves '" + alias + "' as '" + (t.serves(alias) ? t.modelFor(alias) : "") + "'";
        if (embeddings ? !t.embeds(alias) : !t.serves(alias)) {
          decisions.add(Placement.Decision.excluded(t.name(), StandardPolicy.MODEL,
              ModelRule.verdict(alias, operation, t)));
        } else if (pinnedElsewhere != null) {
          decisions.add(Placement.Decision.excluded(t.name(), StandardPolicy.AFFINITY, pinnedElsewhere));
        } else if (affinityTarget) {
          order.add(0, t.name());
          decisions.add(new Placement.Decision(t.name(), true, StandardPolicy.AFFINITY,
              serves + ", the call's " + (affinity.pinned() ? "pinned" : "preferred") + " target; processed in "
                  + t.processingScope(alias).describe()));
        } else {
          order.add(t.name());
          decisions.add(new Placement.Decision(t.name(), true, "declaration-order",
              serves + ", declared #" + order.size() + "; processed in " + t.processingScope(alias).describe()));
        }
      }
      return Placement.builder(alias, call.kind()).operation(operation).order(order).decisions(decisions).build();
    };
  }
}
