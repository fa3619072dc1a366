/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.placement.CallKind;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.testing.openai.OpenAiEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Assistant history on the Responses API travels in the spec-valid input form: the emulator checks
 * the input items as the API reference shapes them (an assistant message with {@code output_text}
 * parts is an output item, valid input only with its id and status, which client-held history lacks).
 */
class ResponsesHistoryTest {
  private final OpenAiEmulator emulator = OpenAiEmulator.create().start();
  private StatelineClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    emulator.close();
  }

  @Test
  void givenAClientHeldSessionOnTheResponsesApi_whenTheSecondTurnSendsTheFirstAnswer_thenTheServiceAcceptsIt() {
    client = StatelineClient.builder()
        .target(OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).model("gpt-4.1")
            .api(OpenAiApi.RESPONSES).build())
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATEFUL, OpenAi.PROVIDER))
        .build();

    try (Session session = client.session("case-1")) {
      assertThat(session.send("first").text()).isEqualTo("echo: first");
      assertThat(session.send("second").text()).isEqualTo("echo: second");
    }

    List<?> input = (List<?>) emulator.lastRequest().json().get("input");
    assertThat(input.get(1)).isEqualTo(Map.of("type", "message", "role", "assistant", "content", "echo: first"));
  }

  @Test
  void givenAnAnswerWithToolCallsInTheHistory_thenItsTextAndItsCallsAreValidInputItems() {
    client = StatelineClient.builder()
        .target(OpenAi.target("openai").apiKey(emulator.apiKey()).baseUrl(emulator.baseUrl()).model("gpt-4.1")
            .api(OpenAiApi.RESPONSES).build())
        .build();

    String answer = client.chat(ChatRequest.builder().model("gpt-4.1")
        .addMessage(Message.user("weather in Oslo?"))
        .addMessage(Message.assistant("Checking.", List.of(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"))))
        .addMessage(Message.tool("call_1", "{\"c\":4}"))
        .addMessage(Message.user("and now?"))
        .build()).text();

    assertThat(answer).isEqualTo("echo: and now?");
  }
}
