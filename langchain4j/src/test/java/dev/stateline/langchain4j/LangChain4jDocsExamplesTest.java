/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import dev.stateline.StatelineClient;
import dev.stateline.testing.FakeChatModel;
import org.junit.jupiter.api.Test;

/** The code of docs/integrations/langchain4j.md, compiled and run. */
class LangChain4jDocsExamplesTest {
  interface Assistant {
    String chat(@MemoryId String conversation, @UserMessage String message);
  }

  @Test
  void theQuickStart() {
    FakeChatModel fake = new FakeChatModel().replyWith("Hello!");
    StatelineClient client = StatelineClient.builder().target(fake.asTarget("azure-swc", "gpt-4.1")).build();

    ChatModel model = StatelineChatModel.builder(client).defaultModel("gpt-4.1").build();
    Assistant assistant = AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemoryProvider(id -> MessageWindowChatMemory.builder().id(id).maxMessages(20)
            .chatMemoryStore(StatelineChatMemoryStore.of(client.sessionStore())).build())
        .build();
    String answer = assistant.chat("case-4711", "Hi");

    assertThat(answer).isEqualTo("Hello!");
    assertThat(client.sessionStore().load("case-4711")).isPresent();
    client.close();
  }
}
