/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;

/**
 * One step of a placement decision. A rule can be a hard <em>filter</em> ({@link #exclude}: this
 * target may not take this call, because ...), a soft <em>ranking</em> ({@link #rank}: among the
 * eligible targets, prefer those with a lower key), or both.
 *
 * <p>The {@linkplain StandardPolicy standard policy} is a list of rules; add your own with
 * {@link StandardPolicy#withRule(Rule)}:
 *
 * <pre>{@code
 * Rule noBetaOnWeekends = new Rule() {
 *   public String name() { return "no-beta"; }
 *   public String exclude(PlacementContext call, Target target) {
 *     return target.name().endsWith("-beta") ? "beta targets take no production calls" : null;
 *   }
 * };
 * PlacementPolicy policy = PlacementPolicy.standard().withRule(noBetaOnWeekends);
 * }</pre>
 *
 * <p>Rules run on every call, for every target: they must be thread-safe, fast, allocation-light
 * and free of I/O. A rule that throws fails the call with a
 * {@link dev.stateline.error.StatelineException} whose cause is the rule's exception; no target is tried.
 */
public interface Rule {

  /** A short, stable name shown in {@link dev.stateline.placement.Placement.Decision#rule()}, such as {@code residency}. */
  String name();

  /**
   * Whether {@code target} may take the call.
   *
   * @return null if it may, otherwise why not: a short human-readable reason without secrets or
   *     prompt content. The default allows every target.
   */
  default String exclude(PlacementContext call, Target target) {
    return null;
  }

  /**
   * A ranking key for an eligible target: lower keys go first. Keys are compared rule by rule in
   * the policy's order, so a later rule only breaks ties of the earlier ones. The default (0) has no
   * preference.
   */
  default long rank(PlacementContext call, Target target) {
    return 0;
  }

  /**
   * A rule from a name and a filter function, for lambdas.
   *
   * @param filter returns null to allow a target, or the reason it is excluded
   */
  static Rule filter(String name, Filter filter) {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(filter, "filter");
    return new Rule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String exclude(PlacementContext call, Target target) {
        return filter.exclude(call, target);
      }

      @Override
      public String toString() {
        return "Rule[" + name + "]";
      }
    };
  }

  /**
   * A rule from a name and a ranking function, for lambdas.
   *
   * @param ranking returns a key; lower keys go first
   */
  static Rule ranking(String name, Ranking ranking) {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(ranking, "ranking");
    return new Rule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long rank(PlacementContext call, Target target) {
        return ranking.rank(call, target);
      }

      @Override
      public String toString() {
        return "Rule[" + name + "]";
      }
    };
  }

  /** The filter half of a rule, as a lambda. */
  @FunctionalInterface
  interface Filter {
    /** @return null to allow, or the reason {@code target} is excluded */
    String exclude(PlacementContext call, Target target);
  }

  /** The ranking half of a rule, as a lambda. */
  @FunctionalInterface
  interface Ranking {
    /** @return a key; lower goes first */
    long rank(PlacementContext call, Target target);
  }
}
