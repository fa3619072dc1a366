/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The portable finish reason: an answer that asks for tool calls says TOOL_CALLS whatever the API
 * reported, unless it ended for another reason; the raw value stays as the provider sent it.
 */
class FinishReasonRuleTest {

  @ParameterizedTest(name = "{0} with tool calls={1} -> {2}")
  @CsvSource({
      // reported,      tool calls, portable
      "STOP,            true,       TOOL_CALLS",   // Chat Completions with a forced tool choice says "stop"
      "TOOL_CALLS,      true,       TOOL_CALLS",
      "LENGTH,          true,       LENGTH",       // cut off mid-call: the arguments may be incomplete
      "CONTENT_FILTER,  true,       CONTENT_FILTER",
      "OTHER,           true,       OTHER",
      "STOP,            false,      STOP",
      "TOOL_CALLS,      false,      TOOL_CALLS",
  })
  void rule(FinishReason reported, boolean toolCalls, FinishReason portable) {
    Message message = toolCalls
        ? Message.assistant("", List.of(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}")))
        : Message.assistant("done");

    ChatResponse r = ChatResponse.builder().message(message).finishReason(reported).rawFinishReason("raw-value").build();

    assertThat(r.finishReason()).isEqualTo(portable);
    assertThat(r.rawFinishReason()).isEqualTo("raw-value");
    assertThat(r.toBuilder().build().finishReason()).isEqualTo(portable);
  }
}
