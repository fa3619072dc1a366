/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.chat.Embedding;
import java.util.List;

/**
 * An embedding call failed after some of its batches: says which inputs were embedded (with their
 * vectors, so that they need not be sent again) and which were not. The cause is the failure of the
 * batch that ended the call, after the retries and failover the client's policy allowed; this
 * exception takes its {@link #info()} and {@link #isRetryable()} from it. The route (target,
 * placement, attempts) is recorded as on any failure.
 *
 * <p>A call whose every batch failed, or that failed before its first batch (placement, residency,
 * a full bulkhead), throws the cause's own type instead. Immutable; the message names counts, never
 * texts.
 */
public final class EmbeddingBatchException extends StatelineException {
  private final List<Embedding> embedded;
  private final List<Integer> notEmbedded;

  /**
   * @param cause the failure that ended the call
   * @param embedded the inputs embedded, each at its index in the request, in index order
   * @param notEmbedded the indexes of the inputs not embedded, ascending
   */
  public EmbeddingBatchException(StatelineException cause, List<Embedding> embedded, List<Integer> notEmbedded) {
    super(embedded.size() + " of " + (embedded.size() + notEmbedded.size()) + " inputs were embedded before a batch"
        + " failed (" + notEmbedded.size() + " were not); the batch failed with " + cause.getClass().getSimpleName()
        + " (see the cause)", cause.info(), cause.isRetryable(), cause);
    this.embedded = List.copyOf(embedded);
    this.notEmbedded = List.copyOf(notEmbedded);
  }

  /** The inputs that were embedded, each at its index in the request, in index order. */
  public List<Embedding> embedded() {
    return embedded;
  }

  /** The indexes of the inputs that were not embedded, ascending. */
  public List<Integer> notEmbedded() {
    return notEmbedded;
  }

  /** The failure that ended the call. */
  @Override
  public synchronized StatelineException getCause() {
    return (StatelineException) super.getCause();
  }
}
