/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.error;

import dev.stateline.chat.ChatResponse;

/**
 * The provider's response broke its protocol: malformed JSON, an unexpected content type, an
 * oversized body, or a stream that ended before its end marker.
 *
 * <p>For a truncated stream, {@link #partialResponse()} holds what arrived before the cut (the text,
 * and tool calls as far as their arguments arrived), so nothing the caller already saw is lost. A stream cut before its first event
 * is retryable; malformed content is not.
 */
public class ProtocolException extends StatelineException {
  private final transient ChatResponse partialResponse;

  public ProtocolException(
      String message, ErrorInfo info, boolean retryable, ChatResponse partialResponse, Throwable cause) {
    super(message, info, retryable, cause);
    this.partialResponse = partialResponse;
  }

  /** What arrived before a stream was cut, or null. */
  public ChatResponse partialResponse() {
    return partialResponse;
  }

  /** The text that arrived before a stream was cut; empty if none. */
  public String partialText() {
    return partialResponse == null ? "" : partialResponse.text();
  }
}
