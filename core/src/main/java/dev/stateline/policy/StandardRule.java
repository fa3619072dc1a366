/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

/**
 * A built-in rule of the standard policy: a {@link Rule} like any other (its {@link #exclude} and
 * {@link #rank} answer for one target at a time) that also binds itself to a client's targets
 * ({@link #bind}), for the per-call fast path. Both answer from the same code: a rule is written
 * once, in its own class.
 */
abstract class StandardRule implements Rule {

  /** This rule bound to {@code fleet}, with whatever it can precompute per target. */
  abstract BoundRule bind(Fleet fleet);

  @Override
  public String toString() {
    return "Rule[" + name() + "]";
  }
}
