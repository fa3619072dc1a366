/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.session.InMemorySessionStore;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionState;
import dev.stateline.session.SessionStore;
import dev.stateline.testing.agentcore.AgentCoreRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sessions on an agent hosted on AgentCore Runtime, through the real SDK client and the AgentCore emulator. */
class AgentCoreRuntimeTest {
  static final SessionOptions SERVER_HELD = SessionOptions.builder().model("support").serverHeld(true).build();

  final AgentCoreFixture fx = new AgentCoreFixture();
  final List<StatelineClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(StatelineClient::close);
    fx.close();
  }

  AgentCoreRuntime.Builder target() {
    return AgentCoreRuntime.target("agentcore-fra").region("eu-central-1")
        .agent("support", AgentCoreFixture.RUNTIME_ARN)
        .credentialsProvider(BedrockFixture.credentials())
        .endpointOverride(fx.emulator.endpoint());
  }

  StatelineClient client(Target target, SessionStore store) {
    StatelineClient c = StatelineClient.builder().target(target).sessionStore(store)
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(5)).build())
        .build();
    clients.add(c);
    return c;
  }

  @Test
  void given_a_server_held_session_then_every_turn_reaches_one_runtime_session_and_the_agent_keeps_the_state() {
    SessionStore store = InMemorySessionStore.create();
    Session session = client(target().qualifier("prod").runtimeUserId("alice").build(), store)
        .session("case-4711", SERVER_HELD);

    ChatResponse first = session.send("My order has not arrived.");
    ChatResponse second = session.send("It was order 1234.");

    assertThat(first.text()).isEqualTo("turn 1: My order has not arrived.");
    assertThat(second.text()).isEqualTo("turn 2: It was order 1234. (after My order has not arrived.)");
    List<AgentCoreRequest> calls = fx.emulator.requests();
    assertThat(calls).extracting(AgentCoreRequest::operation).containsOnly("InvokeAgentRuntime");
    String runtimeSession = calls.get(0).header("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id");
    assertThat(runtimeSession).startsWith("stateline-").hasSizeGreaterThanOrEqualTo(33);
    assertThat(calls.get(1).header("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")).isEqualTo(runtimeSession);
    assertThat(calls.get(0).pathSegments()).containsExactly("runtimes", AgentCoreFixture.RUNTIME_ARN, "invocations");
    assertThat(calls.get(0).qualifier()).isEqualTo("prod");
    assertThat(calls.get(0).header("X-Amzn-Bedrock-AgentCore-Runtime-User-Id")).isEqualTo("alice");
    assertThat(calls.get(0).header("Content-Type")).isEqualTo("application/json");
    assertThat(calls.get(1).body()).as("a continued turn sends only its new input")
        .isEqualTo("{\"prompt\":\"It was order 1234.\",\"messages\":[{\"role\":\"user\",\"content\":\"It was order 1234.\"}]}");
    assertThat(first.id()).isEqualTo(runtimeSession);
    assertThat(session.history()).extracting(Message::text).containsExactly("My order has not arrived.",
        first.text(), "It was order 1234.", second.text());
    SessionState stored = store.load("case-4711").orElseThrow();
    assertThat(stored.responseId()).isEqualTo(runtimeSession);
    assertThat(stored.target()).isEqualTo("agentcore-fra");
  }

  @Test
  void given_a_streamed_turn_then_the_agents_server_sent_events_arrive_as_text_deltas_and_the_turn_is_committed() {
    SessionStore store = InMemorySessionStore.create();
    Session session = client(target().build(), store).session("s1", SERVER_HELD);
    session.send("Hello");

    List<String> deltas = new ArrayList<>();
    String whole;
    try (ChatStream stream = session.stream("Tell me more")) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) {
          deltas.add(d.text());
        }
      }
      whole = stream.response().text();
    }

    assertThat(deltas).hasSizeGreaterThan(3);
    assertThat(String.join("", deltas)).isEqualTo(whole).isEqualTo("turn 2: Tell me more (after Hello)");
    assertThat(fx.emulator.requests().get(1).header("Accept")).contains("text/event-stream");
    // what the SDK signs for a streamed InvokeAgentRuntime (the emulator recomputed it): the body's SHA-256
    assertThat(fx.emulator.requests().get(1).header("x-amz-content-sha256"))
        .isEqualTo(BedrockStreamTest.sha256Hex(fx.emulator.requests().get(1).body()));
    assertThat(store.load("s1").orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void given_throttling_then_the_turn_is_retried_and_given_a_refusal_then_it_fails_typed_and_nothing_is_committed() {
    SessionStore store = InMemorySessionStore.create();
    Session session = client(target().build(), store).session("s1", SERVER_HELD);
    fx.emulator.failNext("InvokeAgentRuntime", 429, "ThrottlingException", "Rate exceeded");

    assertThat(session.send("Hi").text()).isEqualTo("turn 1: Hi");
    assertThat(fx.emulator.requestCount("InvokeAgentRuntime")).isEqualTo(2);

    fx.emulator.failNext("InvokeAgentRuntime", 400, "ValidationException", "payload too large");
    assertThatThrownBy(() -> session.send("again")).isInstanceOfSatisfying(InvalidRequestException.class,
        e -> assertThat(e.getMessage()).contains("ValidationException"));
    assertThat(store.load("s1").orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void given_agents_with_other_answer_shapes_then_the_standard_codec_finds_the_text() {
    Session session = client(target().build(), InMemorySessionStore.create()).session("s1", SERVER_HELD);
    fx.emulator.enqueueRuntimeReply(200, "text/plain", "plain words");
    fx.emulator.enqueueRuntimeReply(200, "application/json", "{\"output\":{\"message\":[{\"text\":\"a\"},{\"text\":\"b\"}]}}");
    fx.emulator.enqueueRuntimeReply(200, "application/json", "\"just a string\"");

    assertThat(session.send("1").text()).isEqualTo("plain words");
    assertThat(session.send("2").text()).isEqualTo("ab");
    assertThat(session.send("3").text()).isEqualTo("just a string");
  }

  @Test
  void given_a_custom_codec_then_it_shapes_the_payload_and_reads_the_answer() {
    AgentCoreRuntime.PayloadCodec codec = new AgentCoreRuntime.PayloadCodec() {
      @Override
      public String contentType() {
        return "application/json";
      }

      @Override
      public byte[] encode(List<Message> messages) {
        return ("{\"prompt\":\"" + messages.get(messages.size() - 1).text().toUpperCase() + "\"}").getBytes();
      }

      @Override
      public String answer(String contentType, byte[] body) {
        return "[" + new String(body) + "]";
      }

      @Override
      public String streamed(String data) {
        return data;
      }
    };
    Session session = client(target().payloadCodec(codec).build(), InMemorySessionStore.create())
        .session("s1", SERVER_HELD);

    String text = session.send("quiet").text();

    assertThat(text).startsWith("[{\"result\"").contains("turn 1: QUIET");
  }

  @Test
  void given_bad_target_settings_then_the_builder_says_what_is_wrong() {
    assertThatThrownBy(() -> AgentCoreRuntime.target("a").agent("x", "arn:aws:bedrock:eu-central-1:1:foo"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runtime ARN");
    assertThatThrownBy(() -> AgentCoreRuntime.target("a").region("us-east-1")
        .agent("x", AgentCoreFixture.RUNTIME_ARN).credentialsProvider(BedrockFixture.credentials()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("residency");
    assertThatThrownBy(() -> AgentCoreRuntime.target("a").region("eu-central-1").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agent(");
    Target t = target().build();
    try {
      assertThat(t.hosting()).isEqualTo(Target.Hosting.STATEFUL_RUNTIME);
      assertThat(t.capabilities().serverState()).isTrue();
      assertThat(t.capabilities().tools()).isFalse();
      assertThat(t.region().toString()).contains("eu-central-1");
      assertThat(t.chatModel().toString()).doesNotContain(BedrockFixture.SECRET_KEY);
    } finally {
      t.chatModel().close();
    }
  }

}
