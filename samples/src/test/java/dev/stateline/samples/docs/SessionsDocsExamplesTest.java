/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.openai.OpenAi;
import dev.stateline.openai.OpenAiApi;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.ContextStrategy;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.session.file.FileSessionStore;
import dev.stateline.testing.emulators.EmulatedClouds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/sessions.md, run on the emulated clouds: sessions on Bedrock, stores, server-held state. */
class SessionsDocsExamplesTest {

  @Test
  void aSessionOnTheStatefulRuntime_keptInAFileStore(@TempDir Path sessionsDirectory) {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start()) {
      Target azure = clouds.azureTarget("azure-swc", "swedencentral");
      Target bedrock = clouds.bedrockTarget("aws-fra", "eu-central-1");
      StatelineClient client;
      client = StatelineClient.builder()
          .target(azure)
          .target(bedrock)
          .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
          .sessionStore(FileSessionStore.builder(sessionsDirectory).ttl(Duration.ofDays(30)).build())
          .build();

      try (Session session = client.session("case-4711")) {
        ChatResponse first = session.send("Summarise clause 7.");
        ChatResponse second = session.send("And what does it mean for the tenant?");
        List<Message> history = session.history(); // 4 messages: two questions, two answers
      }
      assertThat(client.sessionStore().load("case-4711").orElseThrow().messages()).hasSize(4);
      assertThat(clouds.bedrock("eu-central-1").requestCount()).isEqualTo(2);
      client.close();
    }
  }

  @Test
  void theStoreLists_loads_andDeletesSessions(@TempDir Path dir) {
    try (EmulatedClouds clouds = EmulatedClouds.builder().bedrock("eu-central-1").start();
        StatelineClient client = StatelineClient.builder().target(clouds.bedrockTarget("aws-fra", "eu-central-1"))
            .sessionStore(FileSessionStore.open(dir)).build()) {
      client.session("case-1").send("Hello");

      SessionStore store = client.sessionStore();
      List<String> ids = store.list();
      SessionState state = store.load("case-1").orElseThrow();   // version, turns (with their targets), timestamps
      boolean deleted = store.delete("case-1");

      assertThat(ids).containsExactly("case-1");
      assertThat(state.messages()).hasSize(2);
      assertThat(deleted).isTrue();
    }
  }

  @Test
  void sessionOptions_streamedTurns_andToolCalls() {
    try (EmulatedClouds clouds = EmulatedClouds.builder().bedrock("eu-central-1").start();
        StatelineClient client = StatelineClient.builder().target(clouds.bedrockTarget("aws-fra", "eu-central-1")).build()) {
      SessionOptions options = SessionOptions.builder()
          .model("gpt-4.1")
          .systemPrompt("You are a careful contract lawyer.")
          .contextBudget(8_000)
          .contextStrategy(ContextStrategy.slidingWindow())
          .callOptions(CallOptions.builder().tenant("acme").build())
          .build();
      Session session = client.session("case-4711", options);

      StringBuilder out = new StringBuilder();
      try (ChatStream stream = session.stream("Draft a reply to the landlord.")) {
        for (ChatEvent e : stream) {
          if (e instanceof ChatEvent.TextDelta d) {
            out.append(d.text());
          }
        }
      }
      assertThat(out).isNotEmpty();

      ChatResponse answer = session.send("What is the weather in Oslo?");
      while (!answer.toolCalls().isEmpty()) {
        ToolCall call = answer.toolCalls().get(0);
        answer = session.send(Message.tool(call.id(), runTool(call)));
      }
      assertThat(answer.text()).isNotEmpty();
      assertThat(clouds.bedrock("eu-central-1").requests().get(1).at("system", 0, "text"))
          .isEqualTo("You are a careful contract lawyer.");
      session.close();
    }
  }

  private static String runTool(ToolCall call) {
    return "{\"temperature\": 4}";
  }

  @Test
  void aSummarizingContextStrategy_asksTheModelForTheSummary() {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start();
        StatelineClient client = StatelineClient.builder().target(clouds.azureTarget("azure-swc", "swedencentral"))
            .target(clouds.bedrockTarget("aws-fra", "eu-central-1")).build()) {
      ContextStrategy summarizing = ContextStrategy.summarizing(older -> client.chat(ChatRequest.builder()
          .model("gpt-4.1")
          .systemMessage("Summarise this conversation in a few sentences.")
          .userMessage(older.stream().map(m -> m.role() + ": " + m.text()).collect(Collectors.joining("\n")))
          .build()).text());

      try (Session session = client.session("long-case",
          SessionOptions.builder().contextBudget(60).contextStrategy(summarizing).build())) {
        for (int i = 0; i < 6; i++) {
          session.send("Turn " + i + " of a conversation that grows beyond its budget of tokens.");
        }
      }
      assertThat(clouds.azure("swedencentral").requestCount()).isPositive();   // the summaries
    }
  }

  @Test
  void aServerHeldSession_onTheResponsesApi() {
    try (EmulatedClouds clouds = EmulatedClouds.builder().openAi("us").start()) {
      Target openai = OpenAi.target("openai").apiKey(clouds.openAi().apiKey()).baseUrl(clouds.openAi().baseUrl())
          .model("gpt-4.1").api(OpenAiApi.RESPONSES).build();
      try (StatelineClient withOpenAi = StatelineClient.builder().target(openai)
          .placement(PlacementPolicy.standard().allowProvider(CallKind.STATEFUL, "openai")).build()) {
        Session session = withOpenAi.session("support-42", SessionOptions.builder().serverHeld(true).build());
        session.send("My order has not arrived.");
        ChatResponse next = session.send("It was order 1234.");

        assertThat(clouds.openAi().lastRequest().at("previous_response_id")).asString().startsWith("resp_emu_");
        assertThat(next.text()).contains("It was order 1234.");
      }
    }
  }
}
