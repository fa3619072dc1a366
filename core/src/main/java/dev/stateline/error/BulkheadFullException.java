/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

/**
 * A target already runs as many calls as its {@link dev.stateline.Target#maxConcurrentCalls()}
 * allows. The call is not sent there; it fails over to the next target of its placement, and this
 * error reaches the caller only if no target is left. Retryable: a later call may find room.
 */
public class BulkheadFullException extends StatelineException {
  private final int limit;

  /** @param limit the target's concurrency limit */
  public BulkheadFullException(String message, int limit) {
    super(message, ErrorInfo.NONE, true, null);
    this.limit = limit;
  }

  /** The target's concurrency limit. */
  public int limit() {
    return limit;
  }
}
