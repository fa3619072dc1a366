/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.Region;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ToolCall;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.ScriptedTestModel;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.file.FileSessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of docs/sessions.md, kept compiling and true. */
class SessionDocsExamplesTest {
  @TempDir
  Path dir;
  StatelineClient client;
  final ScriptedTestModel bedrockModel = new ScriptedTestModel("bedrock");

  @BeforeEach
  void build() {
    Target azure = Target.builder("azure-swc", new ScriptedTestModel("azure")).provider("azure.ai.openai")
        .hosting(Target.Hosting.STATELESS_HOST).region(Region.azure("swedencentral")).model("gpt-4.1").build();
    Target bedrock = Target.builder("aws-fra", bedrockModel).provider("aws.bedrock")
        .hosting(Target.Hosting.STATEFUL_RUNTIME).region(Region.aws("eu-central-1"))
        .model("gpt-4.1", "openai.gpt-oss-120b-1:0").build();
    Path sessionsDirectory = dir;

    // docs: "Opening a session"
    client = StatelineClient.builder()
        .target(azure)
        .target(bedrock)
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
        .sessionStore(FileSessionStore.builder(sessionsDirectory).ttl(Duration.ofDays(30)).build())
        .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void opening_a_session_and_sending_turns() {
    // docs: "Opening a session"
    try (Session session = client.session("case-4711")) {
      ChatResponse first = session.send("Summarise clause 7.");
      ChatResponse second = session.send("And what does it mean for the tenant?");
      List<Message> history = session.history(); // 4 messages: two questions, two answers

      assertThat(first.target()).isEqualTo("aws-fra");
      assertThat(second.text()).isEqualTo("bedrock: And what does it mean for the tenant?");
      assertThat(history).hasSize(4);
      assertThat(session.target()).isEqualTo("aws-fra");
    }
  }

  @Test
  void options_streams_and_tools() {
    // docs: "Session options"
    SessionOptions options = SessionOptions.builder()
        .model("gpt-4.1")
        .systemPrompt("You are a careful contract lawyer.")
        .contextBudget(8_000)
        .contextStrategy(ContextStrategy.slidingWindow())
        .callOptions(CallOptions.builder().tenant("acme").build())
        .build();
    Session session = client.session("case-4711", options);

    // docs: "Streaming a turn"
    StringBuilder out = new StringBuilder();
    try (ChatStream stream = session.stream("Draft a reply to the landlord.")) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) {
          out.append(d.text());
        }
      }
    }
    assertThat(out).hasToString("bedrock: Draft a reply to the landlord.");

    // docs: "Tool calls"
    ChatResponse answer = session.send("What is the weather in Oslo?");
    while (!answer.toolCalls().isEmpty()) {
      ToolCall call = answer.toolCalls().get(0);
      answer = session.send(Message.tool(call.id(), runTool(call)));
    }
    assertThat(session.history()).hasSize(4);
    assertThat(bedrockModel.calls().get(1).request().messages().get(0).text())
        .isEqualTo("You are a careful contract lawyer.");
  }

  static String runTool(ToolCall call) {
    return "{\"temperature\": -3}";
  }

  @Test
  void a_summarizing_context_strategy() {
    // docs: "Context budget"
    ContextStrategy summarizing = ContextStrategy.summarizing(older -> client.chat(ChatRequest.builder()
        .model("gpt-4.1")
        .systemMessage("Summarise this conversation in a few sentences.")
        .userMessage(older.stream().map(m -> m.role() + ": " + m.text()).collect(Collectors.joining("\n")))
        .build()).text());
    Session session = client.session("long-case", SessionOptions.builder()
        .contextBudget(40)
        .contextStrategy(summarizing)
        .build());

    session.send("First, the facts of the case, told at some length.");
    session.send("Second, the tenant's claims, also at some length.");
    session.send("Third, what now?");

    List<Message> sent = bedrockModel.calls().get(2).request().messages();
    assertThat(sent.get(0).text()).startsWith("Summary of the earlier conversation:\nazure: ");
  }

  @Test
  void server_held_sessions_and_the_store() {
    Target openai = Target.builder("openai-eu", new ScriptedTestModel("openai")).provider("openai")
        .hosting(Target.Hosting.DIRECT).region(Region.openai("eu")).model("gpt-4.1").build();
    try (StatelineClient withOpenAi = StatelineClient.builder()
        .target(openai)
        .placement(PlacementPolicy.standard().allowProvider(CallKind.STATEFUL, "openai"))
        .build()) {
      // docs: "Server-held sessions"
      Session session = withOpenAi.session("support-42", SessionOptions.builder().serverHeld(true).build());
      session.send("My order has not arrived.");
      ChatResponse next = session.send("It was order 1234.");

      assertThat(next.target()).isEqualTo("openai-eu");
    }

    // docs: "Stores"
    client.session("case-1").send("hello");
    SessionStore store = client.sessionStore();
    List<String> ids = store.list();
    SessionState state = store.load("case-1").orElseThrow();
    boolean deleted = store.delete("case-1");

    assertThat(ids).containsExactly("case-1");
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.turns().get(0).target()).isEqualTo("aws-fra");
    assertThat(deleted).isTrue();
  }
}
