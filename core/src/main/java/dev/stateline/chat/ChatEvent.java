/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;

/**
 * One event of a streamed answer. A stream yields deltas ({@link TextDelta}, {@link ToolCallDelta}),
 * possibly a {@link UsageReport}, and ends with exactly one {@link Completed} that carries the whole
 * answer assembled from the deltas. Providers that work between the question and the answer (a
 * managed agent) also say when they accepted the turn ({@link TurnAccepted}), what the model
 * thought ({@link ReasoningDelta}) and the tools they ran themselves ({@link ToolActivity}); none
 * of them is part of the answer's text.
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

  /**
   * The provider accepted the turn: from here on it runs on the provider's side (a managed agent at
   * work), and Stateline never sends it again, whatever happens to the stream. Providers whose turns
   * run on after they are accepted send it first, so that a stream opens as soon as the turn runs,
   * not when its first text arrives, which may be minutes of tool work later.
   *
   * @param sessionId the provider's session the turn belongs to
   * @param turnId the provider's id of the turn, or null if it did not say
   */
  record TurnAccepted(String sessionId, String turnId) implements ChatEvent {
    public TurnAccepted {
      Objects.requireNonNull(sessionId, "sessionId");
    }
  }

  /**
   * A piece of the model's reasoning summary, where the provider exposes one (the reasoning items
   * of a managed agent's turn). It is not part of the answer's text, and a provider that keeps its
   * reasoning to itself never sends one.
   */
  record ReasoningDelta(String text) implements ChatEvent {
    public ReasoningDelta {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
      return "ReasoningDelta[" + text.length() + " chars]";
    }
  }

  /**
   * A tool the provider ran itself while answering, such as a command a managed agent executed in
   * its execution environment or a call it made to an MCP server: reported when it starts and again
   * when it ends. Unlike a {@link ToolCallDelta}, it asks nothing of the application: the tool runs
   * (or ran) on the provider's side, and its effects stand whatever happens to the turn.
   *
   * @param id the provider's id of the tool call, the same on its start and its end
   * @param kind the provider's kind of tool, such as {@code command_execution} or {@code mcp_call}
   * @param name what was called: the command line, or {@code server.tool} for an MCP tool; may be null
   * @param status where the call stands
   * @param input the call's input as the provider reported it (MCP arguments as JSON), or null
   * @param output what the tool returned (a command's output, an MCP result as JSON), or null before
   *     it ended or when the provider reported none
   */
  record ToolActivity(String id, String kind, String name, Status status, String input, String output)
      implements ChatEvent {
    /** Where a tool call stands. */
    public enum Status {
      /** The tool was called and has not ended yet. */
      STARTED,
      /** The tool ended and reported success. */
      COMPLETED,
      /** The tool ended with a failure (an error, a non-zero exit code, or it was cut short). */
      FAILED
    }

    public ToolActivity {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(status, "status");
    }

    /** Shows the call's id, kind and status, never its name, input or output (model output). */
    @Override
    public String toString() {
      return "ToolActivity[" + id + ", " + kind + ", " + status
          + (output == null ? "" : ", " + output.length() + " chars of output") + "]";
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

  /**
   * The whole answer of an embedding call ({@code StatelineClient.embed}): the one event of the
   * source that flows back through the pipeline for such a call, as {@link Completed} is for a
   * non-streamed chat call. Never part of a chat stream; interceptors that look at answers see it
   * on embedding calls only.
   */
  record EmbeddingsCompleted(EmbeddingResponse response) implements ChatEvent {
    public EmbeddingsCompleted {
      Objects.requireNonNull(response, "response");
    }
  }
}
