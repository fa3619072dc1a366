/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

/**
 * Implemented by a {@link dev.stateline.spi.ChatModel} whose provider keeps the whole session
 * itself, such as a managed agent service that holds the conversation, runs tools between turns and
 * answers every turn from its own state, so that it supplies the {@link Session} the client hands
 * out instead of the client's own (which keeps the history in a {@link SessionStore} and may replay
 * it elsewhere).
 *
 * <p>The client asks for it in {@code StatelineClient.session(id, options)} when every target that
 * serves the session's model alias has a model implementing this interface; when only some do, it
 * refuses the session (an agent's state cannot move to a plain model, nor the reverse). The
 * session it returns must still run every turn through {@link SessionContext#execute}, so that
 * placement, residency, budgets, retries, telemetry, cost and audit apply to it as to any call.
 *
 * <p>Implementations must be thread-safe.
 */
public interface SessionProvider {

  /**
   * Opens the session {@code context.sessionId()}: loads it if it exists, creates it on its first
   * turn otherwise.
   *
   * @throws IllegalArgumentException if the session's options ask for what this provider cannot do
   * @throws IllegalStateException if the targets serving the alias cannot host such a session
   */
  Session openSession(SessionContext context);
}
