/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.policy;

import dev.stateline.Target;
import java.util.Arrays;
import java.util.List;

/**
 * {@value StandardPolicy#PREFERENCE}: the targets named in {@link StandardPolicy#prefer} rank first,
 * in that order. A ranking; each target's key is computed once, when the rule binds.
 */
final class PreferenceRule extends StandardRule {
  private final List<String> preferred;

  PreferenceRule(List<String> preferred) {
    this.preferred = preferred;
  }

  @Override
  public String name() {
    return StandardPolicy.PREFERENCE;
  }

  @Override
  public long rank(PlacementContext call, Target target) {
    return key(target.name());
  }

  private long key(String target) {
    int i = preferred.indexOf(target);
    return i < 0 ? preferred.size() : i;
  }

  /** @throws IllegalArgumentException if a preferred target is not one of {@code fleet}'s */
  @Override
  BoundRule bind(Fleet fleet) {
    for (String p : preferred) {
      if (fleet.indexOf(p) < 0) {
        throw new IllegalArgumentException("prefer() names target '" + p
            + "', which is not one of the client's targets " + Arrays.toString(fleet.names));
      }
    }
    long[] keys = new long[fleet.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(fleet.names[i]);
    }
    return new BoundRule(name()) {
      @Override
      boolean ranks() {
        return true;
      }

      @Override
      boolean ranksCall(PlacementContext call) {
        return !preferred.isEmpty();
      }

      @Override
      long rank(PlacementContext call, int i) {
        return keys[i];
      }
    };
  }
}
