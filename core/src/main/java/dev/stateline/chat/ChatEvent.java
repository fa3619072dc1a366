/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;

/**
 * One event of a streamed answer. A stream yields deltas ({@link TextDelta}, {@link ToolCallDelta}),
 * possibly a {@link UsageReport}, and ends with exactly one {@link Completed} that carries the whole
 * answer assembled from the deltas.
 *
 * <p>All events are immutable.
 */
public sealed interface ChatEvent {

  /** A piece of the answer's text. */
  record TextDelta(String text) implements ChatEvent {
    public TextDelta {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
      return "TextDelta[" + text.length() + " chars]";
    }
  }

  /**
   * A piece of a tool call. The first delta of a call carries its {@code id} and {@code name}; the
   * following ones carry more of the arguments. The assembled calls arrive on {@link Completed}.
   *
   * @param index the call's position among this answer's tool calls
   * @param id the call's id on its first delta, null afterwards
   * @param name the tool's name on its first delta, null afterwards
   * @param argumentsDelta more of the arguments' JSON text, possibly empty
   */
  record ToolCallDelta(int index, String id, String name, String argumentsDelta)
      implements ChatEvent {
    public ToolCallDelta {
      Objects.requireNonNull(argumentsDelta, "argumentsDelta");
    }

    /** Shows the call's position, id and tool name, never the arguments (model output). */
    @Override
    public String toString() {
      return "ToolCallDelta[index=" + index + ", id=" + id + ", name=" + name + ", "
          + argumentsDelta.length() + " chars]";
    }
  }

  /** Token usage, reported once the provider knows it. */
  record UsageReport(Usage usage) implements ChatEvent {
    public UsageReport {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /** The end of the stream, with the whole answer. */
  record Completed(ChatResponse response) implements ChatEvent {
    public Completed {
      Objects.requireNonNull(response, "response");
    }
  }
}
