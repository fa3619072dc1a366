/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.testing.Conditions;
import dev.stateline.testing.aws.SignedRequests;
import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Conditions and region identity on the Bedrock emulator, in Bedrock's wire shapes. */
class BedrockEmulatorConditionsTest {
  private static final AwsCredentialsIdentity KEY = AwsCredentialsIdentity.create("AKIDEXAMPLE", "emulator-test-secret");
  private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello there emulator\"}]}]}";

  private final BedrockEmulator emulator = BedrockEmulator.start().requireRegion("eu-central-1")
      .acceptCredentials("AKIDEXAMPLE", "emulator-test-secret");
  private final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void tearDown() {
    emulator.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Response post(String operation, String region) throws IOException {
    HttpUrl url = HttpUrl.get(emulator.endpoint().resolve("/model/openai.gpt-oss-120b-1%3A0/" + operation).toString());
    return http.newCall(SignedRequests.signed("POST", url, BODY, KEY, "bedrock", region).build()).execute();
  }

  @Test
  void givenARegion_thenRequestsSignedForAnotherRegionAreRefused() throws IOException {
    assertThat(emulator.region()).isEqualTo("eu-central-1");
    try (Response wrong = post("converse", "us-east-1")) {
      assertThat(wrong.code()).isEqualTo(403);
      assertThat(wrong.header("x-amzn-ErrorType")).startsWith("InvalidSignatureException:");
      assertThat(wrong.body().string()).contains("scoped to a valid region");
    }
    try (Response right = post("converse", "eu-central-1")) {
      assertThat(right.code()).isEqualTo(200);
    }
  }

  @Test
  void givenABurst_thenAThrottlingException_withRetryAfterOnlyInWholeSeconds() throws IOException {
    emulator.conditions(Conditions.builder().rateLimitBursts(1, 1, Duration.ofMillis(20)).build());
    try (Response r = post("converse", "eu-central-1")) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("x-amzn-ErrorType")).startsWith("ThrottlingException:");
      assertThat(r.header("Retry-After")).as("Bedrock has no millisecond hint").isNull();
    }
    emulator.conditions(Conditions.builder().rateLimitBursts(1, 1, Duration.ofMillis(1500)).build());
    try (Response r = post("converse", "eu-central-1")) {
      assertThat(r.header("Retry-After")).isEqualTo("2");
    }
  }

  @Test
  void givenServerErrors_thenServiceUnavailableOrInternalServerException() throws IOException {
    emulator.conditions(Conditions.outage());
    try (Response r = post("converse-stream", "eu-central-1")) {
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.header("x-amzn-ErrorType")).startsWith("ServiceUnavailableException:");
    }
    emulator.conditions(Conditions.builder().serverErrors(1.0, 500).build());
    try (Response r = post("converse", "eu-central-1")) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.header("x-amzn-ErrorType")).startsWith("InternalServerException:");
    }
  }

  @Test
  void givenTruncatedStreams_thenConverseStreamBreaksMidFrame_butConverseAnswers() throws IOException {
    emulator.conditions(Conditions.builder().truncatedStreams(1.0).build());

    try (Response r = post("converse-stream", "eu-central-1")) {
      assertThat(r.code()).isEqualTo(200);
      assertThatThrownBy(() -> r.body().bytes()).isInstanceOf(IOException.class);
    }
    try (Response r = post("converse", "eu-central-1")) {
      assertThat(r.body().string()).contains("Echo: hello there emulator");
    }
  }
}
