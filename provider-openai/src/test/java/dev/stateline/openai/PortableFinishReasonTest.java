/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.ToolChoice;
import dev.stateline.chat.ToolDefinition;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An answer that asks for tool calls reports TOOL_CALLS on both APIs, plain and streamed, also where
 * Chat Completions answers {@code stop} (a forced tool choice); the raw value is what the API said.
 */
class PortableFinishReasonTest {
  private final OpenAiEmulator emulator = OpenAiEmulator.create().start();
  private StatelineClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    emulator.close();
  }

  @ParameterizedTest(name = "{0}, streamed={1}: raw {2}")
  @CsvSource({
      "CHAT_COMPLETIONS, false, stop",
      "CHAT_COMPLETIONS, true,  stop",
      "CHAT_COMPLETIONS, false, tool_calls",
      "RESPONSES,        false, completed",
      "RESPONSES,        true,  completed",
  })
  void givenAForcedToolCall_thenToolCallsWhateverTheApiSaid(OpenAiApi api, boolean streamed, String raw) {
    Reply reply = Reply.toolCalls(Reply.call("call_1", "weather", "{\"city\":\"Oslo\"}"));
    emulator.enqueue(api == OpenAiApi.CHAT_COMPLETIONS ? reply.withFinishReason(raw) : reply);
    client = StatelineClient.builder().target(OpenAi.target("openai").apiKey(emulator.apiKey())
        .baseUrl(emulator.baseUrl()).model("gpt-4.1").api(api).build()).retryPolicy(RetryPolicy.none()).build();
    ChatRequest request = ChatRequest.builder().model("gpt-4.1").addMessage(dev.stateline.chat.Message.user("weather?"))
        .addTool(ToolDefinition.of("weather", "Weather", "{\"type\":\"object\"}")).toolChoice(ToolChoice.tool("weather"))
        .build();

    ChatResponse answer;
    if (streamed) {
      try (ChatStream s = client.stream(request)) {
        answer = s.response();
      }
    } else {
      answer = client.chat(request);
    }

    assertThat(answer.toolCalls()).hasSize(1);
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.rawFinishReason()).isEqualTo(raw);
  }
}
