/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock.agents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted turn of the {@link BedrockManagedAgentsEmulator}: what the agent does in answer to one
 * message, step by step (reasoning, commands, MCP calls, text), how it ends (completed with its
 * usage, failed with a code, or waiting until it is cancelled), and how its text streams.
 *
 * <pre>{@code
 * emulator.enqueue(AgentTurn.builder()
 *     .reasoning("The user wants the file list.")
 *     .command("ls /mnt/workspace", "notes.md\nreport.txt\n", 0)
 *     .text("There are two files: notes.md and report.txt.")
 *     .usage(1200, 200, 80, 30)
 *     .build());
 * }</pre>
 *
 * <p>Immutable.
 */
public final class AgentTurn {
  /** One step of a turn. */
  sealed interface Step {}

  record Reasoning(String summary) implements Step {}

  record Text(String text, String phase) implements Step {}

  record Command(String command, String output, int exitCode) implements Step {}

  record Mcp(String server, String tool, String argumentsJson, String outputJson, String error) implements Step {}

  record Pause(Duration duration) implements Step {}

  private final List<Step> steps;
  private final long[] usage;
  private final String failCode;
  private final String failMessage;
  private final boolean hang;
  private final int deltaSize;

  private AgentTurn(Builder b) {
    this.steps = List.copyOf(b.steps);
    this.usage = b.usage;
    this.failCode = b.failCode;
    this.failMessage = b.failMessage;
    this.hang = b.hang;
    this.deltaSize = b.deltaSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A turn that answers {@code text} and completes. */
  public static AgentTurn text(String text) {
    return builder().text(text).build();
  }

  /** A turn that fails with {@code code} (such as {@code sandbox_error}) and {@code message}. */
  public static AgentTurn failing(String code, String message) {
    return builder().fail(code, message).build();
  }

  /** A turn that starts and works until it is cancelled. */
  public static AgentTurn untilCancelled() {
    return builder().text("Working on it").untilCancelled().build();
  }

  List<Step> steps() {
    return steps;
  }

  /** input, cached input, output, reasoning tokens; null to count from the text. */
  long[] usage() {
    return usage == null ? null : usage.clone();
  }

  String failCode() {
    return failCode;
  }

  String failMessage() {
    return failMessage;
  }

  boolean hang() {
    return hang;
  }

  /** Characters per text delta; 0 for no deltas (only the done events carry the text). */
  int deltaSize() {
    return deltaSize;
  }

  @Override
  public String toString() {
    return "AgentTurn[" + steps.size() + " steps" + (failCode != null ? ", fails " + failCode : "")
        + (hang ? ", until cancelled" : "") + "]";
  }

  /** Builds an {@link AgentTurn}. Not thread-safe. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();
    private long[] usage;
    private String failCode;
    private String failMessage;
    private boolean hang;
    private int deltaSize = 8;

    private Builder() {}

    /** A reasoning item with this summary (streamed as summary deltas). */
    public Builder reasoning(String summary) {
      steps.add(new Reasoning(Objects.requireNonNull(summary, "summary")));
      return this;
    }

    /** An assistant message, the agent's final answer (phase {@code final_answer}). */
    public Builder text(String text) {
      steps.add(new Text(Objects.requireNonNull(text, "text"), "final_answer"));
      return this;
    }

    /** An assistant message the agent writes while it works (phase {@code commentary}). */
    public Builder commentary(String text) {
      steps.add(new Text(Objects.requireNonNull(text, "text"), "commentary"));
      return this;
    }

    /** A command the agent runs in its environment, with its output and exit code. */
    public Builder command(String command, String output, int exitCode) {
      steps.add(new Command(Objects.requireNonNull(command, "command"), output, exitCode));
      return this;
    }

    /** A call to an MCP server's tool, with its arguments and output as JSON text. */
    public Builder mcp(String server, String tool, String argumentsJson, String outputJson) {
      steps.add(new Mcp(server, tool, argumentsJson, outputJson, null));
      return this;
    }

    /** A call to an MCP server's tool that returns an error. */
    public Builder mcpError(String server, String tool, String argumentsJson, String error) {
      steps.add(new Mcp(server, tool, argumentsJson, null, Objects.requireNonNull(error, "error")));
      return this;
    }

    /** Waits before the next step (the agent at work; the stream silent). */
    public Builder pause(Duration duration) {
      steps.add(new Pause(Objects.requireNonNull(duration, "duration")));
      return this;
    }

    /** The turn's reported usage; without it, counted roughly from the texts. */
    public Builder usage(long input, long cachedInput, long output, long reasoning) {
      this.usage = new long[] {input, cachedInput, output, reasoning};
      return this;
    }

    /** Reports no usage at all (the reference calls it best-effort). */
    public Builder noUsage() {
      this.usage = new long[0];
      return this;
    }

    /** Ends the turn as failed with this code and message, after its steps. */
    public Builder fail(String code, String message) {
      this.failCode = Objects.requireNonNull(code, "code");
      this.failMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    /** After its steps the turn keeps working until a cancel event arrives. */
    public Builder untilCancelled() {
      this.hang = true;
      return this;
    }

    /** Streams text in deltas of this many characters (8 by default); 0 sends no deltas, only the done events. */
    public Builder deltaSize(int chars) {
      if (chars < 0) {
        throw new IllegalArgumentException("deltaSize must not be negative");
      }
      this.deltaSize = chars;
      return this;
    }

    public AgentTurn build() {
      return new AgentTurn(this);
    }
  }
}
