/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.audit;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an {@link AuditTrail}'s model-version watch remembers the last response model of each
 * target and alias, and decides who reports a change. {@link #inMemory()} (the default) forgets at
 * restart and knows only its own process; a shared implementation (such as the DynamoDB one of
 * {@code stateline-governance-dynamodb}) makes a change reported once across restarts and a whole
 * fleet.
 *
 * <p>Implementations must be thread-safe; the trail calls them on the thread that ends a call, after
 * the call's record is written.
 */
public interface ModelMemory {

  /**
   * Remembers {@code model} as the latest response model of {@code alias} on {@code target}.
   *
   * @return the model remembered before, if it differs and this caller is the one to report the
   *     change; null if there is nothing to report (the same model, the first one ever seen, or a
   *     change someone else reports)
   * @throws java.io.UncheckedIOException if a shared memory cannot be reached (no record is written)
   */
  String exchange(String target, String alias, String model);

  /** A memory of this process only: a change is reported by every process that sees it, and forgotten at restart. */
  static ModelMemory inMemory() {
    ConcurrentHashMap<String, String> models = new ConcurrentHashMap<>();
    return (target, alias, model) -> {
      Objects.requireNonNull(model, "model");
      String old = models.put(target + '\u0000' + alias, model);
      return old != null && !old.equals(model) ? old : null;
    };
  }
}
