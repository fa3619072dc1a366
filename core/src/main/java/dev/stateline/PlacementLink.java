/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.error.ErrorInfo;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.error.StatelineException;
import dev.stateline.internal.TargetState;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.policy.PlacementContext;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.policy.StandardPolicy;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The placement link: asks the client's {@link PlacementPolicy} where the call may run (the
 * targets' observed health included), records the {@link Placement} on the call, and fails the call
 * when no target may take it ({@link NoEligibleTargetException}, or
 * {@link ResidencyViolationException} when only residency stood in the way).
 *
 * <p>Residency fails closed whatever the policy: any target outside the call's jurisdiction or the
 * placement's (by its region or by where it may process the call) is dropped from the order, with
 * the residency rule's own verdict ({@link StandardPolicy#residencyVerdict(Jurisdiction, Target, String)}),
 * so no failover lands on a wider scope than the rules allow.
 */
final class PlacementLink implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.failover");

  private final PlacementPolicy policy;
  private final List<Target> targets;
  private final List<TargetState> states;
  private final Map<String, Target> byName;

  /** @param policy the client's policy, bound to {@code targets} */
  PlacementLink(PlacementPolicy policy, List<Target> targets, List<TargetState> states, Map<String, Target> byName) {
    this.policy = policy;
    this.targets = targets;
    this.states = states;
    this.byName = byName;
  }

  @Override
  public EventSource intercept(Chain chain) {
    RealCall realCall = RealChain.realCall(chain);
    ModelCall call = chain.call();
    realCall.startRoute(call);
    Placement placement = failClosed(call, place(call));
    realCall.placed(placement);
    realCall.listener.placementDecided(realCall, placement);
    if (!placement.hasEligibleTarget()) {
      throw placement.blockedByResidency()
          ? new ResidencyViolationException(placement)
          : new NoEligibleTargetException(placement);
    }
    return chain.proceed(call);
  }

  /** @throws StatelineException if the policy (or one of its rules) throws */
  private Placement place(ModelCall call) {
    Placement decided;
    try {
      decided = policy.place(PlacementContext.of(call, targets, states));
    } catch (StatelineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StatelineException("the placement policy failed: " + e, ErrorInfo.NONE, false, e);
    }
    if (decided == null) {
      throw new IllegalStateException("the placement policy returned null");
    }
    return decided;
  }

  /**
   * Drops from the order any target outside the call's jurisdiction or the placement's, whatever
   * the policy said, and rejects a target the client does not have.
   */
  private Placement failClosed(ModelCall call, Placement p) {
    Jurisdiction callJ = call.options().residency();
    Jurisdiction placedJ = p.residency();
    String alias = call.model();
    List<String> order = p.order();
    List<String> kept = null;
    List<Placement.Decision> decisions = null;
    for (int i = 0; i < order.size(); i++) {
      String name = order.get(i);
      Target t = byName.get(name);
      if (t == null) {
        throw new IllegalStateException("the placement policy named unknown target '" + name + "'");
      }
      String outside = StandardPolicy.residencyVerdict(callJ, t, alias);
      if (outside == null) {
        outside = StandardPolicy.residencyVerdict(placedJ, t, alias);
      }
      if (outside == null) {
        if (kept != null) {
          kept.add(name);
        }
        continue;
      }
      if (kept == null) {
        kept = new ArrayList<>(order.subList(0, i));
        decisions = new ArrayList<>(p.decisions());
      }
      LOG.atWarn().addKeyValue("call", call.callId()).addKeyValue("target", name)
          .log("the placement policy chose a target outside the call's jurisdiction ({}); dropped", outside);
      Placement.Decision d = Placement.Decision.excluded(name, StandardPolicy.RESIDENCY,
          outside + " (dropped by the client: the policy had admitted it)");
      boolean replaced = false;
      for (int k = 0; k < decisions.size(); k++) {
        if (decisions.get(k).target().equals(name)) {
          decisions.set(k, d);
          replaced = true;
        }
      }
      if (!replaced) {
        decisions.add(d);
      }
    }
    if (kept == null) {
      return p;
    }
    return p.toBuilder().order(kept).decisions(decisions).blockedByResidency(kept.isEmpty()).build();
  }
}
