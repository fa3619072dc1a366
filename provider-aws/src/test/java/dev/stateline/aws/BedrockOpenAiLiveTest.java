/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.session.Session;
import dev.stateline.session.SessionOptions;
import dev.stateline.session.SessionTurn;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Opt-in tests against Bedrock's real OpenAI-compatible endpoint: they run only when
 * {@code STATELINE_BEDROCK_OPENAI_MODEL} (a model id the endpoint serves, such as
 * {@code us.openai.gpt-5.6-sol} on bedrock-runtime), a Region ({@code AWS_REGION} or
 * {@code AWS_DEFAULT_REGION}) and a credential ({@code AWS_BEARER_TOKEN_BEDROCK}, or AWS credentials
 * of the SDK's default chain: {@code AWS_ACCESS_KEY_ID}, {@code AWS_PROFILE}, web identity,
 * container) are set, and skip otherwise. {@code STATELINE_BEDROCK_OPENAI_ENDPOINT} ({@code runtime},
 * the default, or {@code mantle}) chooses the endpoint.
 */
class BedrockOpenAiLiveTest {

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Target liveTarget() {
    String model = env("STATELINE_BEDROCK_OPENAI_MODEL");
    assumeTrue(model != null, "STATELINE_BEDROCK_OPENAI_MODEL is not set: live Bedrock OpenAI tests skipped");
    String region = env("AWS_REGION") != null ? env("AWS_REGION") : env("AWS_DEFAULT_REGION");
    assumeTrue(region != null, "AWS_REGION is not set: live Bedrock OpenAI tests skipped");
    boolean credential = env("AWS_BEARER_TOKEN_BEDROCK") != null || env("AWS_ACCESS_KEY_ID") != null
        || env("AWS_PROFILE") != null || env("AWS_WEB_IDENTITY_TOKEN_FILE") != null
        || env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null || env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != null;
    assumeTrue(credential, "no Bedrock API key or AWS credentials in the environment: live tests skipped");
    String endpoint = env("STATELINE_BEDROCK_OPENAI_ENDPOINT");
    return BedrockOpenAi.target("aws-live").region(region).model("gpt", model)
        .endpoint(endpoint == null ? BedrockEndpoint.RUNTIME
            : BedrockEndpoint.valueOf(endpoint.toUpperCase(Locale.ROOT)))
        .build();
  }

  @Test
  void givenTheRealEndpoint_thenAStatelessCallAndAStreamAreAnswered() {
    try (StatelineClient client = StatelineClient.builder().target(liveTarget()).build()) {
      ChatResponse answer = client.chat(ChatRequest.builder().model("gpt").userMessage("Say OK.")
          .maxOutputTokens(50).build());
      assertThat(answer.text()).isNotBlank();
      assertThat(answer.id()).isNotBlank();
      try (ChatStream stream = client.stream(ChatRequest.builder().model("gpt").userMessage("Count to three.")
          .maxOutputTokens(50).build())) {
        assertThat(stream.response().text()).isNotBlank();
      }
    }
  }

  @Test
  void givenTheRealEndpoint_thenAServerHeldSessionContinuesItsStoredResponse() {
    try (StatelineClient client = StatelineClient.builder().target(liveTarget()).build();
        Session session = client.session("live-" + UUID.randomUUID(),
            SessionOptions.builder().model("gpt").serverHeld(true)
                .request(r -> r.maxOutputTokens(60)).build())) {
      ChatResponse first = session.send("Remember the number 4711. Reply with OK.");
      ChatResponse second = session.send("Which number did I ask you to remember?");

      assertThat(second.text()).contains("4711");
      assertThat(client.sessionStore().load(session.id()).orElseThrow().turns())
          .extracting(SessionTurn::responseId).containsExactly(first.id(), second.id());
    }
  }
}
