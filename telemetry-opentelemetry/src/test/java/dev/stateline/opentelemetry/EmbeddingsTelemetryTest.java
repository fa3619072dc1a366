/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.testing.FakeEmbeddingModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An embedding call's span: operation {@code embeddings}, the GenAI attributes, no texts or vectors. */
class EmbeddingsTelemetryTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();

  @AfterEach
  void shutdown() {
    otel.close();
  }

  @Test
  void anEmbeddingCall_isAnEmbeddingsSpan_withDimensionsTokensAndCost() {
    FakeEmbeddingModel fake = new FakeEmbeddingModel();
    Target azure = Target.embeddingBuilder("az-swc", fake).provider("azure.ai.openai")
        .region(Region.azure("swedencentral")).serverAddress("contoso.openai.azure.com", 443)
        .embeds("embed", "embed-small-prod").price(Price.perMillionTokens("0.02", "0")).build();
    StatelineOpenTelemetry t = StatelineOpenTelemetry.builder(otel).captureContent(true).build();
    try (StatelineClient client = StatelineClient.builder().target(azure).telemetry(t)
        .addTargetInterceptor(t.interceptor()).build()) {
      client.embed(EmbeddingRequest.builder("embed").input("secret text one").input("secret text two")
          .dimensions(16).build());
    }

    List<SpanData> genAi = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals(StatelineOpenTelemetry.SCOPE)).toList();
    assertThat(genAi).hasSize(1);
    SpanData span = genAi.get(0);
    assertThat(span.getName()).isEqualTo("embeddings embed-small-prod");
    assertThat(span.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("embeddings");
    assertThat(span.getAttributes().get(GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT)).isEqualTo(16L);
    assertThat(span.getAttributes().get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("embed-small-prod");
    assertThat(span.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("azure.ai.openai");
    assertThat(span.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(8L);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("stateline.cost.amount"))).isNotNull();
    assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("secret text");
  }
}
