/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.EmbeddingEncoding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.placement.Operation;
import dev.stateline.testing.FakeEmbeddingModel;
import dev.stateline.testing.azure.AzureOpenAiEmulator;
import dev.stateline.testing.azure.AzureReply;
import dev.stateline.testing.openai.RecordedCall;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Embeddings on Azure OpenAI: both URL forms, both credentials, float and base64, batches, errors. */
class AzureEmbeddingsTest {
  static final String EMBED_DEPLOYMENT = "embed-small-prod";
  static final String EMBED_MODEL = "text-embedding-3-small";

  private AzureOpenAiEmulator azure;
  private StatelineClient client;

  @BeforeEach
  void start() {
    azure = AzureOpenAiEmulator.builder().deployment(AzureFixtures.DEPLOYMENT, AzureFixtures.MODEL)
        .deployment(EMBED_DEPLOYMENT, EMBED_MODEL).build().start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    azure.close();
  }

  private StatelineClient client(AzureOpenAi.TargetBuilder target) {
    client = AzureFixtures.client(target.embeddingDeployment("embed", EMBED_DEPLOYMENT).build());
    return client;
  }

  @Test
  void deploymentForm_postsToTheDeploymentsEmbeddingsPath_andDecodesBase64IntoTheVectors() {
    EmbeddingResponse r = client(AzureFixtures.target(azure).urlForm(AzureUrlForm.DEPLOYMENT))
        .embed(EmbeddingRequest.builder("embed").input("first text").input("second text").user("u-1").build());

    RecordedCall sent = azure.lastRequest();
    assertThat(sent.path()).isEqualTo("/openai/deployments/" + EMBED_DEPLOYMENT + "/embeddings?api-version="
        + AzureOpenAi.DEFAULT_API_VERSION);
    assertThat(sent.json()).doesNotContainKey("model");
    assertThat(sent.at("input")).isEqualTo(List.of("first text", "second text"));
    assertThat(sent.at("encoding_format")).isEqualTo("base64");
    assertThat(sent.at("user")).isEqualTo("u-1");
    assertThat(sent.header("api-key")).isEqualTo(azure.apiKey());
    assertThat(r.vector(0)).isEqualTo(FakeEmbeddingModel.vectorFor("first text", 1536));
    assertThat(r.vector(1)).isEqualTo(FakeEmbeddingModel.vectorFor("second text", 1536));
    assertThat(r.model()).isEqualTo(EMBED_MODEL);
    assertThat(r.usage().inputTokens()).isEqualTo(6); // 10 and 11 bytes: three tokens each
    assertThat(r.target()).isEqualTo("azure-swc");
    assertThat(r.provider()).isEqualTo("azure.ai.openai");
    assertThat(r.placement().operation()).isEqualTo(Operation.EMBEDDINGS);
  }

  @Test
  void v1Form_sendsTheDeploymentAsTheModel_floatsAndDimensions() {
    EmbeddingResponse r = client(AzureFixtures.target(azure).urlForm(AzureUrlForm.V1))
        .embed(EmbeddingRequest.builder("embed").input("short").dimensions(256).encoding(EmbeddingEncoding.FLOAT)
            .build());

    RecordedCall sent = azure.lastRequest();
    assertThat(sent.path()).isEqualTo("/openai/v1/embeddings");
    assertThat(sent.at("model")).isEqualTo(EMBED_DEPLOYMENT);
    assertThat(sent.at("encoding_format")).isEqualTo("float");
    assertThat(((Number) sent.at("dimensions")).intValue()).isEqualTo(256);
    assertThat(r.dimensions()).isEqualTo(256);
    assertThat(r.vector(0)).isEqualTo(FakeEmbeddingModel.vectorFor("short", 256));
  }

  @Test
  void entraId_sendsTheBearerToken() {
    FakeCredential credential = new FakeCredential(AzureOpenAi.DEFAULT_SCOPE, Clock.systemUTC())
        .onIssue(azure::acceptBearerToken);
    EmbeddingResponse r = client(AzureOpenAi.target("azure-swc").endpoint(azure.endpoint().toString())
        .credential(credential).region("swedencentral"))
        .embed(EmbeddingRequest.of("embed", List.of("with a token")));

    assertThat(azure.lastRequest().header("Authorization")).isEqualTo("Bearer " + credential.issued().get(0));
    assertThat(azure.lastRequest().header("api-key")).isNull();
    assertThat(r.embeddings()).hasSize(1);
  }

  @Test
  void moreThan2048Inputs_goInTwoRequests_inOrder() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 2050; i++) {
      texts.add("t" + i);
    }
    EmbeddingResponse r = client(AzureFixtures.target(azure))
        .embed(EmbeddingRequest.builder("embed").inputs(texts).dimensions(4).build());

    assertThat(azure.requests()).hasSize(2);
    // sent at once, so in either order: the first 2048, and the last two
    assertThat(azure.requests()).extracting(c -> ((List<?>) c.at("input")).size()).containsExactlyInAnyOrder(2048, 2);
    assertThat(azure.requests()).anySatisfy(c -> assertThat(c.at("input")).isEqualTo(List.of("t2048", "t2049")));
    assertThat(r.embeddings()).hasSize(2050);
    assertThat(r.vector(2049)).isEqualTo(FakeEmbeddingModel.vectorFor("t2049", 4));
    assertThat(r.batches()).isEqualTo(2);
  }

  @Test
  void throttling_isRetried_withAzuresRetryAfter() {
    azure.enqueue(AzureReply.rateLimited(Duration.ofMillis(5)));
    EmbeddingResponse r = client(AzureFixtures.target(azure)).embed(EmbeddingRequest.of("embed", List.of("x")));

    assertThat(azure.requests()).hasSize(2);
    assertThat(r.attempts()).hasSize(2);
    assertThat(r.attempts().get(0).errorType()).isEqualTo("RateLimitedException");
  }

  @Test
  void azuresErrors_mapAsForChat() {
    Target wrongKey = AzureFixtures.target(azure).apiKey("wrong-key-0123456789")
        .embeddingDeployment("embed", EMBED_DEPLOYMENT).build();
    try (StatelineClient c = AzureFixtures.client(wrongKey, RetryPolicy.builder().maxAttempts(1).build())) {
      assertThatThrownBy(() -> c.embed(EmbeddingRequest.of("embed", List.of("x"))))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageNotContaining("wrong-key-0123456789");
    }
    Target unknown = AzureFixtures.target(azure).embeddingDeployment("embed", "no-such-deployment").build();
    try (StatelineClient c = AzureFixtures.client(unknown, RetryPolicy.builder().maxAttempts(1).build())) {
      assertThatThrownBy(() -> c.embed(EmbeddingRequest.of("embed", List.of("x"))))
          .isInstanceOf(dev.stateline.error.StatelineException.class)
          .satisfies(e -> assertThat(((dev.stateline.error.StatelineException) e).statusCode()).isEqualTo(404));
    }
  }

  @Test
  void anEmbeddingOnlyTarget_servesNoChat() {
    Target onlyEmbeds = AzureOpenAi.target("azure-embed").endpoint(azure.endpoint().toString()).apiKey(azure.apiKey())
        .embeddingDeployment("embed", EMBED_DEPLOYMENT).build();
    assertThat(onlyEmbeds.models()).isEmpty();
    assertThat(onlyEmbeds.embeds("embed")).isTrue();
    assertThat(onlyEmbeds.embeddingModelFor("embed")).isEqualTo(EMBED_DEPLOYMENT);
    onlyEmbeds.chatModel().close();
  }

  @Test
  void anInvalidRequest_isTheProvidersFourHundred() {
    azure.enqueue(AzureReply.of(dev.stateline.testing.openai.Reply.error(400, "invalid_request_error",
        null, "'$.input' is invalid.")));
    assertThatThrownBy(() -> client(AzureFixtures.target(azure)).embed(EmbeddingRequest.of("embed", List.of("x"))))
        .isInstanceOf(InvalidRequestException.class);
  }
}
