/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.testing.Conditions;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeErrors;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.bedrock.BedrockReply;
import dev.stateline.testing.emulators.EmulatedClouds;
import dev.stateline.testing.junit.StatelineTest;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Swapping providers in a test: the same application code ({@link SupportBot}) tested against a
 * {@link FakeChatModel}, against the emulated clouds one by one, and with a failover. The extension
 * injects fresh fakes and emulators into each test and closes them afterwards.
 */
@StatelineTest
class SupportBotTest {

  // tag::fake-unit-test[]
  @Test
  void triagesWithTheModelsOneWordAnswer(FakeChatModel fake) {
    fake.replyWith("Billing\n");
    try (StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake", "gpt-4.1")).build()) {
      assertThat(new SupportBot(client).triage("I was charged twice.")).isEqualTo("billing");
    }
    assertThat(fake.lastRequest().maxOutputTokens()).isEqualTo(5);
    assertThat(fake.lastRequest().messages().get(0).text()).startsWith("Answer with one word");
  }
  // end::fake-unit-test[]

  @Test
  void saysRetryLaterWhenTheProviderKeepsThrottling(FakeChatModel fake) {
    fake.failWith(FakeErrors.rateLimited(Duration.ofMillis(1))).failWith(FakeErrors.rateLimited(Duration.ofMillis(1)));
    try (StatelineClient client = StatelineClient.builder().target(fake.asTarget("fake"))
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).build()).build()) {
      assertThat(new SupportBot(client).triage("Where is my invoice?")).isEqualTo("retry-later");
    }
    assertThat(fake.callCount()).isEqualTo(2);
  }

  // tag::swap-providers[]
  @Test
  void theSameCodeRunsOnEveryCloud(EmulatedClouds clouds) {
    clouds.azure("swedencentral").enqueue(AzureReply.text("Account"));
    clouds.bedrock("eu-central-1").enqueue(BedrockReply.text("Account"));
    clouds.openAi().enqueue(Reply.text("Account"));

    for (Target target : List.of(clouds.azureTarget("azure", "swedencentral"),
        clouds.bedrockTarget("bedrock", "eu-central-1"), clouds.openAiTarget("openai"))) {
      try (StatelineClient client = StatelineClient.builder().target(target).build()) {
        assertThat(new SupportBot(client).triage("I cannot log in.")).as(target.name()).isEqualTo("account");
      }
    }
    // Each cloud was spoken to in its own wire format.
    assertThat(clouds.azure("swedencentral").lastRequest().path()).isEqualTo("/openai/v1/chat/completions");
    assertThat(clouds.bedrock("eu-central-1").takeRequest().at("inferenceConfig", "maxTokens")).isEqualTo(5.0);
    assertThat(clouds.openAi().lastRequest().at("max_completion_tokens")).isEqualTo(5.0);
  }
  // end::swap-providers[]

  // tag::failover-test[]
  @Test
  void failsOverToWestEuropeWhenSwedenIsDown(EmulatedClouds clouds) {
    clouds.azure("swedencentral").conditions(Conditions.outage());
    clouds.azure("westeurope").enqueue(AzureReply.text("Bug"));

    try (StatelineClient client = StatelineClient.builder()
        .target(clouds.azureTarget("azure-swc", "swedencentral"))
        .target(clouds.azureTarget("azure-weu", "westeurope"))
        .placement(PlacementPolicy.standard().residency(Jurisdiction.EU).prefer("azure-swc"))
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(5)).build())
        .build()) {
      assertThat(new SupportBot(client).triage("The export button crashes.")).isEqualTo("bug");
    }
    assertThat(clouds.azure("swedencentral").requestCount()).isEqualTo(2);
    assertThat(clouds.azure("westeurope").requestCount()).isEqualTo(1);
  }
  // end::failover-test[]

  @Test
  void theMainProgramTriagesAgainstTheEmulator() {
    assertThat(SampleOutput.of(SupportBot::run)).isEqualTo("triage: billing" + System.lineSeparator());
  }
}
