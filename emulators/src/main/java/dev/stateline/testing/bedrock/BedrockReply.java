/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import okio.Buffer;

/**
 * One scripted answer of the {@link BedrockEmulator}: what the next Converse or ConverseStream call
 * receives. Either a model answer (text and tool uses, a stop reason, usage), possibly with a fault
 * in its stream, or an HTTP error as Bedrock sends it.
 *
 * <pre>{@code
 * emulator.enqueue(BedrockReply.text("Hello"));
 * emulator.enqueue(BedrockReply.builder()
 *     .text("Let me look that up.")
 *     .toolUse("tooluse_1", "get_weather", "{\"city\":\"Berlin\"}")
 *     .stopReason("tool_use")
 *     .build());
 * emulator.enqueue(BedrockReply.throttling("Too many requests, please wait before trying again."));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class BedrockReply {

  /** A tool use in a scripted answer. */
  public record ToolUse(String toolUseId, String name, String inputJson) {
    public ToolUse {
      Objects.requireNonNull(toolUseId, "toolUseId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(inputJson, "inputJson");
    }
  }

  /** A content block of a scripted answer: text or a tool use. */
  record Block(String text, ToolUse toolUse) {}

  private final List<Block> blocks;
  private final String stopReason;
  private final Integer inputTokens;
  private final Integer outputTokens;
  private final int cacheReadInputTokens;
  private final int cacheWriteInputTokens;
  private final String requestId;
  private final int chunkSize;
  private final int errorStatus;
  private final String errorType;
  private final String errorMessage;
  private final String retryAfter;
  private final int truncateAfterEvents;
  private final int exceptionAfterEvents;
  private final String exceptionType;
  private final String exceptionMessage;
  private final boolean endless;
  private final int stallAfterEvents;
  private final Duration headersDelay;
  private final UnaryOperator<MockResponse> wireFault;

  private BedrockReply(Builder b) {
    this.blocks = List.copyOf(b.blocks);
    this.stopReason = b.stopReason;
    this.inputTokens = b.inputTokens;
    this.outputTokens = b.outputTokens;
    this.cacheReadInputTokens = b.cacheReadInputTokens;
    this.cacheWriteInputTokens = b.cacheWriteInputTokens;
    this.requestId = b.requestId;
    this.chunkSize = b.chunkSize;
    this.errorStatus = b.errorStatus;
    this.errorType = b.errorType;
    this.errorMessage = b.errorMessage;
    this.retryAfter = b.retryAfter;
    this.truncateAfterEvents = b.truncateAfterEvents;
    this.exceptionAfterEvents = b.exceptionAfterEvents;
    this.exceptionType = b.exceptionType;
    this.exceptionMessage = b.exceptionMessage;
    this.endless = b.endless;
    this.stallAfterEvents = b.stallAfterEvents;
    this.headersDelay = b.headersDelay;
    this.wireFault = b.wireFault;
  }

  /** An answer of {@code text}, stop reason {@code end_turn}. */
  public static BedrockReply text(String text) {
    return builder().text(text).build();
  }

  /** A {@code ThrottlingException}: HTTP 429. */
  public static BedrockReply throttling(String message) {
    return error(429, "ThrottlingException", message);
  }

  /** A {@code ValidationException}: HTTP 400. */
  public static BedrockReply validation(String message) {
    return error(400, "ValidationException", message);
  }

  /** A {@code ServiceUnavailableException}: HTTP 503. */
  public static BedrockReply serviceUnavailable(String message) {
    return error(503, "ServiceUnavailableException", message);
  }

  /** An {@code AccessDeniedException}: HTTP 403. */
  public static BedrockReply accessDenied(String message) {
    return error(403, "AccessDeniedException", message);
  }

  /**
   * Any Bedrock error: the status, {@code x-amzn-ErrorType: errorType:...} and a JSON body
   * {@code {"message": message}}.
   */
  public static BedrockReply error(int status, String errorType, String message) {
    return builder().httpError(status, errorType, message).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  List<Block> blocks() {
    return blocks;
  }

  /** The stop reason: as set, else {@code tool_use} if a tool is used, else {@code end_turn}. */
  String stopReason() {
    if (stopReason != null) {
      return stopReason;
    }
    for (Block b : blocks) {
      if (b.toolUse() != null) {
        return "tool_use";
      }
    }
    return "end_turn";
  }

  Integer inputTokens() {
    return inputTokens;
  }

  Integer outputTokens() {
    return outputTokens;
  }

  int cacheReadInputTokens() {
    return cacheReadInputTokens;
  }

  int cacheWriteInputTokens() {
    return cacheWriteInputTokens;
  }

  String requestId() {
    return requestId;
  }

  int chunkSize() {
    return chunkSize;
  }

  boolean isHttpError() {
    return errorStatus != 0;
  }

  int errorStatus() {
    return errorStatus;
  }

  String errorType() {
    return errorType;
  }

  String errorMessage() {
    return errorMessage;
  }

  String retryAfter() {
    return retryAfter;
  }

  int truncateAfterEvents() {
    return truncateAfterEvents;
  }

  int exceptionAfterEvents() {
    return exceptionAfterEvents;
  }

  String exceptionType() {
    return exceptionType;
  }

  String exceptionMessage() {
    return exceptionMessage;
  }

  boolean endless() {
    return endless;
  }

  int stallAfterEvents() {
    return stallAfterEvents;
  }

  UnaryOperator<MockResponse> wireFault() {
    return wireFault;
  }

  Duration headersDelay() {
    return headersDelay;
  }

  /** The answer's text blocks joined. */
  String text() {
    StringBuilder sb = new StringBuilder();
    for (Block b : blocks) {
      if (b.text() != null) {
        sb.append(b.text());
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return isHttpError()
        ? "BedrockReply[HTTP " + errorStatus + " " + errorType + "]"
        : "BedrockReply[" + blocks.size() + " block(s), stopReason=" + stopReason() + "]";
  }

  /** Builds a {@link BedrockReply}. Not thread-safe. */
  public static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private String stopReason;
    private Integer inputTokens;
    private Integer outputTokens;
    private int cacheReadInputTokens;
    private int cacheWriteInputTokens;
    private String requestId;
    private int chunkSize = 8;
    private int errorStatus;
    private String errorType;
    private String errorMessage;
    private String retryAfter;
    private int truncateAfterEvents = -1;
    private int exceptionAfterEvents = -1;
    private String exceptionType;
    private String exceptionMessage;
    private boolean endless;
    private int stallAfterEvents = -1;
    private Duration headersDelay = Duration.ZERO;
    private UnaryOperator<MockResponse> wireFault = UnaryOperator.identity();

    private Builder() {}

    /** Adds a text content block. */
    public Builder text(String text) {
      blocks.add(new Block(Objects.requireNonNull(text, "text"), null));
      return this;
    }

    /**
     * Adds a tool-use content block.
     *
     * @param inputJson the tool input, a JSON value, sent verbatim
     * @throws IllegalArgumentException if {@code inputJson} is not valid JSON
     */
    public Builder toolUse(String toolUseId, String name, String inputJson) {
      requireJson(inputJson);
      blocks.add(new Block(null, new ToolUse(toolUseId, name, inputJson)));
      return this;
    }

    /**
     * The stop reason ({@code end_turn}, {@code tool_use}, {@code max_tokens}, {@code stop_sequence},
     * {@code guardrail_intervened}, {@code content_filtered}, ...). Default: {@code tool_use} when
     * the answer uses a tool, else {@code end_turn}.
     */
    public Builder stopReason(String stopReason) {
      this.stopReason = stopReason;
      return this;
    }

    /** Token usage to report; by default words are counted, one token each. */
    public Builder usage(int inputTokens, int outputTokens) {
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      return this;
    }

    /** Prompt-cache reads to report as {@code cacheReadInputTokens} (default 0: not sent). */
    public Builder cacheReadInputTokens(int tokens) {
      this.cacheReadInputTokens = tokens;
      return this;
    }

    /** Prompt-cache writes to report as {@code cacheWriteInputTokens} (default 0: not sent). */
    public Builder cacheWriteInputTokens(int tokens) {
      this.cacheWriteInputTokens = tokens;
      return this;
    }

    /** The {@code x-amzn-RequestId} to send; by default a random UUID. */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Characters per streamed delta (text and tool input); default 8. */
    public Builder chunkSize(int chunkSize) {
      if (chunkSize < 1) {
        throw new IllegalArgumentException("chunkSize must be at least 1");
      }
      this.chunkSize = chunkSize;
      return this;
    }

    /** Makes the reply an HTTP error; see {@link BedrockReply#error(int, String, String)}. */
    public Builder httpError(int status, String errorType, String message) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("an error status is 4xx or 5xx, was " + status);
      }
      this.errorStatus = status;
      this.errorType = Objects.requireNonNull(errorType, "errorType");
      this.errorMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    /** A {@code Retry-After} header to send with an HTTP error. */
    public Builder retryAfter(String retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Cuts the connection after {@code events} complete event frames, in the middle of the next
     * frame (ConverseStream); for Converse, cuts the JSON body in the middle.
     */
    public Builder truncateAfterEvents(int events) {
      if (events < 0) {
        throw new IllegalArgumentException("events must not be negative");
      }
      this.truncateAfterEvents = events;
      return this;
    }

    /**
     * Sends an exception frame ({@code :message-type exception}) after {@code events} event frames
     * and ends the stream (ConverseStream only).
     *
     * @param exceptionType the event-stream name, such as {@code throttlingException},
     *     {@code modelStreamErrorException}, {@code validationException}
     */
    public Builder exceptionAfterEvents(int events, String exceptionType, String message) {
      if (events < 0) {
        throw new IllegalArgumentException("events must not be negative");
      }
      this.exceptionAfterEvents = events;
      this.exceptionType = Objects.requireNonNull(exceptionType, "exceptionType");
      this.exceptionMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    /**
     * After the scripted text, keeps sending a text delta every few milliseconds until the client
     * goes away (ConverseStream only), for tests that close a stream early. Capped at 30 seconds.
     */
    public Builder endless() {
      this.endless = true;
      return this;
    }

    /**
     * After {@code events} event frames, sends nothing more, keeping the connection open until the
     * client goes away or the emulator closes (ConverseStream only; capped at 30 seconds), for tests
     * of read timeouts.
     */
    public Builder stallAfterEvents(int events) {
      if (events < 0) {
        throw new IllegalArgumentException("events must not be negative");
      }
      this.stallAfterEvents = events;
      return this;
    }

    /** Waits this long before sending the response headers, for tests of timeouts. */
    public Builder headersDelay(Duration delay) {
      this.headersDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * Changes the rendered response with {@code fault} before it is served, for faults on the wire:
     * see {@link dev.stateline.testing.faults.WireFaults} (a connection closed mid-body, headers that
     * never come, a trickling body, another body or content type). Applied last.
     */
    public Builder wireFault(UnaryOperator<MockResponse> fault) {
      this.wireFault = Objects.requireNonNull(fault, "fault");
      return this;
    }

    public BedrockReply build() {
      if (errorStatus == 0 && blocks.isEmpty()) {
        blocks.add(new Block("", null));
      }
      return new BedrockReply(this);
    }

    private static void requireJson(String json) {
      Objects.requireNonNull(json, "inputJson");
      try (JsonReader r = JsonReader.of(new Buffer().writeUtf8(json))) {
        r.skipValue();
        if (r.peek() != JsonReader.Token.END_DOCUMENT) {
          throw new IllegalArgumentException("tool input has text after its JSON value");
        }
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("tool input is not valid JSON: " + e.getMessage(), e);
      }
    }
  }
}
