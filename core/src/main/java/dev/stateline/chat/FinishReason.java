/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

/** Why the model stopped producing output, mapped from each provider's own vocabulary. */
public enum FinishReason {
  /** A natural end, or a stop sequence. */
  STOP,
  /** The output token limit was reached; the answer is cut short. */
  LENGTH,
  /** The model asked for tool calls. */
  TOOL_CALLS,
  /** The provider's content filter removed or stopped the output. */
  CONTENT_FILTER,
  /** A reason the provider gave that Stateline does not know; see the raw value on the response. */
  OTHER
}
