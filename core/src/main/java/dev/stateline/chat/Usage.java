/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

/**
 * Tokens a call consumed, as the provider reported them.
 *
 * @param inputTokens prompt tokens, cached ones included
 * @param cachedInputTokens the part of {@code inputTokens} served from the provider's prompt cache
 * @param outputTokens completion tokens, reasoning ones included
 * @param reasoningTokens the part of {@code outputTokens} spent on hidden reasoning
 */
public record Usage(long inputTokens, long cachedInputTokens, long outputTokens, long reasoningTokens) {

  /** No usage reported. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0 || cachedInputTokens < 0 || outputTokens < 0 || reasoningTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** The sum of two usages, for calls made of several requests. */
  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        cachedInputTokens + other.cachedInputTokens,
        outputTokens + other.outputTokens,
        reasoningTokens + other.reasoningTokens);
  }
}
