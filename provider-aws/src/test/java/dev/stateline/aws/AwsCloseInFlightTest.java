/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.ProtocolException;
import dev.stateline.CallOptions;
import dev.stateline.session.Session;
import dev.stateline.testing.agentcore.AgentCoreEmulator;
import dev.stateline.testing.bedrock.agents.AgentTurn;
import dev.stateline.testing.bedrock.agents.BedrockManagedAgentsEmulator.Operation;
import dev.stateline.testing.bedrock.BedrockReply;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing the client ends AWS SDK targets' calls in flight the way it ends the OpenAI wire's (see
 * docs/operations.md, "Closing the client"): a call blocked on a server that does not answer and a
 * stream left open end with a {@link CallCancelledException}, not with whatever the SDK makes of a
 * connection torn down under it (a Bedrock stream ended as a truncated answer) and not by running on
 * until their timeouts (a Bedrock {@code chat} on the JDK's HTTP client, whose close leaves open
 * exchanges alone, did). The timeouts are far longer than the test: only the close can end them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AwsCloseInFlightTest {
  private static final Timeouts PATIENT = new Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(5),
      Duration.ofMinutes(10));
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  private static StatelineClient client(Target target) {
    return StatelineClient.builder().target(target).retryPolicy(RetryPolicy.none()).timeouts(PATIENT).build();
  }

  /** Waits (boundedly) until the condition holds; the assertion after it says whether it did. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
  }

  private static Object outcome(Future<?> call) throws InterruptedException {
    try {
      return call.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return "still running 30 s after close()";
    }
  }

  @Test
  void givenABedrockCallBlockedOnASilentServer_whenTheClientCloses_thenItEndsWithCallCancelled() throws Exception {
    try (BedrockFixture f = new BedrockFixture()) {
      // given: Converse answered only after minutes, a call waiting for it
      f.emulator.enqueue(BedrockReply.builder().text("late").headersDelay(Duration.ofMinutes(5)).build());
      StatelineClient client = client(f.builder().build());
      Future<ChatResponse> blocked = callers.submit(() -> client.chat(ChatRequest.of("gpt-oss", "hi")));
      await(() -> f.emulator.requestCount() == 1);
      assertThat(f.emulator.requestCount()).as("the request reached the server").isEqualTo(1);

      // when
      client.close();

      // then
      assertThat(outcome(blocked)).isInstanceOfSatisfying(CallCancelledException.class,
          e -> assertThat(e.isRetryable()).isFalse());
    }
  }

  @Test
  void givenABedrockStreamLeftOpen_whenTheClientCloses_thenItsNextFailsWithCallCancelled() throws Exception {
    try (BedrockFixture f = new BedrockFixture()) {
      // given: a stream that sent its first events and stalls, one event read
      f.emulator.enqueue(BedrockReply.builder().text("a b c d e f").chunkSize(2).stallAfterEvents(2).build());
      StatelineClient client = client(f.builder().build());
      ChatStream open = client.stream(ChatRequest.of("gpt-oss", "hi"));
      Iterator<ChatEvent> events = open.iterator();
      events.next();

      // when
      client.close();

      // then: reading on (on another thread, bounded) fails with the cancellation
      Future<?> reading = callers.submit(() -> {
        events.forEachRemaining(e -> { });
        return null;
      });
      assertThat(outcome(reading)).isInstanceOf(CallCancelledException.class);
      open.close();
    }
  }

  private static Target agent(AgentCoreEmulator emulator) {
    return AgentCoreRuntime.target("agentcore").region("eu-central-1")
        .agent("support", AgentCoreFixture.RUNTIME_ARN).credentialsProvider(BedrockFixture.credentials())
        .endpointOverride(emulator.endpoint()).build();
  }

  @Test
  void givenAnAgentCoreCallBlockedOnASilentAgent_whenTheClientCloses_thenItEndsWithCallCancelled() throws Exception {
    try (AgentCoreEmulator emulator = AgentCoreEmulator.start()
        .acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY)) {
      // given: an agent that answers only after minutes, a call waiting for it
      emulator.enqueueRuntimeReply(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
          .body("{\"result\":\"late\"}").headersDelay(5, TimeUnit.MINUTES).build());
      StatelineClient client = client(agent(emulator));
      Future<ChatResponse> blocked = callers.submit(() -> client.chat(ChatRequest.of("support", "hello")));
      await(() -> emulator.requestCount("InvokeAgentRuntime") == 1);
      assertThat(emulator.requestCount("InvokeAgentRuntime")).isEqualTo(1);

      // when
      client.close();

      // then
      assertThat(outcome(blocked)).isInstanceOf(CallCancelledException.class);
    }
  }

  @Test
  void givenAnAgentCoreStreamLeftOpen_whenTheClientCloses_thenItsNextFailsWithCallCancelled() throws Exception {
    try (AgentCoreEmulator emulator = AgentCoreEmulator.start()
        .acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY)) {
      // given: an agent's stream that sends one event and stalls, the event read
      emulator.enqueueRuntimeReply(new MockResponse.Builder().code(200)
          .setHeader("Content-Type", "text/event-stream").body("data: {\"delta\":\"one\"}\n\n")
          .onResponseEnd(SocketEffect.Stall.INSTANCE).build());
      StatelineClient client = client(agent(emulator));
      ChatStream open = client.stream(ChatRequest.of("support", "and then?"));
      Iterator<ChatEvent> events = open.iterator();
      events.next();

      // when
      client.close();

      // then
      Future<?> reading = callers.submit(() -> {
        events.forEachRemaining(e -> { });
        return null;
      });
      assertThat(outcome(reading)).isInstanceOf(CallCancelledException.class);
      open.close();
    }
  }

  @Test
  void givenAManagedAgentTurnWaitingOnAStalledEventStream_whenTheClientCloses_thenItEndsWithCallCancelled()
      throws Exception {
    try (ManagedAgentFixture fx = new ManagedAgentFixture()) {
      // given: a session turn whose event stream sends its headers and then nothing
      StatelineClient client = fx.client(fx.builder().build());
      Session session = client.session("case-close", ManagedAgentFixture.SUPPORT.toBuilder()
          .callOptions(CallOptions.builder().timeouts(PATIENT).build()).build());
      fx.emulator.enqueue(AgentTurn.text("Never read."));
      fx.emulator.stallNextEventStream();
      Future<ChatResponse> turn = callers.submit(() -> session.send("A question."));
      await(() -> fx.emulator.requests(Operation.SUBMIT_EVENTS).size() == 1);
      assertThat(fx.emulator.requests(Operation.SUBMIT_EVENTS)).as("the turn was submitted").hasSize(1);

      // when
      client.close();

      // then: cancelled; or, if the close cut off the answer to the submission, the never-twice
      // contract's typed error: the turn's fate is unknown, and it is not sent again
      Object outcome = outcome(turn);
      if (outcome instanceof ProtocolException lost) {
        assertThat(lost.getMessage()).contains("was lost (CallCancelledException)").contains("not sent again");
      } else {
        assertThat(outcome).isInstanceOf(CallCancelledException.class);
      }
    }
  }
}
