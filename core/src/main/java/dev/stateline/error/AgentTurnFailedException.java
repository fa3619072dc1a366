/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.chat.ChatResponse;

/**
 * An agent accepted a turn and the turn then failed on the agent's side: the model ran out of
 * context, the agent's execution environment failed, the service was overloaded mid-turn, a safety
 * policy stopped it. The turn and its user message are part of the agent session's conversation
 * now, and whatever its tools did stands.
 *
 * <p>Not retryable, whatever the cause: Stateline never sends a turn twice. Send the message again
 * (or another) as a new turn if it still makes sense; {@link #code()} says why the turn failed.
 */
public class AgentTurnFailedException extends StatelineException {
  private final String turnId;
  private final String code;
  private final transient ChatResponse partialResponse;

  /**
   * @param turnId the provider's id of the failed turn, or null if it is not known
   * @param code the provider's failure category (such as {@code context_length_exceeded},
   *     {@code sandbox_error}), or null
   * @param partialResponse what the agent answered before the failure, or null
   */
  public AgentTurnFailedException(String message, ErrorInfo info, String turnId, String code,
      ChatResponse partialResponse, Throwable cause) {
    super(message, info, false, cause);
    this.turnId = turnId;
    this.code = code;
    this.partialResponse = partialResponse;
  }

  /** The provider's id of the failed turn, or null if it is not known. */
  public String turnId() {
    return turnId;
  }

  /** The provider's failure category, or null. */
  public String code() {
    return code;
  }

  /** What the agent answered before the turn failed, or null. */
  public ChatResponse partialResponse() {
    return partialResponse;
  }
}
