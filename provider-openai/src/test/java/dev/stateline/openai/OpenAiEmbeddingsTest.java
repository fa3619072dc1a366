/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.EmbeddingEncoding;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.testing.FakeEmbeddingModel;
import dev.stateline.testing.openai.OpenAiEmulator;
import dev.stateline.testing.openai.RecordedCall;
import dev.stateline.testing.openai.Reply;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenAI's {@code POST /v1/embeddings} through the client, on the emulator. */
class OpenAiEmbeddingsTest {
  private OpenAiEmulator openai;
  private StatelineClient client;

  @BeforeEach
  void start() {
    openai = OpenAiEmulator.create().start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    openai.close();
  }

  private StatelineClient client(int maxAttempts) {
    if (client != null) {
      client.close(); // one client at a time: each holds a lease on the shared OkHttp client
    }
    Target t = OpenAi.target("openai").apiKey(OpenAiEmulator.DEFAULT_API_KEY).baseUrl(openai.baseUrl())
        .embeds("embed", "text-embedding-3-small").embeds("old", "text-embedding-ada-002").build();
    client = Fixtures.client(t, Fixtures.fastRetries(maxAttempts));
    return client;
  }

  @Test
  void base64IsTheDefault_andDecodesToTheSameVectorsAsFloats() {
    EmbeddingResponse b64 = client(1).embed(EmbeddingRequest.of("embed", List.of("alpha", "beta")));
    RecordedCall sent = openai.lastRequest();
    assertThat(sent.path()).isEqualTo("/v1/embeddings");
    assertThat(sent.at("model")).isEqualTo("text-embedding-3-small");
    assertThat(sent.at("encoding_format")).isEqualTo("base64");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + OpenAiEmulator.DEFAULT_API_KEY);

    EmbeddingResponse floats = client.embed(EmbeddingRequest.builder("embed").input("alpha").input("beta")
        .encoding(EmbeddingEncoding.FLOAT).build());
    assertThat(openai.lastRequest().at("encoding_format")).isEqualTo("float");

    for (int i = 0; i < 2; i++) {
      assertThat(b64.vector(i)).isEqualTo(floats.vector(i));
    }
    assertThat(b64.vector(1)).isEqualTo(FakeEmbeddingModel.vectorFor("beta", 1536));
    assertThat(b64.usage().inputTokens()).isEqualTo(3);
    assertThat(b64.provider()).isEqualTo("openai");
  }

  @Test
  void dimensions_areSent_andRefusedBeforeSendingForAda002() {
    EmbeddingResponse r = client(1).embed(EmbeddingRequest.builder("embed").input("x").dimensions(64).build());
    assertThat(((Number) openai.lastRequest().at("dimensions")).intValue()).isEqualTo(64);
    assertThat(r.dimensions()).isEqualTo(64);

    int before = openai.requests().size();
    assertThatThrownBy(() -> client.embed(EmbeddingRequest.builder("old").input("x").dimensions(64).build()))
        .isInstanceOfSatisfying(InvalidRequestException.class,
            e -> assertThat(e.getMessage()).contains("does not support 'dimensions'"));
    assertThat(openai.requests()).hasSize(before);
  }

  @Test
  void aRateLimitIsRetried() {
    openai.enqueue(Reply.rateLimited(Duration.ofMillis(2)));
    EmbeddingResponse r = client(2).embed(EmbeddingRequest.of("embed", List.of("x")));
    assertThat(r.attempts()).hasSize(2);

    openai.enqueue(Reply.rateLimited(Duration.ofMillis(2)));
    StatelineClient once = client(1);
    assertThatThrownBy(() -> once.embed(EmbeddingRequest.of("embed", List.of("x"))))
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aLyingServer_isAProtocolError() {
    client(1);
    // two vectors for one input
    openai.enqueue(Reply.raw(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"object\":\"list\",\"data\":[{\"index\":0,\"embedding\":[0.5]},{\"index\":0,\"embedding\":[0.5]}],"
            + "\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}").build()));
    assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("x"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("appears twice");
    // base64 that is not whole floats
    openai.enqueue(Reply.raw(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"data\":[{\"index\":0,\"embedding\":\"AAAA\"}]}").build()));
    assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("x"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("not whole 32-bit floats");
    // an index outside the batch
    openai.enqueue(Reply.raw(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"data\":[{\"index\":7,\"embedding\":[1.0]}]}").build()));
    assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("x"))))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("index 7");
    // an error object in a 200
    openai.enqueue(Reply.raw(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"bad input\",\"type\":\"invalid_request_error\",\"param\":\"input\"}}")
        .build()));
    assertThatThrownBy(() -> client.embed(EmbeddingRequest.of("embed", List.of("x"))))
        .isInstanceOf(InvalidRequestException.class);
  }
}
