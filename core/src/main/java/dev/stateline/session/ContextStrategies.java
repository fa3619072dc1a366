/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.TokenEstimator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The built-in {@link ContextStrategy} implementations. */
final class ContextStrategies {
  private ContextStrategies() {}

  static boolean pinned(Message m) {
    return m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER;
  }

  /** The index where the window of whole turns fitting {@code budget} starts (history.size() if none). */
  static int windowStart(List<Message> history, int budget, TokenEstimator estimator) {
    int remaining = budget;
    for (Message m : history) {
      if (pinned(m)) {
        remaining -= estimator.estimate(m);
      }
    }
    int start = history.size();
    long used = 0;
    for (int i = history.size() - 1; i >= 0; i--) {
      Message m = history.get(i);
      if (pinned(m)) {
        continue;
      }
      used += estimator.estimate(m);
      if (used > remaining) {
        break;
      }
      if (m.role() == Role.USER) {
        start = i;
      }
    }
    return start;
  }

  static List<Message> assemble(List<Message> history, int start, Message summary) {
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < start; i++) {
      if (pinned(history.get(i))) {
        out.add(history.get(i));
      }
    }
    if (summary != null) {
      out.add(summary);
    }
    out.addAll(history.subList(start, history.size()));
    return out;
  }

  static final class SlidingWindow implements ContextStrategy {
    static final SlidingWindow INSTANCE = new SlidingWindow();

    @Override
    public List<Message> select(List<Message> history, int budgetTokens, TokenEstimator estimator) {
      return assemble(history, windowStart(history, budgetTokens, estimator), null);
    }

    @Override
    public String toString() {
      return "ContextStrategy.slidingWindow()";
    }
  }

  static final class Summarizing implements ContextStrategy {
    private static final int CACHE = 64;
    private final Summarizer summarizer;
    private final int summaryTokens;
    private final Map<List<Message>, String> cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<List<Message>, String> eldest) {
        return size() > CACHE;
      }
    };

    Summarizing(Summarizer summarizer, int summaryTokens) {
      this.summarizer = Objects.requireNonNull(summarizer, "summarizer");
      if (summaryTokens < 1) {
        throw new IllegalArgumentException("summaryTokens must be positive, was " + summaryTokens);
      }
      this.summaryTokens = summaryTokens;
    }

    @Override
    public List<Message> select(List<Message> history, int budgetTokens, TokenEstimator estimator) {
      int whole = windowStart(history, budgetTokens, estimator);
      boolean droppedAny = false;
      for (int i = 0; i < whole; i++) {
        if (!pinned(history.get(i))) {
          droppedAny = true;
          break;
        }
      }
      if (!droppedAny) {
        return assemble(history, whole, null);
      }
      int start = windowStart(history, budgetTokens - summaryTokens, estimator);
      List<Message> older = new ArrayList<>();
      for (int i = 0; i < start; i++) {
        if (!pinned(history.get(i))) {
          older.add(history.get(i));
        }
      }
      List<Message> key = List.copyOf(older);
      String summary;
      synchronized (cache) {
        summary = cache.get(key);
      }
      if (summary == null) {
        summary = Objects.requireNonNull(summarizer.summarize(key), "the summarizer returned null");
        synchronized (cache) {
          cache.put(key, summary);
        }
      }
      return assemble(history, start, Message.system("Summary of the earlier conversation:\n" + summary));
    }

    @Override
    public String toString() {
      return "ContextStrategy.summarizing(" + summaryTokens + " tokens)";
    }
  }
}
