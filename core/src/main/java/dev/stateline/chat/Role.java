/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

/** Who authored a {@link Message}. */
public enum Role {
  /** Instructions from the application that frame the whole conversation. */
  SYSTEM,
  /** Instructions from the developer; newer OpenAI models prefer these to {@link #SYSTEM}. */
  DEVELOPER,
  /** Input from the end user. */
  USER,
  /** Output of the model, possibly with tool calls. */
  ASSISTANT,
  /** The result of a tool call, answering an earlier assistant {@link ToolCall}. */
  TOOL
}
