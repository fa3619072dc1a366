/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stateline.openai.wire.ChatCompletionsStreamDecoder;
import dev.stateline.openai.wire.ResponseExtension;
import dev.stateline.spi.ResponseAssembler;

/**
 * Fuzzes {@link ChatCompletionsStreamDecoder} with runs of {@code chat.completion.chunk} events (see
 * {@link StreamRun} for the contract checked).
 */
class ChatCompletionsStreamDecoderFuzzTest {
  private static final String[] EVENT_TYPES = {"message", "error", "chunk"};
  private static final String[] NAMES = ChatCompletionsDecoderFuzzTest.NAMES;

  @FuzzTest(maxDuration = "10m")
  void decodeEvents(FuzzedDataProvider data) {
    boolean expectUsage = data.consumeBoolean();
    ResponseExtension.Reader ext = data.consumeBoolean() ? new ConsumingExtension() : ResponseExtension.Reader.NONE;
    ResponseAssembler assembler = new ResponseAssembler();
    StreamRun.run(data, new ChatCompletionsStreamDecoder(assembler, ext, expectUsage), assembler, EVENT_TYPES, NAMES);
  }
}
