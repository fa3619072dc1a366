/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stateline.openai.wire.ResponseExtension;
import dev.stateline.openai.wire.ResponsesStreamDecoder;
import dev.stateline.spi.ResponseAssembler;

/**
 * Fuzzes {@link ResponsesStreamDecoder} with runs of typed Responses API events, the type in the
 * SSE {@code event:} field, in the data's {@code type}, in both or in neither (see {@link StreamRun}
 * for the contract checked).
 */
class ResponsesStreamDecoderFuzzTest {
  static final String[] EVENT_TYPES = {
    "response.created", "response.in_progress", "response.queued", "response.output_item.added",
    "response.function_call_arguments.delta", "response.output_text.delta", "response.refusal.delta",
    "response.completed", "response.incomplete", "response.failed", "error",
    "response.output_item.done", "response.content_part.added"
  };
  private static final String[] NAMES = names();

  @FuzzTest(maxDuration = "10m")
  void decodeEvents(FuzzedDataProvider data) {
    ResponseExtension.Reader ext = data.consumeBoolean() ? new ConsumingExtension() : ResponseExtension.Reader.NONE;
    ResponseAssembler assembler = new ResponseAssembler();
    StreamRun.run(data, new ResponsesStreamDecoder(assembler, ext), assembler, EVENT_TYPES, NAMES);
  }

  private static String[] names() {
    String[] base = ResponsesDecoderFuzzTest.NAMES;
    String[] extra = {"delta", "output_index", "item_id", "item"};
    String[] all = new String[base.length + extra.length + EVENT_TYPES.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    System.arraycopy(EVENT_TYPES, 0, all, base.length + extra.length, EVENT_TYPES.length);
    return all;
  }
}
