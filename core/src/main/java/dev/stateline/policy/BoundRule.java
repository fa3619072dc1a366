/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Operation;

/**
 * A rule of the standard policy bound to one client's targets ({@link Fleet}): what the policy
 * runs for every call. A rule binds once, when the client is built, and precomputes there what
 * does not change from call to call (a target's place in {@code prefer()}, its price); each call
 * then asks it about target indexes, and it may say at once that it has nothing to say about this
 * call ({@link #filtersCall}, {@link #ranksCall}).
 *
 * <p>A rule is one of three kinds, and may be both of the last two:
 *
 * <ul>
 *   <li><b>static</b> ({@link #isStatic()}): its verdict depends only on the call's alias, kind and
 *       jurisdiction, so the policy asks once per such triple ({@link #verdictFor}) and keeps the
 *       answers;
 *   <li>a <b>filter</b> ({@link #filters()}): on every call it may exclude each target that passed
 *       the rules before it ({@link #exclude});
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
  String verdictFor(String alias, CallKind kind, Jurisdiction jurisdiction, int i) {
    throw new UnsupportedOperationException(name + " is not a static rule");
  }

  /**
   * The verdict for a call of {@code operation}; the same as for any operation unless the rule
   * tells them apart (the model rule: chat aliases or embedding aliases).
   */
  String verdictFor(String alias, CallKind kind, Operation operation, Jurisdiction jurisdiction, int i) {
    return verdictFor(alias, kind, jurisdiction, i);
  }

  /** True if the rule filters: {@link #exclude} is asked on every call it {@linkplain #filtersCall applies to}. */
  boolean filters() {
    return false;
  }

  /** False if the rule excludes no target on this call, whichever it is. */
  boolean filtersCall(PlacementContext call) {
    return true;
  }

  /** Null if target {@code i} may take the call, otherwise why not. */
  String exclude(PlacementContext call, int i) {
    return null;
  }

  /** True if the rule ranks: {@link #rank} is asked on every call it {@linkplain #ranksCall applies to}. */
  boolean ranks() {
    return false;
  }

  /** False if the rule cannot tell the targets apart on this call (it ranks them all alike). */
  boolean ranksCall(PlacementContext call) {
    return true;
  }

  /** The ranking key of target {@code i}: lower goes first. */
  long rank(PlacementContext call, int i) {
    return 0;
  }

  /** A static rule: its verdicts, for one alias, kind of call and jurisdiction, target by target. */
  static BoundRule ofVerdicts(String name, Verdicts verdicts) {
    return new BoundRule(name) {
      @Override
      boolean isStatic() {
        return true;
      }

      @Override
      String verdictFor(String alias, CallKind kind, Jurisdiction jurisdiction, int i) {
        return verdicts.verdictFor(alias, kind, jurisdiction, i);
      }
    };
  }

  /** What a static rule says about target {@code i}; see {@link #verdictFor}. */
  @FunctionalInterface
  interface Verdicts {
    String verdictFor(String alias, CallKind kind, Jurisdiction jurisdiction, int i);
  }

  @Override
  public String toString() {
    return "BoundRule[" + name + "]";
  }
}
