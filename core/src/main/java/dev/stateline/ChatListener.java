/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.StatelineException;

/**
 * Receives a streamed answer pushed from the client's executor, for
 * {@link StatelineClient#stream(dev.stateline.chat.ChatRequest, ChatListener)}.
 *
 * <p>Calls arrive one at a time, in order, on one executor thread: every event, then exactly one of
 * {@link #onComplete} or {@link #onError}. An exception thrown by {@code onEvent} or
 * {@code onComplete} ends the stream, cancels the call and completes the returned future
 * exceptionally with that exception.
 */
public interface ChatListener {

  /** Each event as it arrives, the final {@link ChatEvent.Completed} included. */
  default void onEvent(ChatEvent event) {}

  /** The whole answer, after the last event. */
  default void onComplete(ChatResponse response) {}

  /** The call failed or was cancelled; nothing follows. */
  default void onError(StatelineException error) {}
}
