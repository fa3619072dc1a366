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
import dev.stateline.openai.wire.DecodedResponse;
import dev.stateline.openai.wire.ResponseExtension;
import dev.stateline.openai.wire.ResponsesDecoder;
import java.io.IOException;
import okio.Buffer;

/**
 * Fuzzes {@link ResponsesDecoder#decode}: any body either decodes to exactly one of an answer
 * or an error, or fails with what the method documents (an {@link IOException} for malformed JSON,
 * {@link JsonDataException} for JSON of the wrong shape). Anything else escaping is a finding.
 */
class ResponsesDecoderFuzzTest {
  static final String[] NAMES = {
    "id", "model", "status", "output", "usage", "error", "incomplete_details", "type", "call_id",
    "name", "arguments", "content", "text", "refusal", "reason", "message", "function_call",
    "output_text", "completed", "incomplete", "failed", "in_progress", "max_output_tokens",
    "content_filter", "input_tokens", "output_tokens", "input_tokens_details",
    "output_tokens_details", "cached_tokens", "reasoning_tokens", "code", "param", "reasoning",
    "x-ext", "object", "response"
  };

  @FuzzTest(maxDuration = "10m")
  void decode(FuzzedDataProvider data) {
    boolean consumeUnknown = data.consumeBoolean();
    Buffer body = WireInput.body(data, NAMES);
    ResponseExtension.Reader ext = consumeUnknown ? new ConsumingExtension() : ResponseExtension.Reader.NONE;
    DecodedResponse decoded;
    try {
      decoded = ResponsesDecoder.decode(JsonReader.of(body), ext);
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
