/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

/** Which OpenAI API a target calls. */
public enum OpenAiApi {
  /** {@code POST /chat/completions}: stateless; the client sends the whole conversation each time. */
  CHAT_COMPLETIONS,
  /**
   * {@code POST /responses}: can hold conversation state server-side ({@code store},
   * {@code previous_response_id}); the response id is the handle to continue from.
   */
  RESPONSES
}
