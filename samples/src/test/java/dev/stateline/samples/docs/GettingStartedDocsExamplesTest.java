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
import dev.stateline.aws.Bedrock;
import dev.stateline.azure.AzureDeploymentType;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.openai.OpenAi;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.testing.emulators.EmulatedClouds;
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
 * The code of README.md's first example and docs/getting-started.md, run against fakes and the
 * emulators where it can be; the blocks that need a real cloud account are compiled only.
 */
class GettingStartedDocsExamplesTest {

  /**
   * README.md, the first example: needs an Azure OpenAI resource, AWS credentials and the internet,
   * so compiled here; {@link #readmeExample_onTheEmulators()} runs the same client on the emulators.
   */
  static void readmeQuickstart() {
    StatelineClient client = StatelineClient.builder()
        .target(AzureOpenAi.target("azure-swc")                           // stateless calls: Azure OpenAI
            .endpoint("https://my-resource.openai.azure.com")
            .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
            .deployment("gpt-4.1", "gpt41-prod")                          // the alias your code uses -> a deployment
            .region("swedencentral")
            .deploymentType(AzureDeploymentType.STANDARD)                 // processed in that region (residency checks it)
            .build())
        .target(Bedrock.target("aws-fra")                                  // sessions: the stateful runtime on AWS
            .region("eu-central-1")                                        // credentials: the AWS SDK's default chain
            .model("gpt-4.1", "openai.gpt-oss-120b-1:0")                   // the same alias -> a Bedrock model id
            .build())
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))  // stateless -> Azure, stateful -> AWS, EU only
        .build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract: ..."));
    System.out.println(answer.target() + ": " + answer.text());          // azure-swc: ...
    System.out.println(answer.placement());                                // where it ran, and why

    try (Session session = client.session("case-4711")) {                  // every turn a stateful call
      ChatResponse turn = session.send("And what about clause 7?");
      System.out.println(turn.target() + ": " + turn.text());            // aws-fra: ...
    }
    client.close();
  }

  /** The README's two targets, on the emulators. */
  private static StatelineClient.Builder azureAndAws(EmulatedClouds clouds) {
    return StatelineClient.builder()
        .target(clouds.azureTarget("azure-swc", "swedencentral"))
        .target(clouds.bedrockTarget("aws-fra", "eu-central-1"));
  }

  @Test
  void readmeExample_onTheEmulators() {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start();
        StatelineClient client = azureAndAws(clouds)
            .placement(PlacementPolicy.standard().residency(Jurisdiction.EU)).build()) {
      ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Summarise this contract: ..."));
      assertThat(answer.target()).isEqualTo("azure-swc");
      assertThat(answer.placement().exclusions()).singleElement()
          .satisfies(d -> assertThat(d.target() + " " + d.rule()).isEqualTo("aws-fra hosting"));
      try (Session session = client.session("case-4711")) {
        assertThat(session.send("And what about clause 7?").target()).isEqualTo("aws-fra");
      }
    }
  }

  /** README.md, without a policy: the client keeps declaration order, whatever the kind of call. */
  @Test
  void withoutAPlacementPolicy_declarationOrderDecides_soSessionsWouldGoToAzure() {
    try (EmulatedClouds clouds = EmulatedClouds.builder().azure("swedencentral").bedrock("eu-central-1").start();
        StatelineClient client = azureAndAws(clouds).build()) {
      try (Session session = client.session("case-4711")) {
        assertThat(session.send("And what about clause 7?").target()).isEqualTo("azure-swc");
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
