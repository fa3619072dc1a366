/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.stateline.openai.wire.ChatCompletionsDecoder;
import dev.stateline.openai.wire.DecodedResponse;
import dev.stateline.openai.wire.ResponseExtension;
import java.io.IOException;
import okio.Buffer;

/**
 * Fuzzes {@link ChatCompletionsDecoder#decode}: any body either decodes to exactly one of an answer
 * or an error, or fails with what the method documents (an {@link IOException} for malformed JSON,
 * {@link JsonDataException} for JSON of the wrong shape). Anything else escaping is a finding.
 */
class ChatCompletionsDecoderFuzzTest {
  static final String[] NAMES = {
    "id", "model", "choices", "usage", "error", "index", "message", "finish_reason", "content",
    "tool_calls", "refusal", "function_call", "function", "name", "arguments", "text", "type",
    "prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details",
    "cached_tokens", "reasoning_tokens", "param", "code", "delta", "stop", "length",
    "content_filter", "x-ext", "x-azure", "object", "chat.completion"
  };

  @FuzzTest(maxDuration = "10m")
  void decode(FuzzedDataProvider data) {
    boolean consumeUnknown = data.consumeBoolean();
    Buffer body = WireInput.body(data, NAMES);
    ResponseExtension.Reader ext = consumeUnknown ? new ConsumingExtension() : ResponseExtension.Reader.NONE;
    DecodedResponse decoded;
    try {
      decoded = ChatCompletionsDecoder.decode(JsonReader.of(body), ext);
    } catch (IOException | JsonDataException documented) {
      return;
    }
    assertThat(decoded).isNotNull();
    assertThat(decoded.isError()).isEqualTo(decoded.response() == null);
    if (!decoded.isError()) {
      assertThat(decoded.response().finishReason()).isNotNull();
      assertThat(decoded.response().usage()).isNotNull();
    }
  }
}
