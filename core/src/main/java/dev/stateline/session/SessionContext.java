/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.spi.EventSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * What a {@link SessionProvider}'s session gets from the client: its id, alias, options and store,
 * the targets that serve it, and the client's pipeline to run its turns through. Supplied by the
 * client; immutable and thread-safe.
 */
public interface SessionContext {

  /** The session's id, as the application named it. */
  String sessionId();

  /** The model alias the session talks to. */
  String model();

  /** The session's options, as given to {@code StatelineClient.session}. */
  SessionOptions options();

  /** The store the session keeps its record in: the options' store, else the client's. */
  SessionStore store();

  /** The client's targets that serve {@link #model()}, in the order they were declared. */
  List<Target> targets();

  /**
   * Runs one stateful call of this session through the client's pipeline: call interceptors,
   * placement (residency, affinity, budgets, circuit breakers), retries and failover, then the
   * provider; telemetry reports it as a turn of {@link #sessionId()}. Returns after the first event.
   *
   * @throws dev.stateline.error.StatelineException (a subtype) if the call fails before its first
   *     event
   */
  EventSource execute(ChatRequest request, boolean streaming, CallOptions options, Cancellation cancellation);

  /** Wraps {@code source} in the public stream type; {@code onClose} runs once when it is closed. */
  ChatStream newStream(EventSource source, Runnable onClose);

  /** The timeouts a call with {@code options} gets (its own, else the client's). */
  Timeouts timeouts(CallOptions options);

  /** The client's clock. */
  InstantSource clock();

  /**
   * Takes the session's turn lock within this client: turns of one session run one at a time. The
   * lease may be released from another thread.
   *
   * @throws IllegalStateException if this thread already holds it (a stream of the session is open)
   * @throws dev.stateline.error.CallTimeoutException if the wait outlasts {@code timeout}
   */
  TurnLease lockTurn(Duration timeout);

  /** A held turn lock; closing releases it (idempotent). */
  interface TurnLease extends AutoCloseable {
    @Override
    void close();
  }
}
