/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.placement.Placement;
import java.util.stream.Collectors;

/**
 * No configured target may take the call: none serves the alias, or the placement rules excluded
 * every one. {@link #placement()} lists each target with the reason it was excluded. Never retried
 * and never silently routed elsewhere.
 */
public class NoEligibleTargetException extends StatelineException {
  public NoEligibleTargetException(Placement placement) {
    this(describe(placement), placement);
  }

  /** For subtypes with their own message. */
  protected NoEligibleTargetException(String message, Placement placement) {
    this(message, placement, ErrorInfo.NONE);
  }

  /** For subtypes with their own message and the provider's details. */
  protected NoEligibleTargetException(String message, Placement placement, ErrorInfo info) {
    super(message, info, false, null);
    route(null, placement, null);
  }

  static String describe(Placement p) {
    if (p.decisions().isEmpty()) {
      return "no target is configured for model alias '" + p.alias() + "'";
    }
    return "no eligible target for model alias '" + p.alias() + "' (" + p.kind() + "): "
        + p.exclusions().stream()
            .map(d -> d.target() + " excluded by " + d.rule() + ": " + d.reason())
            .collect(Collectors.joining("; "));
  }
}
