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
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.error.AuthenticationException;
import dev.stateline.error.NoEligibleTargetException;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.session.SessionOptions;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.testing.FakeChatModel;
import dev.stateline.testing.FakeErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans, metrics and events checked with the OpenTelemetry SDK's in-memory exporters, every
 * attribute by the name the GenAI semantic conventions give it (written out here, not taken from
 * {@link GenAiAttributes}, so a renamed constant fails): {@code gen_ai.request.model} is the
 * deployment or model id actually requested and the alias is {@code stateline.model.alias}; the
 * span is current during each attempt; agent runtimes are {@code invoke_agent}; image parts follow
 * the input-messages schema; streams record both chunk histograms; breaker changes are events and
 * a gauge.
 */
class StatelineOpenTelemetryTest {
  private static final String CANARY_PROMPT = "CANARY-PROMPT-1234";
  private static final String CANARY_ANSWER = "CANARY-ANSWER-5678";
  private static final String AGENT_ARN =
      "arn:aws:bedrock-agentcore:eu-central-1:123456789012:runtime/support_agent-XyZ1234567";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
          .build())
      .build();
  /** What an HTTP client's instrumentation would do: a span of its own, under whatever is current. */
  private final Tracer http = otel.getTracer("test.http");
  private final FakeChatModel azure = new FakeChatModel();
  private final FakeChatModel bedrock = new FakeChatModel();

  @AfterEach
  void shutdown() {
    otel.close();
  }

  private Target azureTarget(ChatModel model) {
    return Target.builder("az-swc", model).provider("azure.ai.openai").region(Region.azure("swedencentral"))
        .serverAddress("contoso.openai.azure.com", 443).model("gpt-4.1", "gpt41-prod")
        .price(Price.perMillionTokens("2.00", "8.00")).build();
  }

  private Target bedrockTarget() {
    return Target.builder("aws-fra", bedrock).provider("aws.bedrock").region(Region.aws("eu-central-1"))
        .serverAddress("bedrock-runtime.eu-central-1.amazonaws.com", 443)
        .model("gpt-4.1", "openai.gpt-oss-120b-1:0").build();
  }

  private StatelineOpenTelemetry telemetry(boolean captureContent) {
    return StatelineOpenTelemetry.builder(otel).captureContent(captureContent).build();
  }

  private StatelineClient.Builder client(boolean captureContent) {
    return client(telemetry(captureContent), azure);
  }

  private StatelineClient.Builder client(StatelineOpenTelemetry t, ChatModel azureModel) {
    return StatelineClient.builder()
        .target(azureTarget(azureModel))
        .target(bedrockTarget())
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(1)).build())
        .telemetry(t)
        .addTargetInterceptor(t.interceptor());
  }

  private List<SpanData> genAiSpans() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals(StatelineOpenTelemetry.SCOPE)).toList();
  }

  private SpanData onlySpan() {
    List<SpanData> finished = genAiSpans();
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  private Map<String, MetricData> metricsByName() {
    Collection<MetricData> all = metrics.collectAllMetrics();
    return all.stream().collect(Collectors.toMap(MetricData::getName, m -> m));
  }

  /** Every attribute of {@code a} by its name, values as the SDK holds them. */
  private static Map<String, Object> byName(Attributes a) {
    Map<String, Object> out = new TreeMap<>();
    a.forEach((k, v) -> out.put(k.getKey(), v));
    return out;
  }

  private static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Test
  void aChatCall_isOneClientSpan_namedForTheDeploymentActuallyRequested_withTheGenAiAttributes() {
    azure.replyWith("Two words");

    client(false).build().chat(ChatRequest.builder().model("gpt-4.1").userMessage("Say two words")
        .maxOutputTokens(50).temperature(0.2).topP(0.9).seed(7L).build());

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat gpt41-prod");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    Map<String, Object> a = byName(span.getAttributes());
    String callId = (String) a.get("stateline.call.id");
    assertThat(a).isEqualTo(new TreeMap<>(Map.ofEntries(
        Map.entry("gen_ai.operation.name", "chat"),
        Map.entry("gen_ai.provider.name", "azure.ai.openai"),
        Map.entry("gen_ai.request.model", "gpt41-prod"),
        Map.entry("gen_ai.request.max_tokens", 50L),
        Map.entry("gen_ai.request.temperature", 0.2),
        Map.entry("gen_ai.request.top_p", 0.9),
        Map.entry("gen_ai.request.seed", 7L),
        Map.entry("gen_ai.output.type", "text"),
        Map.entry("gen_ai.response.model", "gpt41-prod"),
        Map.entry("gen_ai.response.id", attr(span, AttributeKey.stringKey("gen_ai.response.id"))),
        Map.entry("gen_ai.response.finish_reasons", List.of("stop")),
        Map.entry("gen_ai.usage.input_tokens", 3L),
        Map.entry("gen_ai.usage.output_tokens", 2L),
        Map.entry("server.address", "contoso.openai.azure.com"),
        Map.entry("server.port", 443L),
        Map.entry("stateline.model.alias", "gpt-4.1"),
        Map.entry("stateline.target", "az-swc"),
        Map.entry("stateline.region", "azure/swedencentral"),
        Map.entry("stateline.call.kind", "stateless"),
        Map.entry("stateline.call.id", callId),
        Map.entry("stateline.placement.primary", "az-swc"),
        Map.entry("stateline.placement.fallbacks", List.of("aws-fra")),
        Map.entry("stateline.attempts", 1L),
        Map.entry("stateline.failovers", 0L),
        Map.entry("stateline.processing.scope", "region azure/swedencentral"),
        Map.entry("stateline.cost.amount", "0.00002200"),
        Map.entry("stateline.cost.currency", "USD"))));
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.response.id"))).isNotBlank();
    assertThat(span.getEvents()).extracting(EventData::getName).containsExactly("stateline.attempt.started");
  }

  @Test
  void theAttributesNeededForSampling_areThereWhenTheSpanStarts() {
    List<Map<String, Object>> atStart = new java.util.concurrent.CopyOnWriteArrayList<>();
    OpenTelemetrySdk sampling = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
        .setSampler(new io.opentelemetry.sdk.trace.samplers.Sampler() {
          @Override
          public io.opentelemetry.sdk.trace.samplers.SamplingResult shouldSample(io.opentelemetry.context.Context c,
              String traceId, String name, SpanKind kind, Attributes attributes,
              List<io.opentelemetry.sdk.trace.data.LinkData> links) {
            atStart.add(byName(attributes));
            return io.opentelemetry.sdk.trace.samplers.SamplingResult.recordAndSample();
          }

          @Override
          public String getDescription() {
            return "records what it is shown";
          }
        }).build()).build();
    azure.replyWith("ok");
    StatelineOpenTelemetry t = StatelineOpenTelemetry.builder(sampling).build();

    client(t, azure).build().chat(ChatRequest.of("gpt-4.1", "hi"));

    assertThat(atStart).singleElement().satisfies(a -> assertThat(a)
        .containsEntry("gen_ai.operation.name", "chat").containsEntry("gen_ai.provider.name", "azure.ai.openai")
        .containsEntry("gen_ai.request.model", "gpt41-prod")
        .containsEntry("server.address", "contoso.openai.azure.com").containsEntry("server.port", 443L));
    sampling.close();
  }

  @Test
  void aChatCall_recordsTheDurationAndTokenHistograms_withTheConventionsAttributes() {
    azure.replyWith("Two words");

    client(false).build().chat(ChatRequest.of("gpt-4.1", "Say two words"));

    Map<String, MetricData> m = metricsByName();
    assertThat(m).containsKeys("gen_ai.client.operation.duration", "gen_ai.client.token.usage", "stateline.client.cost")
        .doesNotContainKeys("gen_ai.client.operation.time_to_first_chunk",
            "gen_ai.client.operation.time_per_output_chunk");
    MetricData duration = m.get("gen_ai.client.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData d = duration.getHistogramData().getPoints().iterator().next();
    assertThat(d.getCount()).isEqualTo(1);
    assertThat(d.getBoundaries()).containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24,
        20.48, 40.96, 81.92);
    assertThat(byName(d.getAttributes())).isEqualTo(new TreeMap<>(Map.of(
        "gen_ai.operation.name", "chat",
        "gen_ai.provider.name", "azure.ai.openai",
        "gen_ai.request.model", "gpt41-prod",
        "gen_ai.response.model", "gpt41-prod",
        "server.address", "contoso.openai.azure.com",
        "server.port", 443L,
        "stateline.target", "az-swc",
        "stateline.model.alias", "gpt-4.1",
        "stateline.call.kind", "stateless")));

    MetricData usage = m.get("gen_ai.client.token.usage");
    assertThat(usage.getUnit()).isEqualTo("{token}");
    Map<String, Double> byType = usage.getHistogramData().getPoints().stream().collect(Collectors.toMap(
        p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")), HistogramPointData::getSum));
    assertThat(byType).containsOnly(Map.entry("input", 3.0), Map.entry("output", 2.0));
  }

  @Test
  void aStream_recordsTimeToFirstChunk_andTimePerOutputChunk_forEachChunkAfterTheFirst() {
    azure.streamChunks("Hel", "lo", " wor", "ld");

    try (ChatStream stream = client(false).build().stream(ChatRequest.of("gpt-4.1", "Hi"))) {
      stream.response();
    }

    SpanData span = onlySpan();
    assertThat(span.getEvents()).extracting(EventData::getName).contains("stateline.first_token");
    assertThat(attr(span, AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
    assertThat(attr(span, AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"))).isPositive();
    Map<String, MetricData> m = metricsByName();
    MetricData ttfc = m.get("gen_ai.client.operation.time_to_first_chunk");
    assertThat(ttfc.getUnit()).isEqualTo("s");
    assertThat(ttfc.getHistogramData().getPoints()).singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(1));
    MetricData perChunk = m.get("gen_ai.client.operation.time_per_output_chunk");
    assertThat(perChunk.getUnit()).isEqualTo("s");
    assertThat(perChunk.getHistogramData().getPoints()).singleElement().satisfies(p -> {
      assertThat(p.getCount()).as("four chunks: three gaps").isEqualTo(3);
      assertThat(p.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt41-prod");
      assertThat(p.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("azure.ai.openai");
    });
  }

  /** A provider whose HTTP work is traced by "its HTTP client": a span per request and per read. */
  private final class TracedModel implements ChatModel {
    private final FakeChatModel delegate = new FakeChatModel();

    @Override
    public ChatResponse chat(ModelCall call) {
      http.spanBuilder("POST /chat/completions").startSpan().end();
      return delegate.chat(call);
    }

    @Override
    public EventSource stream(ModelCall call) {
      http.spanBuilder("POST /chat/completions (stream)").startSpan().end();
      EventSource source = delegate.stream(call);
      return new EventSource() {
        @Override
        public ChatEvent next() {
          http.spanBuilder("read").startSpan().end();
          return source.next();
        }

        @Override
        public void close() {
          source.close();
        }
      };
    }
  }

  @Test
  void withTheInterceptor_theHttpSpansOfEachAttemptAndEachRead_nestUnderTheCallsSpan() {
    TracedModel traced = new TracedModel();
    traced.delegate.failWith(FakeErrors.unavailable()).replyWith("ok").streamChunks("a", "b");
    StatelineClient client = client(telemetry(false), traced).build();

    client.chat(ChatRequest.of("gpt-4.1", "retried once"));
    try (ChatStream stream = client.stream(ChatRequest.of("gpt-4.1", "streamed"))) {
      stream.response();
    }

    List<SpanData> calls = genAiSpans();
    assertThat(calls).hasSize(2);
    List<SpanData> httpSpans = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals("test.http")).toList();
    assertThat(httpSpans).extracting(SpanData::getName).startsWith("POST /chat/completions",
        "POST /chat/completions", "POST /chat/completions (stream)").contains("read");
    assertThat(httpSpans.subList(0, 2)).as("both attempts of the first call")
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(calls.get(0).getSpanId()));
    assertThat(httpSpans.subList(2, httpSpans.size())).as("the stream's request and every read")
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(calls.get(1).getSpanId()));
  }

  @Test
  void withoutTheInterceptor_theCallSpanIsStillRecorded_butHttpSpansDoNotNestUnderIt() {
    TracedModel traced = new TracedModel();
    traced.delegate.replyWith("ok");
    StatelineOpenTelemetry t = telemetry(false);
    StatelineClient.builder().target(azureTarget(traced)).telemetry(t).build()
        .chat(ChatRequest.of("gpt-4.1", "hi"));

    SpanData call = onlySpan();
    SpanData httpSpan = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals("test.http")).findFirst().orElseThrow();
    assertThat(httpSpan.getParentSpanId()).isNotEqualTo(call.getSpanId());
  }

  @Test
  void aRetryAndFailover_showAsAttemptEvents_andTheSpanFollowsTheTargetThatAnswered() {
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
    assertThat(failed.get(0).getAttributes().get(AttributeKey.longKey("stateline.error.status"))).isEqualTo(503L);
    assertThat(span.getName()).isEqualTo("chat openai.gpt-oss-120b-1:0");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("aws.bedrock");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("openai.gpt-oss-120b-1:0");
    assertThat(attr(span, AttributeKey.stringKey("server.address")))
        .isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
    assertThat(attr(span, AttributeKey.stringKey("stateline.model.alias"))).isEqualTo("gpt-4.1");
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
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt41-prod");
    HistogramPointData d = metricsByName().get("gen_ai.client.operation.duration").getHistogramData().getPoints()
        .iterator().next();
    assertThat(d.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("AuthenticationException");
    assertThat(d.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt41-prod");
    assertThat(metricsByName()).doesNotContainKey("gen_ai.client.token.usage");
  }

  @Test
  void aCallNoTargetMayTake_isStillASpan_withItsErrorType_andNoProvider() {
    StatelineOpenTelemetry t = telemetry(false);
    StatelineClient client = StatelineClient.builder().target(azureTarget(azure)).telemetry(t).build();

    assertThatThrownBy(() -> client.chat(ChatRequest.of("gpt-5", "no target serves this alias")))
        .isInstanceOf(NoEligibleTargetException.class);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("chat gpt-5");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(span, AttributeKey.stringKey("error.type"))).isEqualTo("NoEligibleTargetException");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.provider.name"))).isNull();
    assertThat(attr(span, AttributeKey.stringKey("stateline.model.alias"))).isEqualTo("gpt-5");
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
  void aCallToAnAgentRuntime_isAnInvokeAgentSpan_withTheAgentAttributes() {
    FakeChatModel agent = new FakeChatModel().replyWith("Your parcel left Leipzig this morning.");
    Target runtime = Target.builder("agentcore-fra", agent).provider("aws.bedrock").region(Region.aws("eu-central-1"))
        .hosting(Target.Hosting.STATEFUL_RUNTIME).model("support", AGENT_ARN).build();
    StatelineOpenTelemetry t = telemetry(false);
    StatelineClient client = StatelineClient.builder().target(runtime).telemetry(t)
        .addTargetInterceptor(t.interceptor()).sessionDefaults(SessionOptions.builder().model("support").build())
        .build();

    client.session("case-4711").send("Where is my order?");

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("invoke_agent support_agent");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("invoke_agent");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("aws.bedrock");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.agent.id"))).isEqualTo(AGENT_ARN);
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("support_agent");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.conversation.id"))).isEqualTo("case-4711");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.request.model"))).as("an agent is no model").isNull();
    assertThat(attr(span, AttributeKey.stringKey("stateline.model.alias"))).isEqualTo("support");
    HistogramPointData d = metricsByName().get("gen_ai.client.operation.duration").getHistogramData().getPoints()
        .iterator().next();
    assertThat(d.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("invoke_agent");
  }

  @Test
  void aTurnOfABedrockManagedAgent_isAnInvokeAgentSpan_namedForTheAgent_withItsModel_andNoInventedId() {
    FakeChatModel agent = new FakeChatModel().replyWith("Two files: notes.md and report.txt.");
    Target agents = Target.builder("aws-agents", agent).provider("aws.bedrock").region(Region.aws("us-east-1"))
        .hosting(Target.Hosting.STATEFUL_RUNTIME)
        .model("support", "bedrock-managed-agent:support:openai.gpt-5.6-luna").build();
    StatelineOpenTelemetry t = telemetry(false);
    StatelineClient client = StatelineClient.builder().target(agents).telemetry(t)
        .addTargetInterceptor(t.interceptor()).sessionDefaults(SessionOptions.builder().model("support").build())
        .build();

    client.session("case-4711").send("List the files.");

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("invoke_agent support");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("invoke_agent");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("support");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("openai.gpt-5.6-luna");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.agent.id"))).as("the preview has no stable agent id").isNull();
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.conversation.id"))).isEqualTo("case-4711");
    HistogramPointData d = metricsByName().get("gen_ai.client.operation.duration").getHistogramData().getPoints()
        .iterator().next();
    assertThat(d.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("invoke_agent");
  }

  @Test
  void aBreakerThatOpens_isAnEventAndASpanEvent_andTheGaugeShowsEachTargetsState() {
    StatelineOpenTelemetry t = telemetry(false);
    StatelineClient client = StatelineClient.builder().target(azureTarget(azure)).target(bedrockTarget())
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
        .circuitBreaker(CircuitBreakerPolicy.builder().minimumCalls(2).windowSize(2).build())
        .telemetry(t).addTargetInterceptor(t.interceptor()).build();
    azure.failWith(FakeErrors.unavailable()).failWith(FakeErrors.unavailable());

    client.chat(ChatRequest.of("gpt-4.1", "first"));
    client.chat(ChatRequest.of("gpt-4.1", "second: opens az-swc, fails over"));

    List<LogRecordData> records = logs.getFinishedLogRecordItems();
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getEventName()).isEqualTo("stateline.circuit_breaker.state_change");
      assertThat(byName(r.getAttributes())).containsEntry("stateline.target", "az-swc")
          .containsEntry("gen_ai.provider.name", "azure.ai.openai")
          .containsEntry("stateline.circuit_breaker.state", "open")
          .containsEntry("stateline.circuit_breaker.previous_state", "closed")
          .containsEntry("stateline.circuit_breaker.reason", "2 of 2 recent calls failed")
          .containsKey("stateline.call.id");
    });
    SpanData second = genAiSpans().get(1);
    assertThat(second.getEvents()).extracting(EventData::getName).contains("stateline.circuit_breaker.state_change");

    MetricData gauge = metricsByName().get("stateline.circuit_breaker.state");
    Map<String, Long> states = gauge.getLongGaugeData().getPoints().stream().collect(Collectors.toMap(
        p -> p.getAttributes().get(AttributeKey.stringKey("stateline.target")) + "/"
            + p.getAttributes().get(AttributeKey.stringKey("stateline.circuit_breaker.state")),
        LongPointData::getValue));
    assertThat(states).containsOnly(
        Map.entry("az-swc/open", 1L), Map.entry("az-swc/closed", 0L), Map.entry("az-swc/half_open", 0L),
        Map.entry("aws-fra/closed", 1L), Map.entry("aws-fra/open", 0L), Map.entry("aws-fra/half_open", 0L));
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
        + metrics.collectAllMetrics() + " " + logs.getFinishedLogRecordItems();
    assertThat(everything).doesNotContain(CANARY_PROMPT, CANARY_ANSWER);
  }

  @Test
  void contentIsRecordedOnOptIn_asTheInputAndOutputMessageSchemasShapeIt() {
    azure.replyWith(CANARY_ANSWER);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};

    client(true).build().chat(ChatRequest.builder().model("gpt-4.1").systemMessage("Be \"brief\"")
        .addMessage(Message.user(new TextPart(CANARY_PROMPT), ImagePart.fromBytes(png, "image/png"),
            ImagePart.fromUrl("https://example.com/receipt.jpg")))
        .addMessage(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"location\": \"Paris\"}"))))
        .addMessage(Message.tool("call_1", "{\"forecast\":\"rainy, 14 °C\"}"))
        .addMessage(Message.assistant("", List.of(new ToolCall("call_2", "lookup", "not json {"))))
        .addMessage(Message.tool("call_2", "plain text result"))
        .build());

    SpanData span = onlySpan();
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.input.messages"))).isEqualTo("["
        + "{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be \\\"brief\\\"\"}]},"
        + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + CANARY_PROMPT + "\"},"
        + "{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":\"image/png\",\"content\":\""
        + Base64.getEncoder().encodeToString(png) + "\"},"
        + "{\"type\":\"uri\",\"modality\":\"image\",\"uri\":\"https://example.com/receipt.jpg\"}]},"
        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\","
        + "\"id\":\"call_1\",\"name\":\"get_weather\",\"arguments\":{\"location\": \"Paris\"}}]},"
        + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\","
        + "\"response\":{\"forecast\":\"rainy, 14 °C\"}}]},"
        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\","
        + "\"id\":\"call_2\",\"name\":\"lookup\",\"arguments\":\"not json {\"}]},"
        + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_2\","
        + "\"response\":\"plain text result\"}]}]");
    assertThat(attr(span, AttributeKey.stringKey("gen_ai.output.messages"))).isEqualTo(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"" + CANARY_ANSWER + "\"}],"
            + "\"finish_reason\":\"stop\"}]");
  }

  @Test
  void theJsonCheck_acceptsExactlyOneJsonValue() {
    for (String ok : List.of("{}", "[]", "{\"a\":[1,-2.5e3,true,false,null,\"x\\u00e9\"]}", " 42 ", "\"s\"")) {
      assertThat(ContentJson.JsonCheck.isValue(ok)).as(ok).isTrue();
    }
    for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "01", "{} {}", "\"unterminated", "{'a':1}", "NaN",
        "[".repeat(100) + "]".repeat(100), "\"tab\there\"")) {
      assertThat(ContentJson.JsonCheck.isValue(bad)).as(bad).isFalse();
    }
  }
}
