/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.chat.ChatResponse;

/**
 * The provider SPI: one model endpoint that answers chat calls, synchronously or streamed.
 *
 * <p>A {@code ChatModel} is wrapped in a {@link dev.stateline.Target} and called by the client's
 * pipeline, never by applications directly; retries, failover, placement and telemetry happen around
 * it, so an implementation makes exactly one attempt per call. It must:
 *
 * <ul>
 *   <li>be thread-safe: one instance serves every concurrent call;
 *   <li>send {@link ModelCall#providerModel()} as the model name, not the alias;
 *   <li>honour {@link ModelCall#timeouts()} for connect and read, and {@link ModelCall#remaining()}
 *       as the attempt's total budget;
 *   <li>register with {@link ModelCall#cancellation()} whatever stops the work in flight;
 *   <li>throw only {@link dev.stateline.error.StatelineException} subtypes, mapped from the
 *       provider's errors, with no secret in any message;
 *   <li>end every stream with one {@link dev.stateline.chat.ChatEvent.Completed} holding the whole
 *       answer (see {@link ResponseAssembler}), or throw a
 *       {@link dev.stateline.error.ProtocolException} carrying the partial answer.
 * </ul>
 */
public interface ChatModel extends AutoCloseable {

  /** Makes one non-streamed attempt. */
  ChatResponse chat(ModelCall call);

  /**
   * Opens one streamed attempt. Returns once the provider accepted the call (HTTP headers read);
   * errors before that are thrown from here, errors after it from {@link EventSource#next()}.
   */
  EventSource stream(ModelCall call);

  /** Releases connections and threads this model owns. The default does nothing. */
  @Override
  default void close() {}
}
