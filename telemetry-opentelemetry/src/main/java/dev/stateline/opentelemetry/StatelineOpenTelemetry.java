/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.opentelemetry;

import static dev.stateline.opentelemetry.GenAiAttributes.*;

import dev.stateline.Interceptor;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.FinishReason;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.Placement;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stateline telemetry as OpenTelemetry spans, metrics and events, following the GenAI semantic
 * conventions: one {@code CLIENT} span per call over all its attempts, named
 * {@code {gen_ai.operation.name} {gen_ai.request.model}}, with the {@code gen_ai.*} attributes,
 * Stateline's placement attributes ({@code stateline.*}) and a span event per attempt; the
 * histograms {@code gen_ai.client.operation.duration}, {@code gen_ai.client.token.usage} and, for
 * streams, {@code gen_ai.client.operation.time_to_first_chunk} and
 * {@code gen_ai.client.operation.time_per_output_chunk}; a {@code stateline.client.cost} counter;
 * circuit-breaker state changes as events and a {@code stateline.circuit_breaker.state} gauge.
 *
 * <pre>{@code
 * StatelineOpenTelemetry otel = StatelineOpenTelemetry.builder(GlobalOpenTelemetry.get()).build();
 * StatelineClient client = StatelineClient.builder()
 *     .target(...)
 *     .telemetry(otel)                          // spans, metrics, events
 *     .addTargetInterceptor(otel.interceptor()) // the span is current during each attempt
 *     .build();
 * }</pre>
 *
 * <p><b>Models.</b> {@code gen_ai.request.model} is the model or deployment the request went to:
 * the target's name for the alias ({@code gpt41-prod}, {@code openai.gpt-oss-120b-1:0}), which is
 * what the provider's own spans and bills name. The application's alias ({@code gpt-4.1}, the same
 * on every target) is {@code stateline.model.alias}; what the provider reported is
 * {@code gen_ai.response.model}. On failover the attributes and the span name follow the target
 * that answered. The span is created when the first attempt starts (its start time is the call's
 * start), so that provider, model and server are there at creation, as the conventions ask for
 * sampling.
 *
 * <p><b>Agents.</b> A target whose model is an Amazon Bedrock AgentCore Runtime ARN is an agent:
 * its calls are {@code invoke_agent} operations, named {@code invoke_agent {gen_ai.agent.name}},
 * with {@code gen_ai.agent.id} (the ARN) and {@code gen_ai.agent.name} (the runtime's name) instead
 * of {@code gen_ai.request.model}. So is a Bedrock managed agent (provider model
 * {@code bedrock-managed-agent:<name>:<model id>}): each turn is an {@code invoke_agent <name>} span
 * with {@code gen_ai.agent.name} and the agent's model as {@code gen_ai.request.model} (the preview
 * has no stable agent id), {@code gen_ai.conversation.id} the session, and the turn's usage and cost.
 *
 * <p><b>Nesting.</b> With {@link #interceptor()} added as a target interceptor, the call's span is
 * the current span while each attempt runs and while each chunk of a stream is read, so the HTTP
 * client's spans (OkHttp, the AWS SDK, Azure Identity) nest under it; it also measures the time
 * between chunks. Without it the span is still recorded, as a sibling of those spans, and
 * {@code time_per_output_chunk} is not.
 *
 * <p>Prompts and completions ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}, as JSON
 * strings in the conventions' schemas) are recorded only with
 * {@link Builder#captureContent(boolean) captureContent(true)}.
 *
 * <p>The span's parent is the context current on the thread that starts the call. Thread-safe.
 */
public final class StatelineOpenTelemetry implements Telemetry {
  /** The instrumentation scope name of the tracer, meter and logger. */
  public static final String SCOPE = "dev.stateline";

  private static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
      2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L);
  /**
   * The provider model prefix of Bedrock managed agent targets ({@code stateline-aws}'s
   * {@code BedrockManagedAgent.PROVIDER_MODEL_PREFIX}): {@code bedrock-managed-agent:<name>:<model id>}.
   */
  static final String MANAGED_AGENT_PREFIX = "bedrock-managed-agent:";
  /** An AgentCore Runtime ARN; group 1 is the runtime id, group 2 its name. */
  private static final Pattern AGENT_RUNTIME_ARN = Pattern.compile(
      "arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\\d{12}:runtime/(([a-zA-Z][a-zA-Z0-9_]{0,99})-[a-zA-Z0-9]{10})");

  /**
   * Whether the OpenTelemetry API on the classpath names log-record events itself
   * ({@code LogRecordBuilder.setEventName}: 1.55 does, 1.49, which Spring Boot 3.5 manages, does
   * not); without it the event's name is the attribute {@code event.name}, as before.
   */
  private static final boolean EVENT_NAME_API = hasEventNameApi();
  private static final AttributeKey<String> EVENT_NAME_ATTRIBUTE = AttributeKey.stringKey("event.name");

  private final Tracer tracer;
  private final Logger events;
  private final DoubleHistogram duration;
  private final LongHistogram tokens;
  private final DoubleHistogram firstChunk;
  private final DoubleHistogram perChunk;
  private final DoubleCounter cost;
  private final boolean captureContent;
  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
  /** The last known circuit state of every target seen, for the gauge. */
  private final ConcurrentHashMap<String, CircuitState> circuits = new ConcurrentHashMap<>();
  private final Interceptor interceptor = this::intercept;

  private StatelineOpenTelemetry(Builder b) {
    this.tracer = b.openTelemetry.getTracer(SCOPE);
    this.events = b.openTelemetry.getLogsBridge().get(SCOPE);
    Meter meter = b.openTelemetry.getMeter(SCOPE);
    this.duration = meter.histogramBuilder(METRIC_OPERATION_DURATION).setUnit("s")
        .setDescription("GenAI operation duration.").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.tokens = meter.histogramBuilder(METRIC_TOKEN_USAGE).ofLongs().setUnit("{token}")
        .setDescription("Number of input and output tokens used.").setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
        .build();
    this.firstChunk = meter.histogramBuilder(METRIC_TIME_TO_FIRST_CHUNK).setUnit("s")
        .setDescription("Time to receive the first chunk of a streamed answer.")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.perChunk = meter.histogramBuilder(METRIC_TIME_PER_OUTPUT_CHUNK).setUnit("s")
        .setDescription("Time per output chunk after the first, from the end of the previous chunk.")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.cost = meter.counterBuilder(METRIC_COST).ofDoubles().setUnit("{currency_unit}")
        .setDescription("What calls cost, per the client's prices, in the currency named by stateline.cost.currency.")
        .build();
    meter.gaugeBuilder(METRIC_CIRCUIT_STATE).ofLongs().setUnit("1")
        .setDescription("1 for the state each target's circuit breaker is in, 0 for the others.")
        .buildWithCallback(m -> circuits.forEach((target, state) -> {
          for (CircuitState s : CircuitState.values()) {
            m.record(s == state ? 1 : 0, Attributes.of(TARGET, target, CIRCUIT_STATE, name(s)));
          }
        }));
    this.captureContent = b.captureContent;
  }

  /** A builder over {@code openTelemetry} (the SDK you configured, or {@code GlobalOpenTelemetry.get()}). */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * The target interceptor that makes each call's span current during every attempt and every read
   * of a stream, so that HTTP and SDK spans nest under it, and that times a stream's chunks. Add it
   * with {@code StatelineClient.Builder.addTargetInterceptor}; the same instance every time.
   */
  public Interceptor interceptor() {
    return interceptor;
  }

  @Override
  public boolean captureContent() {
    return captureContent;
  }

  @Override
  public void onEvent(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallStarted e) {
      calls.put(e.call().callId(), new Call(e, Context.current()));
      return;
    }
    if (event instanceof TelemetryEvent.CircuitStateChanged e) {
      circuitChanged(e);
      return;
    }
    boolean last = event instanceof TelemetryEvent.CallFinished || event instanceof TelemetryEvent.CallFailed;
    Call call = last ? calls.remove(event.call().callId()) : calls.get(event.call().callId());
    if (call == null) {
      return;
    }
    if (event instanceof TelemetryEvent.PlacementDecided e) {
      call.placement = e.placement();
    } else if (event instanceof TelemetryEvent.AttemptStarted e) {
      attemptStarted(call, e);
    } else if (event instanceof TelemetryEvent.AttemptFailed e) {
      seen(e.target());
      AttributesBuilder a = Attributes.builder().put(TARGET, e.target().name()).put(ATTEMPT, (long) e.attempt())
          .put(ERROR_TYPE, e.errorType()).put(NEXT, e.next().name().toLowerCase(Locale.ROOT));
      if (e.error().statusCode() != 0) {
        a.put(HTTP_STATUS, (long) e.error().statusCode());
      }
      if (e.next() == TelemetryEvent.Next.RETRY) {
        a.put(RETRY_DELAY_MS, e.retryDelay().toMillis());
      }
      if (e.nextTarget() != null) {
        a.put(NEXT_TARGET, e.nextTarget());
      }
      call.span(this).addEvent(EVENT_ATTEMPT_FAILED, a.build(), e.time());
    } else if (event instanceof TelemetryEvent.FirstToken e) {
      call.firstChunkSeconds = seconds(e.sinceStart().toNanos());
      Span span = call.span(this);
      span.addEvent(EVENT_FIRST_TOKEN, e.time());
      span.setAttribute(RESPONSE_TIME_TO_FIRST_CHUNK, call.firstChunkSeconds);
    } else if (event instanceof TelemetryEvent.ResidencyBreach e) {
      call.span(this).addEvent(EVENT_RESIDENCY_BREACH, Attributes.builder().put(TARGET, e.target().name())
          .put(PROCESSING_REGION, e.processingRegion()).put(REGION, e.region().toString())
          .put(RESIDENCY, e.jurisdiction().name()).build(), e.time());
    } else if (event instanceof TelemetryEvent.CallFinished e) {
      finished(call, e);
    } else if (event instanceof TelemetryEvent.CallFailed e) {
      failed(call, e);
    }
  }

  // ---- spans

  /** What the conventions want at span creation, for the target of an attempt. */
  private static void request(AttributesBuilder a, Target t, String providerModel, String operation) {
    Agent agent = Agent.of(providerModel);
    a.put(OPERATION_NAME, agent != null ? OPERATION_INVOKE_AGENT : operation);
    a.put(PROVIDER_NAME, t.provider()).put(TARGET, t.name());
    if (agent != null) {
      a.put(AGENT_NAME, agent.name());
      if (agent.id() != null) {
        a.put(AGENT_ID, agent.id());
      }
      if (agent.model() != null) {
        a.put(REQUEST_MODEL, agent.model());
      }
    } else if (providerModel != null) {
      a.put(REQUEST_MODEL, providerModel);
    }
    if (t.region() != null) {
      a.put(REGION, t.region().toString());
    }
    if (t.serverAddress() != null) {
      a.put(SERVER_ADDRESS, t.serverAddress());
      if (t.serverPort() > 0) {
        a.put(SERVER_PORT, (long) t.serverPort());
      }
    }
  }

  private static String spanName(Target t, String providerModel, String alias, String operation) {
    Agent agent = Agent.of(providerModel);
    if (agent != null) {
      return OPERATION_INVOKE_AGENT + " " + agent.name();
    }
    return operation + " " + (providerModel != null ? providerModel : alias);
  }

  private void attemptStarted(Call call, TelemetryEvent.AttemptStarted e) {
    Target t = e.target();
    seen(t);
    synchronized (call) {
      if (call.span == null) {
        AttributesBuilder a = call.callAttributes();
        request(a, t, e.providerModel(), call.info.operation());
        SpanBuilder sb = tracer.spanBuilder(spanName(t, e.providerModel(), call.info.alias(), call.info.operation()))
            .setParent(call.parent).setSpanKind(SpanKind.CLIENT).setStartTimestamp(call.start)
            .setAllAttributes(a.build());
        call.span = sb.startSpan();
        placed(call.span, call.placement);
      } else if (!t.name().equals(call.targetName)) {
        AttributesBuilder a = Attributes.builder();
        request(a, t, e.providerModel(), call.info.operation());
        call.span.setAllAttributes(a.build());
        call.span.updateName(spanName(t, e.providerModel(), call.info.alias(), call.info.operation()));
      }
      call.target = t;
      call.targetName = t.name();
      call.providerModel = e.providerModel();
    }
    call.span.addEvent(EVENT_ATTEMPT_STARTED, Attributes.of(TARGET, t.name(), ATTEMPT, (long) e.attempt()), e.time());
  }

  private static void placed(Span span, Placement p) {
    if (p == null) {
      return;
    }
    if (p.primary() != null) {
      span.setAttribute(PLACEMENT_PRIMARY, p.primary());
    }
    span.setAttribute(PLACEMENT_FALLBACKS, p.fallbacks());
    List<String> excluded = new ArrayList<>();
    for (Placement.Decision d : p.exclusions()) {
      excluded.add(d.target() + ":" + d.rule());
    }
    if (!excluded.isEmpty()) {
      span.setAttribute(PLACEMENT_EXCLUDED, excluded);
    }
    if (p.residency() != null) {
      span.setAttribute(RESIDENCY, p.residency().name());
    }
  }

  private void finished(Call call, TelemetryEvent.CallFinished e) {
    Span span = call.span(this);
    Target t = e.target() != null ? e.target() : call.target;
    AttributesBuilder a = Attributes.builder();
    if (t != null) {
      request(a, t, e.providerModel(), call.info.operation());
      if (call.span != null && !t.name().equals(call.targetName)) {
        span.updateName(spanName(t, e.providerModel(), call.info.alias(), call.info.operation()));
      }
    }
    if (e.responseModel() != null) {
      a.put(RESPONSE_MODEL, e.responseModel());
    }
    if (e.responseId() != null) {
      a.put(RESPONSE_ID, e.responseId());
    }
    if (e.finishReason() != null) {
      a.put(RESPONSE_FINISH_REASONS, List.of(finishReason(e.finishReason())));
    }
    a.put(USAGE_INPUT_TOKENS, e.usage().inputTokens()).put(USAGE_OUTPUT_TOKENS, e.usage().outputTokens());
    if (e.usage().cachedInputTokens() > 0) {
      a.put(USAGE_CACHE_READ_INPUT_TOKENS, e.usage().cachedInputTokens());
    }
    a.put(ATTEMPTS, (long) e.attempts().size()).put(FAILOVERS, (long) e.failovers());
    if (e.processingRegion() != null) {
      a.put(PROCESSING_REGION, e.processingRegion());
    }
    if (t != null) {
      a.put(PROCESSING_SCOPE, t.processingScope(call.info.alias()).describe());
    }
    if (e.cost() != null) {
      a.put(COST_AMOUNT, e.cost().amount().toPlainString()).put(COST_CURRENCY, e.cost().currency());
    }
    if (e.input() != null) {
      a.put(INPUT_MESSAGES, ContentJson.input(e.input()));
    }
    if (e.output() != null) {
      a.put(OUTPUT_MESSAGES, ContentJson.output(e.output(), e.finishReason() == null ? null
          : finishReason(e.finishReason())));
    }
    span.setAllAttributes(a.build());
    span.end(call.start.plusNanos(e.latency().toNanos()));

    AttributesBuilder m = metricBase(call, t, e.providerModel());
    if (e.responseModel() != null) {
      m.put(RESPONSE_MODEL, e.responseModel());
    }
    Attributes metric = m.build();
    duration.record(seconds(e.latency().toNanos()), metric);
    tokens.record(e.usage().inputTokens(), metric.toBuilder().put(TOKEN_TYPE, "input").build());
    tokens.record(e.usage().outputTokens(), metric.toBuilder().put(TOKEN_TYPE, "output").build());
    chunkMetrics(call, metric);
    if (e.cost() != null) {
      cost.add(e.cost().amount().doubleValue(), metric.toBuilder().put(COST_CURRENCY, e.cost().currency()).build());
    }
  }

  private void failed(Call call, TelemetryEvent.CallFailed e) {
    Span span = call.span(this);
    Target t = e.target() != null ? e.target() : call.target;
    AttributesBuilder a = Attributes.builder().put(ERROR_TYPE, e.errorType()).put(ATTEMPTS, (long) e.attempts().size());
    String providerModel = t == null ? null : t.serves(call.info.alias()) ? t.modelFor(call.info.alias()) : null;
    if (t != null) {
      request(a, t, providerModel, call.info.operation());
    }
    if (e.error().statusCode() != 0) {
      a.put(HTTP_STATUS, (long) e.error().statusCode());
    }
    if (e.error().processingRegion() != null) {
      a.put(PROCESSING_REGION, e.error().processingRegion());
    }
    if (e.input() != null) {
      a.put(INPUT_MESSAGES, ContentJson.input(e.input()));
    }
    span.setAllAttributes(a.build());
    span.setStatus(StatusCode.ERROR, e.errorType());
    span.end(call.start.plusNanos(e.latency().toNanos()));

    Attributes metric = metricBase(call, t, providerModel).build();
    duration.record(seconds(e.latency().toNanos()), metric.toBuilder().put(ERROR_TYPE, e.errorType()).build());
    chunkMetrics(call, metric);
  }

  /** A stream's first-chunk time and the gaps between its later chunks, recorded once the call ends. */
  private void chunkMetrics(Call call, Attributes metric) {
    if (!call.info.streaming()) {
      return;
    }
    if (call.firstChunkSeconds >= 0) {
      firstChunk.record(call.firstChunkSeconds, metric);
    }
    double[] gaps;
    int n;
    synchronized (call) {
      gaps = call.chunkGaps;
      n = call.chunkGapCount;
    }
    for (int i = 0; i < n; i++) {
      perChunk.record(gaps[i], metric);
    }
  }

  private static AttributesBuilder metricBase(Call call, Target t, String providerModel) {
    AttributesBuilder a = Attributes.builder().put(MODEL_ALIAS, call.info.alias()).put(CALL_KIND, kind(call.info));
    if (t != null) {
      request(a, t, providerModel, call.info.operation());
      a.remove(REGION);
    } else {
      a.put(OPERATION_NAME, call.info.operation());
    }
    return a;
  }

  // ---- circuit breakers

  private void seen(Target t) {
    if (t != null) {
      circuits.putIfAbsent(t.name(), CircuitState.CLOSED);
    }
  }

  private void circuitChanged(TelemetryEvent.CircuitStateChanged e) {
    circuits.put(e.target().name(), e.to());
    Attributes a = Attributes.builder().put(TARGET, e.target().name()).put(PROVIDER_NAME, e.target().provider())
        .put(CIRCUIT_STATE, name(e.to())).put(CIRCUIT_PREVIOUS_STATE, name(e.from()))
        .put(CIRCUIT_REASON, e.reason()).put(CALL_ID, e.call().callId()).build();
    LogRecordBuilder record = events.logRecordBuilder().setTimestamp(e.time())
        .setSeverity(e.to() == CircuitState.OPEN ? Severity.WARN : Severity.INFO).setAllAttributes(a);
    if (EVENT_NAME_API) {
      record.setEventName(EVENT_CIRCUIT_STATE_CHANGE);
    } else {
      record.setAttribute(EVENT_NAME_ATTRIBUTE, EVENT_CIRCUIT_STATE_CHANGE);
    }
    record.emit();
    Call call = calls.get(e.call().callId());
    if (call != null) {
      call.span(this).addEvent(EVENT_CIRCUIT_STATE_CHANGE, a, e.time());
    }
  }

  private static boolean hasEventNameApi() {
    try {
      LogRecordBuilder.class.getMethod("setEventName", String.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static String name(CircuitState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  // ---- the target interceptor

  private EventSource intercept(Interceptor.Chain chain) {
    ModelCall modelCall = chain.call();
    Call call = calls.get(modelCall.callId());
    if (call == null || call.span == null) {
      return chain.proceed(modelCall);
    }
    Context context = call.parent.with(call.span);
    EventSource source;
    try (Scope ignored = context.makeCurrent()) {
      source = chain.proceed(modelCall);
    }
    return modelCall.streaming() ? new CurrentDuringReads(source, context, call) : source;
  }

  /** A stream whose every read runs with the call's span current, and whose chunks are timed. */
  private static final class CurrentDuringReads implements EventSource {
    private final EventSource delegate;
    private final Context context;
    private final Call call;
    private long lastChunk;

    CurrentDuringReads(EventSource delegate, Context context, Call call) {
      this.delegate = delegate;
      this.context = context;
      this.call = call;
    }

    @Override
    public ChatEvent next() {
      ChatEvent e;
      try (Scope ignored = context.makeCurrent()) {
        e = delegate.next();
      }
      if (e instanceof ChatEvent.TextDelta || e instanceof ChatEvent.ToolCallDelta) {
        long now = System.nanoTime();
        if (lastChunk != 0) {
          call.chunkGap(seconds(now - lastChunk));
        }
        lastChunk = now;
      }
      return e;
    }

    @Override
    public void close() {
      try (Scope ignored = context.makeCurrent()) {
        delegate.close();
      }
    }
  }

  // ---- helpers

  private static String kind(CallInfo c) {
    return c.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The OpenAI-style finish reason the conventions' examples use. */
  static String finishReason(FinishReason r) {
    return switch (r) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case TOOL_CALLS -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
      case OTHER -> "other";
    };
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  @Override
  public String toString() {
    return "StatelineOpenTelemetry[" + (captureContent ? "content captured, " : "") + calls.size() + " open]";
  }

  /**
   * An agent: an AgentCore Runtime named by its ARN (its id; no model), or a Bedrock managed agent
   * named {@value #MANAGED_AGENT_PREFIX}{@code <name>:<model id>} (no stable id in the preview;
   * its model).
   */
  private record Agent(String id, String name, String model) {
    static Agent of(String providerModel) {
      if (providerModel == null) {
        return null;
      }
      if (providerModel.startsWith(MANAGED_AGENT_PREFIX)) {
        String rest = providerModel.substring(MANAGED_AGENT_PREFIX.length());
        int colon = rest.indexOf(':');
        return colon <= 0 || colon == rest.length() - 1 ? null
            : new Agent(null, rest.substring(0, colon), rest.substring(colon + 1));
      }
      if (!providerModel.startsWith("arn:")) {
        return null;
      }
      Matcher m = AGENT_RUNTIME_ARN.matcher(providerModel);
      return m.matches() ? new Agent(providerModel, m.group(2), null) : null;
    }
  }

  /** One call in flight. */
  private static final class Call {
    final CallInfo info;
    final TelemetryEvent.CallStarted started;
    final Context parent;
    final Instant start;
    volatile Placement placement;
    volatile Span span;
    volatile Target target;
    volatile String targetName;
    volatile String providerModel;
    volatile double firstChunkSeconds = -1;
    double[] chunkGaps = new double[0];
    int chunkGapCount;

    Call(TelemetryEvent.CallStarted started, Context parent) {
      this.info = started.call();
      this.started = started;
      this.parent = parent;
      this.start = started.time();
    }

    /** The span, created now (without a target) if the call ended or moved before any attempt. */
    Span span(StatelineOpenTelemetry otel) {
      Span s = span;
      if (s != null) {
        return s;
      }
      synchronized (this) {
        if (span == null) {
          AttributesBuilder a = callAttributes().put(OPERATION_NAME, info.operation());
          span = otel.tracer.spanBuilder(info.operation() + " " + info.alias()).setParent(parent)
              .setSpanKind(SpanKind.CLIENT).setStartTimestamp(start).setAllAttributes(a.build()).startSpan();
          placed(span, placement);
        }
        return span;
      }
    }

    /** What the call says about itself, whatever the target. */
    AttributesBuilder callAttributes() {
      TelemetryEvent.CallStarted e = started;
      AttributesBuilder a = Attributes.builder()
          .put(MODEL_ALIAS, info.alias())
          .put(OUTPUT_TYPE, e.outputType())
          .put(CALL_KIND, kind(info))
          .put(CALL_ID, info.callId());
      if (info.streaming()) {
        a.put(REQUEST_STREAM, true);
      }
      if (e.maxOutputTokens() != null) {
        a.put(REQUEST_MAX_TOKENS, e.maxOutputTokens().longValue());
      }
      if (e.temperature() != null) {
        a.put(REQUEST_TEMPERATURE, e.temperature());
      }
      if (e.topP() != null) {
        a.put(REQUEST_TOP_P, e.topP());
      }
      if (e.seed() != null) {
        a.put(REQUEST_SEED, e.seed());
      }
      if (e.dimensions() != null) {
        a.put(EMBEDDINGS_DIMENSION_COUNT, e.dimensions().longValue());
      }
      if (info.sessionId() != null) {
        a.put(CONVERSATION_ID, info.sessionId());
      }
      if (info.tenant() != null) {
        a.put(TENANT, info.tenant());
      }
      if (!info.tags().isEmpty()) {
        a.put(TAGS, List.copyOf(info.tags()));
      }
      return a;
    }

    synchronized void chunkGap(double seconds) {
      if (chunkGapCount == chunkGaps.length) {
        chunkGaps = java.util.Arrays.copyOf(chunkGaps, Math.max(16, chunkGaps.length * 2));
      }
      chunkGaps[chunkGapCount++] = seconds;
    }
  }

  /** Builds a {@link StatelineOpenTelemetry}. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Records prompts and completions as {@code gen_ai.input.messages} and
     * {@code gen_ai.output.messages} (off by default). They may hold personal data, and inline
     * images are recorded whole (base64), as the conventions' schema asks.
     */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    /** The listener; add it to a client with {@code telemetry(...)} and its {@link #interceptor()}. */
    public StatelineOpenTelemetry build() {
      return new StatelineOpenTelemetry(this);
    }
  }
}
