/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Timeouts;
import dev.stateline.azure.AzureOpenAi;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.ResidencyViolationException;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.session.Session;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeErrors;
import dev.stateline.testing.FakeReply;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.junit.Clouds;
import dev.stateline.testing.junit.StatelineTest;
import dev.stateline.testing.openai.RecordedCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The code of docs/testing.md; every tagged region is quoted there (DocsSnippetsTest checks that). */
@StatelineTest
class TestingDocsExamplesTest {

  @Test
  void aFakeAnswersFromItsScript_andRecordsEveryCall() {
    // tag::fake[]
    FakeChatModel fake = new FakeChatModel()
        .failWith(FakeErrors.rateLimited(Duration.ofMillis(5)))  // 1st call: HTTP 429, retry after 5 ms
        .streamChunks("Hel", "lo");                             // 2nd call: "Hello", in two deltas
    StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake", "gpt-4.1")).build();

    ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Hi"));

    assertThat(answer.text()).isEqualTo("Hello");
    assertThat(fake.callCount()).isEqualTo(2);                  // the 429 was retried
    assertThat(fake.lastRequest().messages()).hasSize(1);
    // end::fake[]
    client.close();
  }

  @Test
  void aFakeCanBreak_stall_andBeSlow() {
    FakeChatModel fake = new FakeChatModel();
    try (StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake")).build()) {
      // tag::fake-faults[]
      fake.enqueue(
          FakeReply.chunks("Par", "tial", " answer").truncatedAfter(2),   // a stream cut after two deltas
          FakeReply.text("Too late").delayedBy(Duration.ofSeconds(30)));  // a provider slower than the call
      fake.defaultReply(FakeReply.text("OK"));                            // every later call

      try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "Tell me"))) {
        assertThatThrownBy(() -> stream.forEach(event -> { }))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.partialText()).isEqualTo("Partial"));
      }
      CallOptions impatient = CallOptions.builder()
          .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(100)))
          .build();
      assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "Hurry"), impatient))
          .isInstanceOf(CallTimeoutException.class);
      assertThat(client.chat(ChatRequest.of("gpt-4.1", "Again")).text()).isEqualTo("OK");
      // end::fake-faults[]
    }
  }

  @Test
  void oneCloudsEmulator_speaksItsWireFormat() {
    // tag::azure-emulator[]
    try (AzureOpenAiEmulator azure = AzureOpenAiEmulator.builder()
            .deployment("gpt41-prod", "gpt-4.1-2025-04-14")
            .region("Sweden Central")
            .build().start();
        StatelineClient client = StatelineClient.builder()
            .target(AzureOpenAi.target("azure-swc")
                .endpoint(azure.endpoint().toString())
                .apiKey(azure.apiKey())
                .deployment("gpt-4.1", "gpt41-prod")
                .region("swedencentral")
                .build())
            .build()) {
      azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(10)), AzureReply.text("Hej!"));

      ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Say hello in Swedish"));

      assertThat(answer.text()).isEqualTo("Hej!");
      assertThat(answer.model()).isEqualTo("gpt-4.1-2025-04-14");   // the deployment's model
      RecordedCall sent = azure.lastRequest();
      assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");   // the v1 form, no api-version
      assertThat(sent.at("messages.0.content")).isEqualTo("Say hello in Swedish");
    }
    // end::azure-emulator[]
  }

  @Test
  void allCloudsAtOnce_placeStatelessCallsOnAzure_andSessionTurnsOnBedrock() {
    // tag::clouds[]
    try (EmulatedClouds clouds = EmulatedClouds.start();
        StatelineClient client = StatelineClient.builder()
            .target(clouds.azureTarget("azure-swc", "swedencentral"))
            .target(clouds.azureTarget("azure-weu", "westeurope"))
            .target(clouds.bedrockTarget("aws-fra", "eu-central-1"))
            .target(clouds.openAiTarget("openai"))
            .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
            .build();
        Session session = client.session("case-1")) {
      ChatResponse stateless = client.chat(ChatRequest.of("gpt-4.1", "A one-off question"));
      ChatResponse turn = session.send("A question with memory");

      assertThat(stateless.target()).isEqualTo("azure-swc");
      assertThat(turn.target()).isEqualTo("aws-fra");
      assertThat(stateless.placement().decision("openai").rule()).isEqualTo("hosting");
    }
    // end::clouds[]
  }

  // tag::clouds-annotation[]
  @Test
  void euCallsNeverRunInTheUs(@Clouds(azure = "eastus", bedrock = "eu-central-1", openAi = "") EmulatedClouds clouds) {
    try (StatelineClient client = StatelineClient.builder()
        .target(clouds.azureTarget("azure-us", "eastus"))
        .target(clouds.bedrockTarget("aws-fra", "eu-central-1"))
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU))
        .build()) {
      assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-4.1", "Hello")))
          .isInstanceOf(ResidencyViolationException.class);
    }
    assertThat(clouds.azure("eastus").requestCount()).isZero();
  }
  // end::clouds-annotation[]

  @Test
  void conditionsDelayAndFail_deterministically(EmulatedClouds clouds) {
    // tag::conditions[]
    clouds.azure("swedencentral").conditions(Conditions.builder()
        .latency(Duration.ofMillis(5), Duration.ofMillis(20))   // every response waits 5-20 ms
        .rateLimitBursts(50, 5, Duration.ofMillis(20))          // requests 46-50, 96-100, ...: 429, retry after 20 ms
        .serverErrors(0.02)                                     // about 2% answered 503
        .slowResponses(0.05, Duration.ofMillis(300))            // about 5% wait 300 ms more
        .truncatedStreams(0.03)                                 // about 3% of streams cut after some text
        .seed(42)                                               // another seed fails other requests
        .build());
    clouds.azure("westeurope").conditions(Conditions.outage()); // West Europe is down
    // end::conditions[]
    Conditions swc = clouds.azure("swedencentral").conditions();
    assertThat(swc.effectOn(46, false).fault()).isEqualTo(Conditions.Fault.RATE_LIMITED);
    try (StatelineClient client = StatelineClient.builder()
        .target(clouds.azureTarget("azure-swc", "swedencentral"))
        .target(clouds.azureTarget("azure-weu", "westeurope"))
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer("azure-weu"))
        .build()) {
      clouds.azure("swedencentral").conditions(Conditions.latency(Duration.ofMillis(5)));
      ChatResponse answer = client.chat(ChatRequest.of("gpt-4.1", "Who answers?"));
      assertThat(answer.target()).isEqualTo("azure-swc");
      assertThat(answer.attempts()).extracting(a -> a.errorType()).contains("ProviderUnavailableException");
      // tag::conditions-restore[]
      clouds.azure("westeurope").conditions(Conditions.none());   // and back
      // end::conditions-restore[]
    }
  }

  @Test
  void streamsOfTheEmulatedCloudsCanBeCut(EmulatedClouds clouds) {
    clouds.azure("swedencentral").conditions(Conditions.builder().truncatedStreams(1.0).build());
    try (StatelineClient client = StatelineClient.builder()
        .target(clouds.azureTarget("azure-swc", "swedencentral")).build();
        ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "hello there"))) {
      StringBuilder seen = new StringBuilder();
      assertThatThrownBy(() -> {
        for (ChatEvent e : stream) {
          if (e instanceof ChatEvent.TextDelta d) {
            seen.append(d.text());
          }
        }
      }).isInstanceOf(ProtocolException.class);
      assertThat(seen.toString()).as("the first half of the echo").isEqualTo("echo: he");
    }
  }
}
