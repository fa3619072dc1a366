/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import dev.stateline.placement.Affinity;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Operation;
import dev.stateline.placement.Placement.Decision;
import dev.stateline.placement.Placement;
import dev.stateline.spi.ModelCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StandardPolicy} bound to one client's targets: its rules, each bound once
 * ({@link BoundRule}), run in three steps on every call.
 *
 * <ol>
 *   <li>The static rules' verdicts ({@value StandardPolicy#MODEL}, {@value StandardPolicy#HOSTING},
 *       {@value StandardPolicy#RESIDENCY}) for the call's alias, kind and jurisdiction: computed once
 *       per alias and kind under the policy's jurisdiction ({@link Plan}), and once per narrower
 *       jurisdiction a call asks for;
 *   <li>the filters, in the policy's order, over the targets left;
 *   <li>the rankings, in the policy's order, over the eligible targets, ties left in declaration
 *       order.
 * </ol>
 *
 * <p>Thread-safe; the plans are kept in a bounded map.
 */
final class BoundPolicy implements PlacementPolicy {
  private static final int MAX_PLANS = 1024;

  private final StandardPolicy policy;
  private final Fleet fleet;
  private final Jurisdiction residency;
  private final BoundRule[] statics;
  private final BoundRule[] filters;
  private final BoundRule[] rankers;
  /** What an eligible target passed, for its decision: "passed hosting, residency, ...". */
  private final String passed;
  private final ConcurrentHashMap<String, AliasPlans> plans = new ConcurrentHashMap<>();
  /** The plans of embedding calls, by alias. */
  private final ConcurrentHashMap<String, AliasPlans> embeddingPlans = new ConcurrentHashMap<>();
  private volatile Narrowing lastNarrowing;

  BoundPolicy(StandardPolicy policy, List<Target> targets) {
    this.policy = policy;
    this.fleet = new Fleet(targets);
    this.residency = policy.residency();
    List<BoundRule> s = new ArrayList<>();
    List<BoundRule> f = new ArrayList<>();
    List<BoundRule> r = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Rule rule : policy.rules()) {
      BoundRule b = rule instanceof StandardRule sr ? sr.bind(fleet) : new CustomRule(rule, fleet);
      if (b.isStatic()) {
        s.add(b);
      }
      if (b.filters()) {
        f.add(b);
      }
      if (b.ranks()) {
        r.add(b);
      }
    }
    for (BoundRule b : s) {
      if (!b.name.equals(StandardPolicy.MODEL)) {
        names.add(b.name);
      }
    }
    for (BoundRule b : f) {
      names.add(b.name);
    }
    this.statics = s.toArray(new BoundRule[0]);
    this.filters = f.toArray(new BoundRule[0]);
    this.rankers = r.toArray(new BoundRule[0]);
    this.passed = "passed " + String.join(", ", names);
    Set<String> aliases = new LinkedHashSet<>();
    for (Target t : targets) {
      aliases.addAll(t.models().keySet());
    }
    for (String alias : aliases) {
      plans.put(alias, new AliasPlans(alias, Operation.CHAT));
    }
    for (Target t : targets) {
      for (String alias : t.embeddingModels().keySet()) {
        embeddingPlans.computeIfAbsent(alias, a -> new AliasPlans(a, Operation.EMBEDDINGS));
      }
    }
  }

  @Override
  public Placement place(ModelCall call, List<Target> targets) {
    return place(PlacementContext.of(call, targets));
  }

  @Override
  public PlacementPolicy bind(List<Target> targets) {
    return policy.bind(targets);
  }

  @Override
  public Placement place(PlacementContext call) {
    if (call.targets() != fleet.list && !call.targets().equals(fleet.list)) {
      return policy.bind(call.targets()).place(call);
    }
    call.estimator(policy.tokenEstimator());
    String alias = call.alias();
    CallKind kind = call.kind();
    Jurisdiction j = effectiveResidency(call.options().residency());
    Operation operation = call.operation();
    Plan plan = plan(alias, operation).forCall(kind, j);

    call.begin(plan.candidates);
    filter(call);
    int m = call.count();
    if (m > 1 && rankers.length > 0) {
      rank(call, m);
    }
    List<String> order = plan.order(call.candidates(), m);
    List<Decision> decisions = call.anyExcluded() ? merged(plan, call) : plan.decisions;
    boolean blocked = m == 0 && j != null && blockedByResidency(call, plan);
    Affinity affinity = call.options().affinity();
    return Placement.builder(alias, kind).operation(operation).order(order).decisions(decisions).residency(j)
        .affinity(affinity == null ? null : affinity.target()).blockedByResidency(blocked).build();
  }

  /** The plan's decisions, with those of the filters that excluded a target on this call. */
  private List<Decision> merged(Plan plan, PlacementContext call) {
    Decision[] all = new Decision[fleet.size()];
    for (int i = 0; i < all.length; i++) {
      Decision d = plan.excluded[i];
      if (d == null) {
        d = call.excluded(i);
      }
      all[i] = d != null ? d : plan.eligible[i];
    }
    return List.of(all);
  }

  /**
   * True if some target excluded by residency passes every filter: the call could have run, but
   * only outside its jurisdiction. Runs only when nothing is eligible.
   */
  private boolean blockedByResidency(PlacementContext call, Plan plan) {
    if (plan.outsideJurisdiction.length == 0) {
      return false;
    }
    call.begin(plan.outsideJurisdiction);
    filter(call);
    return call.count() > 0;
  }

  /** Runs the filters, in order, over the call's candidates: each keeps or excludes every one left. */
  private void filter(PlacementContext call) {
    for (BoundRule f : filters) {
      if (call.count() == 0) {
        return;
      }
      if (!f.filtersCall(call)) {
        continue;
      }
      for (int e = 0, n = call.filtering(); e < n; e++) {
        int i = call.candidate(e);
        call.at(i);
        call.keepUnless(i, f.name, f.exclude(call, i));
      }
    }
  }

  /**
   * Sorts the first {@code m} candidates by the rankings' keys, then by declaration order. A ranking
   * that cannot tell the candidates apart on this call is skipped; the sort is an insertion sort, as
   * {@code m} is small.
   */
  private void rank(PlacementContext call, int m) {
    int r = rankers.length;
    long[] keys = new long[m * r];
    boolean any = false;
    for (int k = 0; k < r; k++) {
      BoundRule ranker = rankers[k];
      if (!ranker.ranksCall(call)) {
        continue;
      }
      for (int e = 0; e < m; e++) {
        int i = call.candidate(e);
        call.at(i);
        long key = ranker.rank(call, i);
        keys[e * r + k] = key;
        any |= key != keys[k];
      }
    }
    if (!any) {
      return;
    }
    int[] eligible = call.candidates();
    long[] row = new long[r];
    for (int a = 1; a < m; a++) {
      int cur = eligible[a];
      System.arraycopy(keys, a * r, row, 0, r);
      int b = a - 1;
      while (b >= 0 && compare(keys, b * r, row, eligible[b], cur, r) > 0) {
        eligible[b + 1] = eligible[b];
        System.arraycopy(keys, b * r, keys, (b + 1) * r, r);
        b--;
      }
      eligible[b + 1] = cur;
      System.arraycopy(row, 0, keys, (b + 1) * r, r);
    }
  }

  private static int compare(long[] keys, int offset, long[] row, int left, int right, int r) {
    for (int k = 0; k < r; k++) {
      int c = Long.compare(keys[offset + k], row[k]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(left, right);
  }

  /**
   * The policy's jurisdiction narrowed by the call's ({@link Jurisdiction#narrowed}); the last
   * result is kept, as a session or a client passes the same jurisdiction call after call.
   */
  private Jurisdiction effectiveResidency(Jurisdiction callJ) {
    if (callJ == null) {
      return residency;
    }
    Narrowing last = lastNarrowing;
    if (last != null && last.call() == callJ) {
      return last.effective();
    }
    Jurisdiction j = Jurisdiction.narrowed(residency, callJ);
    lastNarrowing = new Narrowing(callJ, j);
    return j;
  }

  private AliasPlans plan(String alias, Operation operation) {
    ConcurrentHashMap<String, AliasPlans> plans = operation == Operation.EMBEDDINGS ? embeddingPlans : this.plans;
    AliasPlans p = plans.get(alias);
    if (p == null) {
      p = new AliasPlans(alias, operation);
      if (plans.size() < MAX_PLANS) {
        AliasPlans raced = plans.putIfAbsent(alias, p);
        if (raced != null) {
          p = raced;
        }
      }
    }
    return p;
  }

  /** The plans of one alias: per kind of call under the policy's jurisdiction, and the last narrower one. */
  private final class AliasPlans {
    private final String alias;
    private final Operation operation;
    private final Plan stateless;
    private final Plan stateful;
    private volatile Plan narrowedStateless;
    private volatile Plan narrowedStateful;

    AliasPlans(String alias, Operation operation) {
      this.alias = alias;
      this.operation = operation;
      this.stateless = new Plan(alias, CallKind.STATELESS, operation, residency);
      this.stateful = new Plan(alias, CallKind.STATEFUL, operation, residency);
    }

    Plan forCall(CallKind kind, Jurisdiction j) {
      boolean isStateful = kind == CallKind.STATEFUL;
      if (j == residency || j != null && j.equals(residency)) {
        return isStateful ? stateful : stateless;
      }
      Plan p = isStateful ? narrowedStateful : narrowedStateless;
      if (p == null || p.jurisdiction != j) {
        p = new Plan(alias, isStateful ? CallKind.STATEFUL : CallKind.STATELESS, operation, j);
        if (isStateful) {
          narrowedStateful = p;
        } else {
          narrowedStateless = p;
        }
      }
      return p;
    }
  }

  /** The static rules' verdicts on every target, for one alias, kind of call and jurisdiction. */
  private final class Plan {
    final Jurisdiction jurisdiction;
    /** Per target, the first static rule that excluded it, or null. */
    final Decision[] excluded;
    /** The targets no static rule excluded, in declaration order. */
    final int[] candidates;
    /** The targets excluded by residency alone (they passed the static rules before it). */
    final int[] outsideJurisdiction;
    /** Per candidate, its decision should no filter exclude it. */
    final Decision[] eligible;
    /** Every target's decision when no filter excludes any. */
    final List<Decision> decisions;
    private volatile CachedOrder cachedOrder;

    Plan(String alias, CallKind kind, Operation operation, Jurisdiction j) {
      this.jurisdiction = j;
      int n = fleet.size();
      excluded = new Decision[n];
      eligible = new Decision[n];
      Decision[] all = new Decision[n];
      int[] in = new int[n];
      int[] outside = new int[n];
      int c = 0;
      int o = 0;
      for (int i = 0; i < n; i++) {
        for (BoundRule s : statics) {
          String why = s.verdictFor(alias, kind, operation, j, i);
          if (why != null) {
            excluded[i] = Decision.excluded(fleet.names[i], s.name, why);
            break;
          }
        }
        if (excluded[i] == null) {
          in[c++] = i;
          Target t = fleet.targets[i];
          eligible[i] = Decision.eligible(fleet.names[i], "placement", operation == Operation.EMBEDDINGS
              ? "embeds '" + alias + "' as '" + t.embeddingModelFor(alias) + "' (an embedding call); processed in "
                  + t.processingScope(alias).describe() + "; " + passed
              : "serves '" + alias + "' as '" + t.modelFor(alias) + "'; processed in "
                  + t.processingScope(alias).describe() + "; " + passed);
          all[i] = eligible[i];
        } else {
          if (StandardPolicy.RESIDENCY.equals(excluded[i].rule())) {
            outside[o++] = i;
          }
          all[i] = excluded[i];
        }
      }
      candidates = Arrays.copyOf(in, c);
      outsideJurisdiction = Arrays.copyOf(outside, o);
      decisions = List.of(all);
    }

    /** The names of {@code eligible[0..m)}, reusing the last list if the order is the same. */
    List<String> order(int[] eligibleIdx, int m) {
      CachedOrder cached = cachedOrder;
      if (cached != null && cached.idx.length == m) {
        boolean same = true;
        for (int e = 0; e < m; e++) {
          if (cached.idx[e] != eligibleIdx[e]) {
            same = false;
            break;
          }
        }
        if (same) {
          return cached.names;
        }
      }
      if (m == 0) {
        return List.of();
      }
      String[] out = new String[m];
      for (int e = 0; e < m; e++) {
        out[e] = fleet.names[eligibleIdx[e]];
      }
      List<String> list = List.of(out);
      cachedOrder = new CachedOrder(Arrays.copyOf(eligibleIdx, m), list);
      return list;
    }
  }

  private record CachedOrder(int[] idx, List<String> names) {}

  private record Narrowing(Jurisdiction call, Jurisdiction effective) {}
}
