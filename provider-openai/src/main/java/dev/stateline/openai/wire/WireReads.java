/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.wire;

import com.squareup.moshi.JsonReader;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Usage;
import dev.stateline.openai.internal.JsonIo;
import java.io.IOException;

/** Reads shared by the decoders: usage objects and finish reasons. */
final class WireReads {
  private WireReads() {}

  private static final JsonReader.Options CHAT_USAGE = JsonReader.Options.of(
      "prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details");
  private static final JsonReader.Options RESPONSES_USAGE = JsonReader.Options.of(
      "input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details");
  private static final JsonReader.Options CACHED = JsonReader.Options.of("cached_tokens");
  private static final JsonReader.Options REASONING = JsonReader.Options.of("reasoning_tokens");

  /** Reads a Chat Completions {@code usage} object, or null for JSON null. */
  static Usage chatUsage(JsonReader reader) throws IOException {
    return usage(reader, CHAT_USAGE);
  }

  /** Reads a Responses API {@code usage} object, or null for JSON null. */
  static Usage responsesUsage(JsonReader reader) throws IOException {
    return usage(reader, RESPONSES_USAGE);
  }

  private static Usage usage(JsonReader reader, JsonReader.Options names) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return null;
    }
    long input = 0;
    long output = 0;
    long cached = 0;
    long reasoning = 0;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(names)) {
        case 0 -> input = JsonIo.nextLongOrZero(reader);
        case 1 -> output = JsonIo.nextLongOrZero(reader);
        case 2 -> cached = detail(reader, CACHED);
        case 3 -> reasoning = detail(reader, REASONING);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    // Keep the parts within their totals even if a provider reports them oddly.
    return new Usage(input, Math.min(cached, input), output, Math.min(reasoning, output));
  }

  private static long detail(JsonReader reader, JsonReader.Options name) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return 0;
    }
    long value = 0;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.selectName(name) == 0) {
        value = JsonIo.nextLongOrZero(reader);
      } else {
        reader.skipName();
        reader.skipValue();
      }
    }
    reader.endObject();
    return value;
  }

  /** Maps a Chat Completions {@code finish_reason}. */
  static FinishReason chatFinishReason(String raw) {
    if (raw == null) {
      return null;
    }
    return switch (raw) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /**
   * Maps a Responses API {@code status} and {@code incomplete_details.reason}.
   *
   * @param hasToolCalls whether the output holds function calls
   */
  static FinishReason responsesFinishReason(String status, String incompleteReason, boolean hasToolCalls) {
    if (status == null || "completed".equals(status)) {
      return hasToolCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
    }
    if ("incomplete".equals(status)) {
      if ("max_output_tokens".equals(incompleteReason)) {
        return FinishReason.LENGTH;
      }
      if ("content_filter".equals(incompleteReason)) {
        return FinishReason.CONTENT_FILTER;
      }
    }
    return FinishReason.OTHER;
  }

  /** The raw finish reason kept for a Responses API answer: the incomplete reason, else the status. */
  static String responsesRawFinishReason(String status, String incompleteReason) {
    return incompleteReason != null ? incompleteReason : status;
  }
}
