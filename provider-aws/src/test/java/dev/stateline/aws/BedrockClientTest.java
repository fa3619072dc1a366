/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stateline.ChatStream;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.testing.bedrock.BedrockReply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** Bedrock targets inside a StatelineClient: the pipeline retries, the SDK does not. */
class BedrockClientTest {
  private static final RetryPolicy TINY_BACKOFF = RetryPolicy.builder()
      .maxAttempts(3).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();

  private final BedrockFixture f = new BedrockFixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  private StatelineClient client(Target target, RetryPolicy retry) {
    return StatelineClient.builder().target(target).retryPolicy(retry).timeouts(BedrockFixture.FAST).build();
  }

  @Test
  void givenBedrockThrottlesTwice_whenChattingThroughTheClient_thenThePipelineRetriesAndTheThirdAttemptAnswers() {
    f.emulator.enqueue(BedrockReply.throttling("Too many requests"));
    f.emulator.enqueue(BedrockReply.throttling("Too many requests"));
    f.emulator.enqueue(BedrockReply.text("Finally."));

    try (StatelineClient client = client(f.target, TINY_BACKOFF)) {
      ChatResponse response = client.chat(ChatRequest.of("gpt-oss", "hi"));

      assertThat(response.text()).isEqualTo("Finally.");
      assertThat(response.target()).isEqualTo("aws-fra");
      assertThat(response.provider()).isEqualTo("aws.bedrock");
      assertThat(response.attempts()).hasSize(3);
      assertThat(f.emulator.requestCount()).as("three HTTP requests, none added by the SDK").isEqualTo(3);
    }
  }

  @Test
  void givenBedrockThrottlesOnce_whenStreamingThroughTheClient_thenTheStreamIsRetriedBeforeItsFirstToken() {
    f.emulator.enqueue(BedrockReply.throttling("Too many requests"));
    f.emulator.enqueue(BedrockReply.text("Streamed after a retry."));

    try (StatelineClient client = client(f.target, TINY_BACKOFF);
        ChatStream stream = client.stream(ChatRequest.of("gpt-oss", "hi"))) {
      StringBuilder text = new StringBuilder();
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) {
          text.append(d.text());
        }
      }

      assertThat(text).hasToString("Streamed after a retry.");
      assertThat(stream.response().text()).isEqualTo("Streamed after a retry.");
      assertThat(f.emulator.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void givenAValidationError_whenChattingThroughTheClient_thenItIsNotRetried() {
    f.emulator.enqueue(BedrockReply.validation("messages.0.content: must not be empty"));

    try (StatelineClient client = client(f.target, TINY_BACKOFF)) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> client.chat(ChatRequest.of("gpt-oss", "hi")));

      assertThat(e.target()).isEqualTo("aws-fra");
      assertThat(f.emulator.requestCount()).isEqualTo(1);
    }
  }

  @Test
  @SuppressWarnings("unchecked") // the SDK's Consumer... varargs builders
  void givenInjectedClientsWithSdkRetriesOn_whenThrottled_thenStatelineStillMakesExactlyOneRequestPerAttempt() {
    ClientOverrideConfiguration sdkRetries = ClientOverrideConfiguration.builder()
        .retryStrategy(RetryMode.STANDARD).build();
    BedrockRuntimeClient sync = BedrockRuntimeClient.builder().region(Region.EU_CENTRAL_1)
        .credentialsProvider(BedrockFixture.credentials()).endpointOverride(f.emulator.endpoint())
        .overrideConfiguration(sdkRetries).build();
    BedrockRuntimeAsyncClient async = BedrockRuntimeAsyncClient.builder().region(Region.EU_CENTRAL_1)
        .credentialsProvider(BedrockFixture.credentials()).endpointOverride(f.emulator.endpoint())
        .httpClientBuilder(software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient.builder()
            .protocol(software.amazon.awssdk.http.Protocol.HTTP1_1))
        .overrideConfiguration(sdkRetries).build();
    try {
      Target injected = Bedrock.target("aws-injected").model("gpt-oss", BedrockFixture.MODEL_ID)
          .client(sync).asyncClient(async).build();
      assertThat(injected.region()).isEqualTo(dev.stateline.Region.aws("eu-central-1"));
      f.emulator.enqueue(BedrockReply.throttling("Too many requests"));
      f.emulator.enqueue(BedrockReply.throttling("Too many requests"));

      try (StatelineClient client = client(injected, RetryPolicy.none())) {
        catchThrowableOfType(RateLimitedException.class, () -> client.chat(ChatRequest.of("gpt-oss", "hi")));
        assertThat(f.emulator.requestCount()).as("sync: the SDK's own retries are off").isEqualTo(1);

        catchThrowableOfType(RateLimitedException.class, () -> client.stream(ChatRequest.of("gpt-oss", "hi")));
        assertThat(f.emulator.requestCount()).as("async: the SDK's own retries are off").isEqualTo(2);
      }

      // The StatelineClient is closed; the injected clients belong to the application and still work.
      assertThat(sync.converse(r -> r.modelId(BedrockFixture.MODEL_ID)
          .messages(m -> m.role("user").content(c -> c.text("still open?")))).output().message().content().get(0).text())
          .isEqualTo("Echo: still open?");
    } finally {
      sync.close();
      async.close();
    }
  }
}
