/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;

/**
 * A rule of the standard policy bound to one client's targets ({@link Fleet}): what the policy
 * runs for every call. A rule binds once, when the client is built, and precomputes there what
 * does not change from call to call (a target's place in {@code prefer()}, its price); each call
 * then works on target indexes, one rule over all candidates at a time.
 *
 * <p>A rule is one of three kinds, and may be both of the last two:
 *
 * <ul>
 *   <li><b>static</b> ({@link #isStatic()}): its verdict depends only on the call's alias, kind and
 *       jurisdiction, so the policy asks once per such triple ({@link #verdict}) and keeps the
 *       answers;
 *   <li>a <b>filter</b> ({@link #filters()}): on every call it keeps or excludes each candidate
 *       that passed the rules before it ({@link #filter});
 *   <li>a <b>ranking</b> ({@link #ranks()}): on every call it gives each eligible target a key,
 *       lower first ({@link #rank}).
 * </ul>
 *
 * <p>Thread-safe: one bound rule serves every call of its client at once.
 */
abstract class BoundRule {
  final String name;

  BoundRule(String name) {
    this.name = name;
  }

  /** True if the verdicts depend only on the alias, the kind of call and the jurisdiction. */
  boolean isStatic() {
    return false;
  }

  /**
   * The verdict of a static rule on target {@code i}: null if it may take such calls, otherwise why
   * not.
   *
   * @param jurisdiction the call's jurisdiction (the policy's, narrowed by the call's), or null
   */
  String verdict(String alias, CallKind kind, Jurisdiction jurisdiction, int i) {
    throw new UnsupportedOperationException(name + " is not a static rule");
  }

  /** True if {@link #filter} may exclude targets. */
  boolean filters() {
    return false;
  }

  /**
   * Keeps or excludes each of the call's candidates: for every {@code e} below
   * {@code call.filtering()}, {@code call.keepUnless(call.candidate(e), name, reason)}.
   */
  void filter(PlacementContext call) {}

  /** True if {@link #rank} may order targets. */
  boolean ranks() {
    return false;
  }

  /**
   * Writes the key of each candidate {@code e} below {@code call.count()} into
   * {@code keys[e * stride + column]}; lower keys go first.
   *
   * @return false, without writing, if the rule cannot tell the candidates apart on this call
   */
  boolean rank(PlacementContext call, long[] keys, int column, int stride) {
    return false;
  }

  @Override
  public String toString() {
    return "BoundRule[" + name + "]";
  }
}
