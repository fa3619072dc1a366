/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static dev.stateline.azure.AzureFixtures.ALIAS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ContentFilterCategory;
import dev.stateline.error.ContentFilteredException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where Azure says it processed the call ({@code x-ms-region}) is evidence for residency: it is on
 * every answer, plain and streamed, and on every error that came with a response.
 */
class AzureProcessingRegionTest {
  private final AzureOpenAiEmulator azure = AzureOpenAiEmulator.builder()
      .deployment(AzureFixtures.DEPLOYMENT, AzureFixtures.MODEL).region("West Europe").build().start();
  private final StatelineClient client = StatelineClient.builder().target(AzureFixtures.target(azure).build())
      .retryPolicy(dev.stateline.RetryPolicy.none()).build();

  @AfterEach
  void stop() {
    client.close();
    azure.close();
  }

  @Test
  void givenAnAnswer_thenItCarriesTheRegionAzureReported_plainAndStreamed() {
    assertThat(client.chat(ChatRequest.of(ALIAS, "hi")).processingRegion()).isEqualTo("West Europe");
    try (ChatStream s = client.stream(ChatRequest.of(ALIAS, "hi"))) {
      assertThat(s.response().processingRegion()).isEqualTo("West Europe");
    }
  }

  @Test
  void givenErrors_thenTheyCarryItToo() {
    azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(5)));
    RateLimitedException throttled = catchThrowableOfType(RateLimitedException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "hi")));
    azure.enqueue(AzureReply.contentFilterError(ContentFilterCategory.ofDetection("jailbreak", true, true)));
    ContentFilteredException filtered = catchThrowableOfType(ContentFilteredException.class,
        () -> client.chat(ChatRequest.of(ALIAS, "hi")));

    assertThat(throttled.info().processingRegion()).isEqualTo("West Europe");
    assertThat(filtered.info().processingRegion()).isEqualTo("West Europe");
    assertThat(filtered.contentFilter()).as("and the filter details stay").isNotNull();
  }
}
