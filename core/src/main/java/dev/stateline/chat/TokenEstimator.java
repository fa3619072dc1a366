/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;


/**
 * Estimates how many tokens a prompt takes, without a tokenizer: placement uses it to keep a call
 * off targets whose context window is too small and to rank targets by price; sessions use it to
 * fit their history into a token budget.
 *
 * <p>Estimates must be cheap (no I/O, no tokenizer tables): they run on the placement hot path.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {

  /** The estimated tokens of one message, its role and framing included. */
  int estimate(Message message);

  /** The estimated prompt tokens of a whole request: messages, tool definitions, response schema. */
  default int estimate(ChatRequest request) {
    long total = 3;
    for (Message m : request.messages()) {
      total += estimate(m);
    }
    for (ToolDefinition t : request.tools()) {
      total += 8 + ApproximateTokenEstimator.chars(t.name().length() + (t.description() == null ? 0 : t.description().length())
          + t.parametersSchemaJson().length());
    }
    if (request.responseFormat() instanceof ResponseFormat.JsonSchema s) {
      total += 8 + ApproximateTokenEstimator.chars(s.schemaJson().length());
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /**
   * The default: about four characters of text per token (OpenAI's rule of thumb for English; it
   * undercounts languages such as Chinese or Japanese, for which you may plug in your own), four
   * tokens of framing per message, 85 tokens for a low-detail image and 765 for any other.
   */
  static TokenEstimator approximate() {
    return ApproximateTokenEstimator.INSTANCE;
  }
}
