/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;

/**
 * The provider SPI for embeddings: one endpoint that turns a batch of texts into vectors. The
 * counterpart of {@link ChatModel}, wrapped in a {@link dev.stateline.Target} (which declares the
 * aliases it embeds) and called by the client's pipeline only.
 *
 * <p>The client splits a request into batches of at most {@link #maxInputsPerRequest} inputs and
 * calls {@link #embed} once per batch, several at once; retries, failover, placement, cost and
 * telemetry happen around it. An implementation must:
 *
 * <ul>
 *   <li>be thread-safe, and make exactly one provider request per {@code embed} call (or, for a
 *       provider that takes one text per request, one per input, sequentially);
 *   <li>send {@link ModelCall#providerModel()} as the model;
 *   <li>honour {@link ModelCall#timeouts()}, {@link ModelCall#remaining()} and register with
 *       {@link ModelCall#cancellation()};
 *   <li>return one embedding per input of the batch, indexed from 0 in batch order, or throw a
 *       {@link dev.stateline.error.ProtocolException} if the provider returned fewer, more or
 *       mis-indexed vectors;
 *   <li>throw {@link dev.stateline.error.InvalidRequestException} (before sending) for an option
 *       the model does not support, such as dimensions on a fixed-size model;
 *   <li>throw only {@link dev.stateline.error.StatelineException} subtypes, with no secret in a
 *       message.
 * </ul>
 */
public interface EmbeddingModel extends AutoCloseable {

  /**
   * Embeds one batch: {@code batch.inputs()} are at most {@link #maxInputsPerRequest} texts.
   *
   * @param call the call, placed on its target; {@link ModelCall#embeddingRequest()} is the whole
   *     request, {@code batch} the part to send now
   */
  EmbeddingResponse embed(ModelCall call, EmbeddingRequest batch);

  /**
   * The most inputs one {@link #embed} call takes for {@code providerModel}, as the provider
   * documents it (OpenAI: 2048). The default is 2048.
   */
  default int maxInputsPerRequest(String providerModel) {
    return 2048;
  }

  /** Releases connections and threads this model owns. The default does nothing. */
  @Override
  default void close() {}
}
