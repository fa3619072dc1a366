/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.openai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;

/**
 * One scripted answer of an {@link OpenAiEmulator}: text, tool calls, an HTTP error, or a fault
 * (malformed JSON, a truncated stream, an error inside a stream). The emulator renders it in the
 * wire format of the request it answers: a Chat Completions or Responses API body, streamed as
 * server-sent events when the request asked for {@code stream: true}.
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return changed copies.
 *
 * <pre>{@code
 * emulator.enqueue(Reply.rateLimited(Duration.ofMillis(20)), Reply.text("Hello"));
 * emulator.enqueue(Reply.toolCalls(Reply.call("call_1", "weather", "{\"city\":\"Oslo\"}")));
 * }</pre>
 */
public final class Reply {

  /** What a reply is. */
  public enum Kind {
    /** An answer of text. */
    TEXT,
    /** An answer of tool calls (parallel when several). */
    TOOL_CALLS,
    /** An HTTP error with an OpenAI error body. */
    ERROR,
    /** A 200 whose JSON is broken (in a stream: a broken event after some text). */
    MALFORMED_JSON,
    /** A stream cut after some text, without its end marker (a whole body cut mid-JSON). */
    TRUNCATED,
    /** Some streamed text, then an error event inside the 200 stream. */
    STREAM_ERROR,
    /** A response given verbatim. */
    RAW
  }

  /**
   * A tool call the model asks for.
   *
   * @param id the call id ({@code call_...})
   * @param name the tool's name
   * @param arguments the arguments as JSON text
   */
  public record Call(String id, String name, String arguments) {
    public Call {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  final Kind kind;
  final String text;
  final List<Call> calls;
  final int status;
  final String errorType;
  final String errorCode;
  final String errorMessage;
  final String errorParam;
  final Map<String, String> headers;
  final long[] usage;
  final String finishReason;
  final Duration headersDelay;
  final Duration eventDelay;
  final MockResponse raw;
  final UnaryOperator<MockResponse> wire;

  private Reply(Kind kind, String text, List<Call> calls, int status, String errorType, String errorCode,
      String errorMessage, String errorParam, Map<String, String> headers, long[] usage,
      String finishReason, Duration headersDelay, Duration eventDelay, MockResponse raw,
      UnaryOperator<MockResponse> wire) {
    this.kind = kind;
    this.text = text;
    this.calls = List.copyOf(calls);
    this.status = status;
    this.errorType = errorType;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.errorParam = errorParam;
    this.headers = Map.copyOf(headers);
    this.usage = usage;
    this.finishReason = finishReason;
    this.headersDelay = headersDelay;
    this.eventDelay = eventDelay;
    this.raw = raw;
    this.wire = wire;
  }

  private static Reply of(Kind kind) {
    return new Reply(kind, "", List.of(), 200, null, null, null, null, Map.of(), null, null,
        Duration.ZERO, Duration.ZERO, null, UnaryOperator.identity());
  }

  private Reply copy(String text, List<Call> calls, int status, String type, String code, String message,
      String param, Map<String, String> headers, long[] usage, String finishReason, Duration headersDelay,
      Duration eventDelay) {
    return new Reply(kind, text, calls, status, type, code, message, param, headers, usage, finishReason,
        headersDelay, eventDelay, raw, wire);
  }

  /** An answer of {@code text} (streamed in word-sized deltas when the request streams). */
  public static Reply text(String text) {
    Reply r = of(Kind.TEXT);
    return r.copy(Objects.requireNonNull(text, "text"), List.of(), 200, null, null, null, null, Map.of(),
        null, null, Duration.ZERO, Duration.ZERO);
  }

  /** A tool call for {@link #toolCalls(Call...)}. */
  public static Call call(String id, String name, String argumentsJson) {
    return new Call(id, name, argumentsJson);
  }

  /**
   * An answer of tool calls. Streamed, each call's first chunk carries its id and name, and the
   * argument fragments of several calls interleave by index.
   */
  public static Reply toolCalls(Call... calls) {
    if (calls.length == 0) {
      throw new IllegalArgumentException("give at least one call");
    }
    return of(Kind.TOOL_CALLS).copy("", Arrays.asList(calls), 200, null, null, null, null, Map.of(), null,
        null, Duration.ZERO, Duration.ZERO);
  }

  /**
   * An HTTP error with the body {@code {"error": {"message", "type", "param": null, "code"}}}.
   *
   * @param code the error code, or null
   */
  public static Reply error(int status, String type, String code, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, was " + status);
    }
    return of(Kind.ERROR).copy("", List.of(), status, type, code, message, null, Map.of(), null, null,
        Duration.ZERO, Duration.ZERO);
  }

  /** A 429 {@code rate_limit_exceeded} asking to wait {@code retryAfter}, in {@code retry-after-ms} and {@code Retry-After}. */
  public static Reply rateLimited(Duration retryAfter) {
    long ms = retryAfter.toMillis();
    long seconds = (ms + 999) / 1000;
    return error(429, "requests", "rate_limit_exceeded",
        "Rate limit reached for requests. Please try again in " + ms + "ms.")
        .withHeader("retry-after-ms", Long.toString(ms))
        .withHeader("retry-after", Long.toString(seconds));
  }

  /** A 429 {@code insufficient_quota}: the account is out of credit (waiting does not help). */
  public static Reply insufficientQuota() {
    return error(429, "insufficient_quota", "insufficient_quota",
        "You exceeded your current quota, please check your plan and billing details.");
  }

  /** A 5xx {@code server_error}, such as 500 or 503. */
  public static Reply serverError(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("a server error status is 5xx, was " + status);
    }
    return error(status, "server_error", null,
        status == 503 ? "The engine is currently overloaded, please try again later."
            : "The server had an error while processing your request. Sorry about that!");
  }

  /** A 200 with broken JSON; streamed, one good text event then a broken one. */
  public static Reply malformedJson() {
    return of(Kind.MALFORMED_JSON).copy("Hel", List.of(), 200, null, null, null, null, Map.of(), null, null,
        Duration.ZERO, Duration.ZERO);
  }

  /** A stream of {@code partialText} that stops without its end marker (no finish, usage or {@code [DONE]}). */
  public static Reply truncatedStream(String partialText) {
    return of(Kind.TRUNCATED).copy(Objects.requireNonNull(partialText, "partialText"), List.of(), 200, null,
        null, null, null, Map.of(), null, null, Duration.ZERO, Duration.ZERO);
  }

  /**
   * A 200 stream of {@code partialText} followed by an error inside the stream
   * ({@code {"error": {...}}} for Chat Completions, an {@code error} event for the Responses API).
   */
  public static Reply streamError(String partialText, String type, String code, String message) {
    return of(Kind.STREAM_ERROR).copy(Objects.requireNonNull(partialText, "partialText"), List.of(), 200, type,
        code, message, null, Map.of(), null, null, Duration.ZERO, Duration.ZERO);
  }

  /** {@code response}, exactly as given. */
  public static Reply raw(MockResponse response) {
    return new Reply(Kind.RAW, "", List.of(), response.getCode(), null, null, null, null, Map.of(), null, null,
        Duration.ZERO, Duration.ZERO, Objects.requireNonNull(response, "response"), UnaryOperator.identity());
  }

  /** A copy with one more response header. */
  public Reply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return copy(text, calls, status, errorType, errorCode, errorMessage, errorParam, h, usage, finishReason,
        headersDelay, eventDelay);
  }

  /** A copy whose error names the parameter it blames. */
  public Reply withParam(String param) {
    return copy(text, calls, status, errorType, errorCode, errorMessage, param, headers, usage, finishReason,
        headersDelay, eventDelay);
  }

  /** A copy reporting this usage instead of the emulator's word counts. */
  public Reply withUsage(long inputTokens, long cachedTokens, long outputTokens, long reasoningTokens) {
    return copy(text, calls, status, errorType, errorCode, errorMessage, errorParam, headers,
        new long[] {inputTokens, cachedTokens, outputTokens, reasoningTokens}, finishReason, headersDelay,
        eventDelay);
  }

  /**
   * A copy with another Chat Completions finish reason ({@code length}, {@code content_filter}); the
   * Responses API renders {@code length} as status {@code incomplete} with reason
   * {@code max_output_tokens}, {@code content_filter} with reason {@code content_filter}.
   */
  public Reply withFinishReason(String finishReason) {
    return copy(text, calls, status, errorType, errorCode, errorMessage, errorParam, headers, usage,
        finishReason, headersDelay, eventDelay);
  }

  /** A copy whose response headers arrive only after {@code delay} (to trip read timeouts). */
  public Reply withHeadersDelay(Duration delay) {
    return copy(text, calls, status, errorType, errorCode, errorMessage, errorParam, headers, usage,
        finishReason, Objects.requireNonNull(delay, "delay"), eventDelay);
  }

  /**
   * A copy whose stream pauses {@code delay} before each event, so a client can stop it midway; see
   * {@link OpenAiEmulator#clientDisconnects()}.
   */
  public Reply withEventDelay(Duration delay) {
    return copy(text, calls, status, errorType, errorCode, errorMessage, errorParam, headers, usage,
        finishReason, headersDelay, Objects.requireNonNull(delay, "delay"));
  }

  /**
   * A copy whose rendered response is changed by {@code fault} before it is served, for faults on
   * the wire: see {@link dev.stateline.testing.faults.WireFaults} (a connection closed mid-body,
   * headers that never come, a trickling body). Applied after the reply's own header delay.
   */
  public Reply withWireFault(UnaryOperator<MockResponse> fault) {
    Objects.requireNonNull(fault, "fault");
    return new Reply(kind, text, calls, status, errorType, errorCode, errorMessage, errorParam, headers, usage,
        finishReason, headersDelay, eventDelay, raw, fault);
  }

  /** The reply without its wire fault (for emulators that relay it and apply the fault themselves). */
  public Reply withoutWireFault() {
    return new Reply(kind, text, calls, status, errorType, errorCode, errorMessage, errorParam, headers, usage,
        finishReason, headersDelay, eventDelay, raw, UnaryOperator.identity());
  }

  /** The change {@link #withWireFault} set; the identity by default. */
  public UnaryOperator<MockResponse> wireFault() {
    return wire;
  }

  public Kind kind() {
    return kind;
  }

  /** How long the response headers wait ({@link #withHeadersDelay}); zero by default. */
  public Duration headersDelay() {
    return headersDelay;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    parts.add(kind.name());
    if (status != 200) {
      parts.add("status=" + status);
    }
    if (errorCode != null) {
      parts.add("code=" + errorCode);
    }
    if (!calls.isEmpty()) {
      parts.add(calls.size() + " call(s)");
    }
    return "Reply" + parts;
  }
}
