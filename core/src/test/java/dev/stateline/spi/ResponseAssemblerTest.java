/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.chat.Usage;
import org.junit.jupiter.api.Test;

class ResponseAssemblerTest {

  @Test
  void textDeltas_areJoinedInOrder_andTheLastUsageWins() {
    ResponseAssembler a = new ResponseAssembler().id("resp_1").model("gpt-4.1-2025").requestId("req_1").provider("openai");
    a.accept(new ChatEvent.TextDelta("Hel"));
    a.accept(new ChatEvent.UsageReport(new Usage(1, 0, 1, 0)));
    a.accept(new ChatEvent.TextDelta("lo"));
    a.accept(new ChatEvent.UsageReport(new Usage(5, 1, 2, 0)));

    ChatResponse r = a.build();

    assertThat(r.text()).isEqualTo("Hello");
    assertThat(r.usage()).isEqualTo(new Usage(5, 1, 2, 0));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.id()).isEqualTo("resp_1");
    assertThat(r.model()).isEqualTo("gpt-4.1-2025");
    assertThat(r.requestId()).isEqualTo("req_1");
    assertThat(r.provider()).isEqualTo("openai");
    assertThat(a.hasContent()).isTrue();
  }

  @Test
  void toolCallDeltas_areGroupedByIndex_withArgumentFragmentsJoined() {
    ResponseAssembler a = new ResponseAssembler();
    a.accept(new ChatEvent.ToolCallDelta(1, "call_b", "get_time", "{\"tz\":"));
    a.accept(new ChatEvent.ToolCallDelta(0, "call_a", "get_weather", "{\"city\":"));
    a.accept(new ChatEvent.ToolCallDelta(0, null, null, "\"Paris\"}"));
    a.accept(new ChatEvent.ToolCallDelta(1, null, null, "\"CET\"}"));

    ChatResponse r = a.build();

    assertThat(r.toolCalls()).containsExactly(
        new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
        new ToolCall("call_b", "get_time", "{\"tz\":\"CET\"}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.text()).isEmpty();
  }

  @Test
  void aToolCallWithoutIdOrName_getsAPositionalPlaceholder() {
    ResponseAssembler a = new ResponseAssembler();
    a.accept(new ChatEvent.ToolCallDelta(3, null, null, "{}"));

    assertThat(a.build().toolCalls()).containsExactly(new ToolCall("call_3", "", "{}"));
  }

  @Test
  void partial_keepsWhatArrived_andSaysOtherUnlessAReasonWasGiven() {
    ResponseAssembler a = new ResponseAssembler();
    assertThat(a.hasContent()).isFalse();
    a.accept(new ChatEvent.TextDelta("Half an ans"));

    assertThat(a.partial().text()).isEqualTo("Half an ans");
    assertThat(a.partial().finishReason()).isEqualTo(FinishReason.OTHER);
    assertThat(a.finishReason(FinishReason.LENGTH, "length").partial().finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(a.build().rawFinishReason()).isEqualTo("length");
  }

  @Test
  void nullIdAndModel_doNotEraseEarlierValues() {
    ResponseAssembler a = new ResponseAssembler().id("resp_1").model("m").id(null).model(null);

    assertThat(a.build().id()).isEqualTo("resp_1");
    assertThat(a.build().model()).isEqualTo("m");
  }

  @Test
  void aResponse_needsAnAssistantMessage_andDefaultsToStopAndZeroUsage() {
    assertThatNullPointerException().isThrownBy(() -> ChatResponse.builder().build());
    assertThatIllegalArgumentException().isThrownBy(() -> ChatResponse.builder().message(Message.user("x")).build())
        .withMessageContaining("assistant");

    ChatResponse r = ChatResponse.builder().message(Message.assistant("x")).build();
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(Usage.ZERO);
    assertThat(r.attempts()).isEmpty();
    assertThat(r.toBuilder().target("t").build().target()).isEqualTo("t");
    assertThat(r.target()).isNull();
  }
}
