/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.ChatListener;
import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.StatelineException;
import dev.stateline.openai.OpenAi;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeReply;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The code of README.md's quickstart and docs/getting-started.md, run against fakes and the OpenAI
 * emulator where it can be; the blocks that need a real OpenAI key are compiled only.
 */
class GettingStartedDocsExamplesTest {

  /** README.md, Quickstart: needs OPENAI_API_KEY and the internet, so compiled, not run. */
  static void readmeQuickstart() {
    StatelineClient client = StatelineClient.builder()
        .target(OpenAi.target("openai")
            .apiKey(System.getenv("OPENAI_API_KEY"))
            .model("gpt-4.1")                      // the alias your code uses → the provider's model
            .build())
        .build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract: ..."));
    System.out.println(answer.text());
    System.out.println(answer.placement());       // where it ran, and why

    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "Tell me a story"))) {
      for (ChatEvent event : stream) {
        if (event instanceof ChatEvent.TextDelta delta) {
          System.out.print(delta.text());
        }
      }
    }
  }

  /** Getting started, "Build a client": needs OPENAI_API_KEY, so compiled, not run. */
  static StatelineClient buildAClient() {
    StatelineClient client = StatelineClient.builder()
        .target(OpenAi.target("openai")
            .apiKey(System.getenv("OPENAI_API_KEY"))
            .model("gpt-4.1")                         // alias → provider model (here the same)
            .build())
        .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(2)))
        .retryPolicy(RetryPolicy.builder().maxAttempts(4).build())
        .build();
    return client;
  }

  @Test
  void theQuickstartTarget_andTheBuiltClient_serveTheAlias() {
    // The same builders with a key that is not read from the environment: built, never called.
    Target target = OpenAi.target("openai").apiKey("sk-not-used").model("gpt-4.1").build();
    assertThat(target.name()).isEqualTo("openai");
    assertThat(target.provider()).isEqualTo("openai");
  }

  @Test
  void callIt_wholeStreamedPushedAndAsync() throws Exception {
    FakeChatModel fake = new FakeChatModel();
    StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake")).build();
    ChatRequest request = ChatRequest.of("gpt-4.1", "Tell me a story");

    // Whole answer
    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract: ..."));
    answer.text();          // the text
    answer.toolCalls();     // tool calls, if the model asked for any
    answer.usage();         // input, cached input, output and reasoning tokens
    answer.placement();     // where it ran and why
    answer.attempts();      // every try, with the error and the wait before the next

    // Streamed: always close the stream; closing cancels the HTTP call
    try (ChatStream stream = client.stream(request)) {
      for (ChatEvent event : stream) {
        if (event instanceof ChatEvent.TextDelta delta) System.out.print(delta.text());
      }
      ChatResponse whole = stream.response();
    }

    // Pushed to a listener on the client's executor
    client.stream(request, new ChatListener() {
      @Override public void onEvent(ChatEvent event) { System.out.println(event); }
      @Override public void onComplete(ChatResponse response) { System.out.println(response.text()); }
      @Override public void onError(StatelineException error) { System.err.println(error.getMessage()); }
    });

    // Async; cancelling the future cancels the call
    CompletableFuture<ChatResponse> future = client.chatAsync(request);

    assertThat(answer.text()).isEqualTo("Summarise this contract: ...");
    assertThat(answer.placement().primary()).isEqualTo("fake");
    assertThat(future.get(10, TimeUnit.SECONDS).text()).isEqualTo("Tell me a story");
    client.close();
  }

  @Test
  void cancellingFromAnotherThread_failsTheFuture() {
    FakeChatModel fake = new FakeChatModel();
    fake.enqueue(FakeReply.text("Too late").delayedBy(Duration.ofSeconds(30)));
    try (StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake")).build()) {
      ChatRequest request = ChatRequest.of("gpt-4.1", "Take your time");
      Cancellation cancel = new Cancellation();
      CompletableFuture<ChatResponse> f = client.chatAsync(request, CallOptions.builder().cancellation(cancel).build());
      cancel.cancel();   // the HTTP call is cancelled; the future fails with CallCancelledException

      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(CallCancelledException.class);
    }
  }

  @Test
  void testWithoutACloud_aFake() {
    FakeChatModel fake = new FakeChatModel();
    fake.replyWith("Hello");
    StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake")).build();

    assertThat(client.chat(ChatRequest.of("gpt-4.1", "Hi")).text()).isEqualTo("Hello");
    client.close();
  }

  @Test
  void testWithoutACloud_theOpenAiEmulator() {
    try (OpenAiEmulator openai = OpenAiEmulator.create().start()) {
      openai.enqueue(Reply.rateLimited(Duration.ofMillis(10)), Reply.text("Hi"));
      Target target = OpenAi.target("openai").apiKey(openai.apiKey()).baseUrl(openai.baseUrl()).model("gpt-4.1").build();
      try (StatelineClient client = StatelineClient.builder().target(target).build()) {
        assertThat(client.chat(ChatRequest.of("gpt-4.1", "Hello")).text()).isEqualTo("Hi");   // after one retry
      }
      assertThat(openai.requestCount()).isEqualTo(2);                                   // the 429, then the answer
    }
  }
}
