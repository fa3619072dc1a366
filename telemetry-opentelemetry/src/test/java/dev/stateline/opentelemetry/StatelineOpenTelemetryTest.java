/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.Price;
import dev.stateline.Region;
import dev.stateline.RetryPolicy;
import dev.stateline.StatelineClient;
import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.error.AuthenticationException;
import dev.stateline.session.SessionOptions;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans and metrics checked with the OpenTelemetry SDK's in-memory exporters: names and attributes
 * as the GenAI semantic conventions spell them, Stateline's placement attributes, and content only
 * on opt-in.
 */
class StatelineOpenTelemetryTest {
  private static final String CANARY_PROMPT = "CANARY-PROMPT-1234";
  private static final String CANARY_ANSWER = "CANARY-ANSWER-5678";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  private final FakeChatModel azure = new FakeChatModel();
  private final FakeChatModel bedrock = new FakeChatModel();

  @AfterEach
  void shutdown() {
    otel.close();
  }

  private Target azureTarget() {
    return Target.builder("az-swc", azure).provider("azure.ai.openai").region(Region.azure("swedencentral"))
        .serverAddress("contoso.openai.azure.com", 443).model("gpt-4.1", "gpt41-prod")
        .price(Price.perMillionTokens("2.00", "8.00")).build();
  }

  private Target bedrockTarget() {
    return Target.builder("aws-fra", bedrock).provider("aws.bedrock").region(Region.aws("eu-central-1"))
        .model("gpt-4.1", "openai.gpt-oss-120b-1:0").build();
  }

  private StatelineClient.Builder client(boolean captureContent) {
    return StatelineClient.builder()
        .target(azureTarget())
        .target(bedrockTarget())
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1)).build())
        .telemetry(StatelineOpenTelemetry.builder(otel).captureContent(captureContent).build());
  }

  private SpanData onlySpan() {
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  private Map<String, MetricData> metricsByName() {
    Collection<MetricData> all = metrics.collectAllMetrics();
    return all.stream().collect(Collectors.toMap(MetricData::getName, m -> m));
  }

  private static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Test
  void aChatCall_isOneClientSpanNamedOperationAndModel_withTheGenAiAttributes() {
    azure.replyWith("Two words");

    client(false).build().chat(ChatRequest.builder().model("gpt-4.1").userMessage("Say two words")
        .maxOutputTokens(50).temperature(0.2).build());

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat gpt-4.1");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("azure.ai.openai");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4.1");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt41-prod");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.response.id"))).isNotBlank();
    assertThat(attr(span, AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
    assertThat(attr(span, AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(3L);
    assertThat(attr(span, AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(2L);
    assertThat(attr(span, AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(50L);
    assertThat(attr(span, AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.output.type"))).isEqualTo("text");
    assertThat(attr(span, AttributeKey.stringKey("server.address"))).isEqualTo("contoso.openai.azure.com");
    assertThat(attr(span, AttributeKey.longKey("server.port"))).isEqualTo(443L);
    assertThat(attr(span, AttributeKey.stringKey("error.type"))).isNull();
    assertThat(attr(span, AttributeKey.stringKey("stateline.target"))).isEqualTo("az-swc");
    assertThat(attr(span, AttributeKey.stringKey("stateline.target.model"))).isEqualTo("gpt41-prod");
    assertThat(attr(span, AttributeKey.stringKey("stateline.region"))).isEqualTo("azure/swedencentral");
    assertThat(attr(span, AttributeKey.stringKey("stateline.call.kind"))).isEqualTo("stateless");
    assertThat(attr(span, AttributeKey.stringKey("stateline.placement.primary"))).isEqualTo("az-swc");
    assertThat(attr(span, AttributeKey.stringArrayKey("stateline.placement.fallbacks"))).containsExactly("aws-fra");
    assertThat(attr(span, AttributeKey.longKey("stateline.attempts"))).isEqualTo(1L);
    assertThat(attr(span, AttributeKey.longKey("stateline.failovers"))).isZero();
    assertThat(attr(span, AttributeKey.stringKey("stateline.cost.amount"))).isEqualTo("0.00002200");
    assertThat(attr(span, AttributeKey.stringKey("stateline.cost.currency"))).isEqualTo("USD");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.conversation.id"))).isNull();
    assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("stateline.attempt.started");
  }

  @Test
  void aChatCall_recordsTheDurationAndTokenHistograms_withTheConventionsAttributes() {
    azure.replyWith("Two words");

    client(false).build().chat(ChatRequest.of("gpt-4.1", "Say two words"));

    Map<String, MetricData> m = metricsByName();
    assertThat(m).containsKeys("gen_ai.client.operation.duration", "gen_ai.client.token.usage", "stateline.client.cost")
        .doesNotContainKey("gen_ai.client.operation.time_to_first_chunk");
    MetricData duration = m.get("gen_ai.client.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData d = duration.getHistogramData().getPoints().iterator().next();
    assertThat(d.getCount()).isEqualTo(1);
    assertThat(d.getBoundaries()).startsWith(0.01, 0.02, 0.04).endsWith(81.92);
    Attributes a = d.getAttributes();
    assertThat(a.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("azure.ai.openai");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4.1");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt41-prod");
    assertThat(a.get(AttributeKey.stringKey("server.address"))).isEqualTo("contoso.openai.azure.com");
    assertThat(a.get(AttributeKey.stringKey("stateline.target"))).isEqualTo("az-swc");

    MetricData usage = m.get("gen_ai.client.token.usage");
    assertThat(usage.getUnit()).isEqualTo("{token}");
    Map<String, Double> byType = usage.getHistogramData().getPoints().stream().collect(Collectors.toMap(
        p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")), HistogramPointData::getSum));
    assertThat(byType).containsOnly(Map.entry("input", 3.0), Map.entry("output", 2.0));
  }

  @Test
  void aStream_recordsTimeToFirstChunk_andAFirstTokenEvent() {
    azure.streamChunks("Hel", "lo");

    try (ChatStream stream = client(false).build().stream(ChatRequest.of("gpt-4.1", "Hi"))) {
      stream.response();
    }

    assertThat(onlySpan().getEvents()).extracting(EventData::getName).contains("stateline.first_token");
    MetricData ttfc = metricsByName().get("gen_ai.client.operation.time_to_first_chunk");
    assertThat(ttfc.getUnit()).isEqualTo("s");
    assertThat(ttfc.getHistogramData().getPoints()).singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(1));
  }

  @Test
  void aRetryAndFailover_showAsAttemptEvents_andAttemptAndFailoverCounts() {
    azure.failWith(FakeErrors.unavailable()).failWith(FakeErrors.unavailable());

    client(false).build().chat(ChatRequest.of("gpt-4.1", "Hi"));

    SpanData span = onlySpan();
    List<EventData> failed = span.getEvents().stream().filter(e -> e.getName().equals("stateline.attempt.failed"))
        .toList();
    assertThat(failed).extracting(e -> e.getAttributes().get(AttributeKey.stringKey("stateline.attempt.next")))
        .containsExactly("retry", "fail_over");
    assertThat(failed.get(1).getAttributes().get(AttributeKey.stringKey("stateline.attempt.next_target")))
        .isEqualTo("aws-fra");
    assertThat(failed.get(0).getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("ProviderUnavailableException");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("aws.bedrock");
    assertThat(attr(span, AttributeKey.longKey("stateline.attempts"))).isEqualTo(3L);
    assertThat(attr(span, AttributeKey.longKey("stateline.failovers"))).isEqualTo(1L);
  }

  @Test
  void aFailedCall_setsErrorTypeAndErrorStatus_andRecordsItsDuration() {
    azure.failWith(FakeErrors.unauthorized());

    assertThatThrownBy(() -> client(false).build().chat(ChatRequest.of("gpt-4.1", "Hi")))
        .isInstanceOf(AuthenticationException.class);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, AttributeKey.stringKey("error.type"))).isEqualTo("AuthenticationException");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("azure.ai.openai");
    HistogramPointData d = metricsByName().get("gen_ai.client.operation.duration").getHistogramData().getPoints()
        .iterator().next();
    assertThat(d.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("AuthenticationException");
    assertThat(metricsByName()).doesNotContainKey("gen_ai.client.token.usage");
  }

  @Test
  void aSessionTurn_carriesTheConversationId_andIsStateful() {
    StatelineClient client = client(false).sessionDefaults(SessionOptions.builder().model("gpt-4.1").build()).build();

    client.session("case-4711").send("Hello");

    SpanData span = onlySpan();
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.conversation.id"))).isEqualTo("case-4711");
    assertThat(attr(span, AttributeKey.stringKey("stateline.call.kind"))).isEqualTo("stateful");
  }

  @Test
  void contentIsNotRecordedByDefault_andACanaryAppearsNowhere() {
    azure.replyWith(CANARY_ANSWER);

    client(false).build().chat(ChatRequest.of("gpt-4.1", CANARY_PROMPT),
        CallOptions.builder().tenant("acme").build());

    SpanData span = onlySpan();
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.output.messages"))).isNull();
    String everything = span.getAttributes() + " " + span.getEvents() + " " + span.getName() + " "
        + metrics.collectAllMetrics();
    assertThat(everything).doesNotContain(CANARY_PROMPT, CANARY_ANSWER);
  }

  @Test
  void contentIsRecordedOnOptIn_asConventionShapedJson() {
    azure.replyWith(CANARY_ANSWER);

    client(true).build().chat(ChatRequest.builder().model("gpt-4.1").systemMessage("Be \"brief\"")
        .userMessage(CANARY_PROMPT).build());

    SpanData span = onlySpan();
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.input.messages"))).isEqualTo(
        "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be \\\"brief\\\"\"}]},"
            + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + CANARY_PROMPT + "\"}]}]");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.output.messages"))).isEqualTo(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"" + CANARY_ANSWER + "\"}],"
            + "\"finish_reason\":\"stop\"}]");
  }
}
