/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.testing.FakeEmbeddingModel;
import dev.stateline.testing.bedrock.BedrockEmulator;
import dev.stateline.testing.bedrock.BedrockRecordedRequest;
import dev.stateline.testing.bedrock.BedrockReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bedrock embeddings through InvokeModel: Titan Text Embeddings V2 and Cohere Embed v3 on the emulator. */
class BedrockEmbeddingsTest {
  static final String TITAN = "amazon.titan-embed-text-v2:0";
  static final String COHERE = "cohere.embed-multilingual-v3";

  private BedrockEmulator emulator;
  private Target target;
  private StatelineClient client;

  @BeforeEach
  void start() {
    emulator = BedrockEmulator.start().acceptCredentials(BedrockFixture.ACCESS_KEY_ID, BedrockFixture.SECRET_KEY);
    target = Bedrock.target("aws-fra").region("eu-central-1")
        .embeds("titan", TITAN).embeds("cohere", COHERE)
        .credentialsProvider(BedrockFixture.credentials()).endpointOverride(emulator.endpoint()).build();
    client = StatelineClient.builder().target(target).timeouts(BedrockFixture.FAST)
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(2)).build()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  @Test
  void titan_takesOneTextPerInvokeModel_signedWithSigV4() {
    EmbeddingResponse r = client.embed(EmbeddingRequest.builder("titan").input("first").input("second")
        .input("third").dimensions(256).build());

    List<BedrockRecordedRequest> sent = emulator.requests();
    assertThat(sent).hasSize(3).allSatisfy(q -> {
      assertThat(q.operation()).isEqualTo("InvokeModel");
      assertThat(q.modelId()).isEqualTo(TITAN);
      assertThat(q.sigV4().accessKeyId()).isEqualTo(BedrockFixture.ACCESS_KEY_ID);
      assertThat(((Number) q.at("dimensions")).intValue()).isEqualTo(256);
      assertThat(q.at("normalize")).isEqualTo(true);
    });
    List<Object> texts = new ArrayList<>();
    sent.forEach(q -> texts.add(q.at("inputText")));
    assertThat(texts).containsExactlyInAnyOrder("first", "second", "third");
    assertThat(r.vector(2)).isEqualTo(FakeEmbeddingModel.vectorFor("third", 256));
    assertThat(r.usage().inputTokens()).isEqualTo(2 + 2 + 2);
    assertThat(r.batches()).isEqualTo(3);
    assertThat(r.provider()).isEqualTo("aws.bedrock");
  }

  @Test
  void titan_refusesDimensionsItDoesNotOffer_beforeSending() {
    assertThatThrownBy(() -> client.embed(EmbeddingRequest.builder("titan").input("x").dimensions(300).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getMessage()).contains("1024, 512 or 256"));
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void cohere_sendsUpTo96TextsAsSearchDocuments_andTakesTheTokenCountFromTheHeader() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      texts.add("doc " + i);
    }
    EmbeddingResponse r = client.embed(EmbeddingRequest.of("cohere", texts));

    assertThat(emulator.requests()).hasSize(2)
        .allSatisfy(q -> assertThat(q.at("input_type")).isEqualTo("search_document"))
        .extracting(q -> ((List<?>) q.at("texts")).size()).containsExactlyInAnyOrder(96, 4);
    assertThat(r.embeddings()).hasSize(100);
    assertThat(r.vector(99)).isEqualTo(FakeEmbeddingModel.vectorFor("doc 99", 1024));
    assertThat(r.usage().inputTokens()).isEqualTo(10 * 2 + 90 * 2);

    assertThatThrownBy(() -> client.embed(EmbeddingRequest.builder("cohere").input("x").dimensions(256).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not support 'dimensions'");
  }

  @Test
  void throttlingIsRetried_andUnknownModelsAreRefusedWhenTheTargetIsBuilt() {
    emulator.enqueue(BedrockReply.builder().httpError(429, "ThrottlingException", "Too many requests").build());
    EmbeddingResponse r = client.embed(EmbeddingRequest.of("titan", List.of("x")));
    assertThat(r.attempts()).hasSize(2);

    emulator.enqueue(BedrockReply.builder().httpError(429, "ThrottlingException", "Too many requests").build());
    emulator.enqueue(BedrockReply.builder().httpError(429, "ThrottlingException", "Too many requests").build());
    assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("titan", List.of("x"))))
        .isInstanceOf(RateLimitedException.class);

    assertThatThrownBy(() -> Bedrock.target("x").embeds("e", "openai.gpt-oss-120b-1:0"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not an embedding model");
  }
}
