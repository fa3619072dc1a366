/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import dev.stateline.error.StatelineException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link FakeChatModel} does for one call: the answer (text, streamed chunks, tool calls, a
 * whole {@link ChatResponse}) or a failure, optionally after a delay, and optionally cut short
 * after some deltas.
 *
 * <p>The same reply serves a streamed and a non-streamed call. Streamed, it yields one
 * {@link dev.stateline.chat.ChatEvent.TextDelta} per chunk, one
 * {@link dev.stateline.chat.ChatEvent.ToolCallDelta} per tool call, a
 * {@link dev.stateline.chat.ChatEvent.UsageReport}, then one
 * {@link dev.stateline.chat.ChatEvent.Completed} with the assembled answer. Non-streamed, the call
 * returns that answer.
 *
 * <p>Immutable and thread-safe: the modifiers return changed copies. Every argument must be
 * non-null unless said otherwise. Note that a {@link StatelineException} is mutable (the client
 * records its route on it), so script a fresh instance for every failing call, for example from
 * {@link FakeErrors}.
 */
public final class FakeReply {
  private static final FakeReply ECHO = new FakeReply(Kind.ECHO, List.of(), List.of(), null, null, null,
      Duration.ZERO, -1, Cut.NONE, null);

  enum Kind { ECHO, CHUNKS, TOOL_CALLS, RESPONSE, FAILURE }

  /** How a reply ends early, if it does. */
  enum Cut { NONE, TRUNCATE, FAIL, HANG }

  final Kind kind;
  final List<String> chunks;
  final List<ToolCall> toolCalls;
  final ChatResponse response;
  final StatelineException failure;
  final Usage usage;
  final Duration delay;
  final int cutAfter;
  final Cut cut;
  final StatelineException cutError;

  private FakeReply(Kind kind, List<String> chunks, List<ToolCall> toolCalls, ChatResponse response,
      StatelineException failure, Usage usage, Duration delay, int cutAfter, Cut cut, StatelineException cutError) {
    this.kind = kind;
    this.chunks = chunks;
    this.toolCalls = toolCalls;
    this.response = response;
    this.failure = failure;
    this.usage = usage;
    this.delay = delay;
    this.cutAfter = cutAfter;
    this.cut = cut;
    this.cutError = cutError;
  }

  /** Answers with the text of the call's last user message (empty if there is none). */
  public static FakeReply echo() {
    return ECHO;
  }

  /** Answers with {@code text}, streamed as one chunk (none if empty). */
  public static FakeReply text(String text) {
    Objects.requireNonNull(text, "text");
    return chunks(text.isEmpty() ? new String[0] : new String[] {text});
  }

  /** Answers with the chunks joined, streamed one {@code TextDelta} per chunk. */
  public static FakeReply chunks(String... chunks) {
    List<String> list = List.copyOf(Arrays.asList(chunks));
    return new FakeReply(Kind.CHUNKS, list, List.of(), null, null, null, Duration.ZERO, -1, Cut.NONE, null);
  }

  /**
   * Answers by asking for one tool call, with finish reason {@code TOOL_CALLS}. The call's id is
   * {@code call_<n>_0}, where {@code n} is the fake's call number (1-based).
   */
  public static FakeReply toolCall(String toolName, String argumentsJson) {
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    return toolCalls(new ToolCall("", toolName, argumentsJson));
  }

  /**
   * Answers by asking for these tool calls, with finish reason {@code TOOL_CALLS}. A call with an
   * empty id gets {@code call_<n>_<index>}.
   */
  public static FakeReply toolCalls(ToolCall... calls) {
    if (calls.length == 0) {
      throw new IllegalArgumentException("a tool-call reply needs at least one tool call");
    }
    return new FakeReply(Kind.TOOL_CALLS, List.of(), List.copyOf(Arrays.asList(calls)), null, null, null,
        Duration.ZERO, -1, Cut.NONE, null);
  }

  /**
   * Answers with exactly {@code response} (the client still stamps target, placement and attempts
   * on it). Streamed, its text comes as one delta and each tool call as one delta.
   */
  public static FakeReply response(ChatResponse response) {
    Objects.requireNonNull(response, "response");
    return new FakeReply(Kind.RESPONSE, List.of(), List.of(), response, null, null, Duration.ZERO, -1, Cut.NONE, null);
  }

  /** Fails the call with {@code error}, thrown from {@code chat} or {@code stream} before any event. */
  public static FakeReply failure(StatelineException error) {
    Objects.requireNonNull(error, "error");
    return new FakeReply(Kind.FAILURE, List.of(), List.of(), null, error, null, Duration.ZERO, -1, Cut.NONE, null);
  }

  /**
   * Waits {@code delay} before answering (before {@code stream} returns, for a streamed call). The
   * wait honours the call: if the call's {@linkplain dev.stateline.spi.ModelCall#remaining() time
   * left} is shorter, the call fails with a {@code CallTimeoutException} of kind {@code TOTAL} once
   * it runs out; if the call is cancelled meanwhile, it fails at once with a
   * {@code CallCancelledException}.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public FakeReply delayedBy(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    return new FakeReply(kind, chunks, toolCalls, response, failure, usage, delay, cutAfter, cut, cutError);
  }

  /**
   * Reports {@code usage} instead of the default count (input: words in the request's messages;
   * output: words in the answer's text and tool-call arguments). Ignored by {@link #response} and
   * {@link #failure} replies.
   */
  public FakeReply withUsage(Usage usage) {
    Objects.requireNonNull(usage, "usage");
    return new FakeReply(kind, chunks, toolCalls, response, failure, usage, delay, cutAfter, cut, cutError);
  }

  /**
   * Cuts the answer after {@code deltas} deltas, as a broken connection would: the call fails with a
   * {@code ProtocolException} whose {@code partialResponse()} holds what was sent. The exception is
   * retryable only when nothing was sent. With {@code deltas} at or above the number of deltas the
   * reply has, all of them are sent and the stream breaks just before its usage and completion.
   * The same cut applies to a non-streamed call, as a body cut short.
   */
  public FakeReply truncatedAfter(int deltas) {
    return cut(deltas, Cut.TRUNCATE, null);
  }

  /** Fails the call with {@code error} after {@code deltas} deltas. */
  public FakeReply failingAfter(int deltas, StatelineException error) {
    return cut(deltas, Cut.FAIL, Objects.requireNonNull(error, "error"));
  }

  /**
   * Sends {@code deltas} deltas, then stalls until the stream is closed or the call is cancelled
   * ({@code CallCancelledException}) or its total timeout passes: like a provider's stream, a
   * {@code ProtocolException} keeping the partial answer, caused by a {@code CallTimeoutException}
   * of kind {@code TOTAL} (before the first delta, with {@code deltas} 0, that timeout itself).
   */
  public FakeReply hangingAfter(int deltas) {
    return cut(deltas, Cut.HANG, null);
  }

  private FakeReply cut(int deltas, Cut how, StatelineException error) {
    if (kind == Kind.FAILURE) {
      throw new IllegalStateException("a failure reply sends no deltas to cut");
    }
    if (deltas < 0) {
      throw new IllegalArgumentException("deltas must not be negative, was " + deltas);
    }
    return new FakeReply(kind, chunks, toolCalls, response, failure, usage, delay, deltas, how, error);
  }

  /** Describes the reply's shape, never its text. */
  @Override
  public String toString() {
    return "FakeReply[" + kind + (delay.isZero() ? "" : ", delay=" + delay)
        + (cut == Cut.NONE ? "" : ", " + cut + " after " + cutAfter) + "]";
  }
}
