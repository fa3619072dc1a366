/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.chat.Message;
import dev.stateline.chat.TokenEstimator;
import java.util.List;

/**
 * Cuts a session's history to fit its token budget ({@link SessionOptions#contextBudget()}) before
 * each turn. Only what is sent is cut: the stored history stays whole.
 *
 * <p>Implementations must be thread-safe; they run once per turn, on the sending thread.
 */
@FunctionalInterface
public interface ContextStrategy {

  /**
   * The part of {@code history} to send.
   *
   * @param history the committed history, oldest first
   * @param budgetTokens the tokens left for history once the system prompt and the new messages are
   *     counted; may be zero or negative (send as little as the strategy allows)
   * @param estimator counts tokens
   * @return the messages to send, in order; they should start at a turn boundary (a user message), so
   *     that no tool result is sent without the call it answers
   */
  List<Message> select(List<Message> history, int budgetTokens, TokenEstimator estimator);

  /**
   * Keeps every system and developer message, and the most recent whole turns (each starting at a
   * user message) that fit in the budget. A newest turn larger than the budget is dropped too.
   */
  static ContextStrategy slidingWindow() {
    return ContextStrategies.SlidingWindow.INSTANCE;
  }

  /**
   * Like {@link #slidingWindow()}, but the turns that no longer fit are replaced by a summary: the
   * window is cut to {@code budget - summaryTokens}, and the older messages go to
   * {@code summarizer}, whose text is sent as a system message before the window. Summaries are
   * cached (the last 64), so the summarizer runs once per new cut, not once per turn.
   *
   * @param summaryTokens the tokens reserved for the summary; the summarizer should keep within them
   */
  static ContextStrategy summarizing(Summarizer summarizer, int summaryTokens) {
    return new ContextStrategies.Summarizing(summarizer, summaryTokens);
  }

  /** {@link #summarizing(Summarizer, int)} reserving 500 tokens for the summary. */
  static ContextStrategy summarizing(Summarizer summarizer) {
    return summarizing(summarizer, 500);
  }

  /**
   * Summarises older turns, for example by asking a cheap model through the client (a stateless
   * call). Must be thread-safe; an exception fails the turn (and leaves the session unchanged).
   */
  @FunctionalInterface
  interface Summarizer {
    /** @return a summary of {@code olderMessages}, never null */
    String summarize(List<Message> olderMessages);
  }
}
