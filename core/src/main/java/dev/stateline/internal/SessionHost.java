/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatStream;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.spi.EventSource;
import java.time.InstantSource;

/** What a session needs from its client; implemented by the client. */
public interface SessionHost {

  /**
   * Runs a stateful call of session {@code sessionId} through the pipeline (returns after the first
   * event).
   */
  EventSource execute(String sessionId, ChatRequest request, boolean streaming, CallOptions options,
      Cancellation cancellation);

  /** Wraps a source in the public stream type. */
  ChatStream newStream(EventSource source, Runnable onClose);

  /** The timeouts a call with {@code options} gets. */
  Timeouts timeouts(CallOptions options);

  InstantSource clock();

  SessionLocks locks();
}
