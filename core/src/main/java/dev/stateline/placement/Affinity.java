/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import java.util.Objects;

/**
 * A call's tie to one target, set in {@link dev.stateline.CallOptions}: sessions use it to stay on
 * the target that holds their state.
 *
 * <p>A {@linkplain #prefer preferred} target goes first whenever it is eligible; if it is not (its
 * circuit is open, say), the call runs elsewhere and the placement records the move. A
 * {@linkplain #pin pinned} call runs on its target or nowhere. Affinity never overrides a hard rule:
 * a preferred target outside the call's jurisdiction is still excluded.
 *
 * @param target the target's name
 * @param pinned true if no other target may take the call
 */
public record Affinity(String target, boolean pinned) {
  public Affinity {
    Objects.requireNonNull(target, "target");
    if (target.isBlank()) {
      throw new IllegalArgumentException("affinity needs a target name");
    }
  }

  /** Prefer {@code target}; move elsewhere when it cannot take the call. */
  public static Affinity prefer(String target) {
    return new Affinity(target, false);
  }

  /** Run on {@code target} only. */
  public static Affinity pin(String target) {
    return new Affinity(target, true);
  }
}
