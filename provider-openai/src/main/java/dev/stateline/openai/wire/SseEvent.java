/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import java.util.Objects;

/**
 * One server-sent event, as dispatched by {@link SseReader}.
 *
 * <p>Part of the provider SPI. Immutable and thread-safe.
 *
 * @param event the {@code event:} field, or null if the event had none (the SSE default type
 *     {@code message})
 * @param data the {@code data:} lines joined with {@code \n}; never null
 * @param id the {@code id:} field, or null
 */
public record SseEvent(String event, String data, String id) {
  public SseEvent {
    Objects.requireNonNull(data, "data");
  }

  /** True for Chat Completions' end marker {@code data: [DONE]}. */
  public boolean isDone() {
    return "[DONE]".equals(data);
  }

  /** Shows the event type and the data's size, not the data (it may hold model output). */
  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", " + data.length() + " chars]";
  }
}
