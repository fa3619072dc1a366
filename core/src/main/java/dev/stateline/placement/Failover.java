/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One move of a call from a target to the next in its placement's order, after the first target
 * failed (retries exhausted, circuit open, or too busy).
 *
 * @param from the target given up
 * @param to the target tried next
 * @param errorType the simple name of the error that made the call move on, such as
 *     {@code RateLimitedException} or {@code BulkheadFullException}
 */
public record Failover(String from, String to, String errorType) {
  public Failover {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** The failovers that a list of attempts (in order) shows: every change of target. */
  public static List<Failover> of(List<Attempt> attempts) {
    List<Failover> out = null;
    for (int i = 1; i < attempts.size(); i++) {
      Attempt prev = attempts.get(i - 1);
      Attempt next = attempts.get(i);
      if (!prev.target().equals(next.target())) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(new Failover(prev.target(), next.target(), prev.errorType()));
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }
}
