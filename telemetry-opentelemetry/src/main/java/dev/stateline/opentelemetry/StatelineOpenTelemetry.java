/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.opentelemetry;

import static dev.stateline.opentelemetry.GenAiAttributes.*;

import dev.stateline.Target;
import dev.stateline.chat.ContentPart;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.ImagePart;
import dev.stateline.chat.Message;
import dev.stateline.chat.TextPart;
import dev.stateline.chat.ToolCall;
import dev.stateline.placement.Placement;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stateline telemetry as OpenTelemetry spans and metrics, following the GenAI semantic conventions:
 * one {@code CLIENT} span per call, named {@code chat {alias}}, with the {@code gen_ai.*} attributes,
 * Stateline's placement attributes ({@code stateline.*}) and a span event per attempt; and the
 * histograms {@code gen_ai.client.operation.duration}, {@code gen_ai.client.token.usage} and, for
 * streams, {@code gen_ai.client.operation.time_to_first_chunk}, plus a {@code stateline.client.cost}
 * counter.
 *
 * <pre>{@code
 * StatelineClient client = StatelineClient.builder()
 *     .target(...)
 *     .telemetry(StatelineOpenTelemetry.builder(GlobalOpenTelemetry.get()).build())
 *     .build();
 * }</pre>
 *
 * <p>{@code gen_ai.request.model} is the alias the application asked for (the same on every target,
 * so dashboards stay portable); the target's own model or deployment name is
 * {@code stateline.target.model}, and what the provider reported is {@code gen_ai.response.model}.
 * {@code gen_ai.provider.name} is the target's provider ({@code azure.ai.openai},
 * {@code aws.bedrock}, {@code openai}); {@code server.address} and {@code server.port} are the
 * target's declared endpoint. {@code error.type} is the simple name of the Stateline error type
 * ({@code RateLimitedException}, ...). The full mapping is in {@code docs/telemetry.md}.
 *
 * <p>Prompts and completions ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}, as JSON
 * strings) are recorded only with {@link Builder#captureContent(boolean) captureContent(true)}.
 *
 * <p>The span's parent is the context current on the thread that starts the call. Thread-safe.
 */
public final class StatelineOpenTelemetry implements Telemetry {
  /** The instrumentation scope name of the tracer and meter. */
  public static final String SCOPE = "dev.stateline";

  private static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28,
      2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final LongHistogram tokens;
  private final DoubleHistogram firstChunk;
  private final DoubleCounter cost;
  private final boolean captureContent;
  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();

  private StatelineOpenTelemetry(Builder b) {
    this.tracer = b.openTelemetry.getTracer(SCOPE);
    Meter meter = b.openTelemetry.getMeter(SCOPE);
    this.duration = meter.histogramBuilder(METRIC_OPERATION_DURATION).setUnit("s")
        .setDescription("GenAI operation duration.").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.tokens = meter.histogramBuilder(METRIC_TOKEN_USAGE).ofLongs().setUnit("{token}")
        .setDescription("Number of input and output tokens used.").setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
        .build();
    this.firstChunk = meter.histogramBuilder(METRIC_TIME_TO_FIRST_CHUNK).setUnit("s")
        .setDescription("Time to receive the first chunk of a streamed answer.")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.cost = meter.counterBuilder(METRIC_COST).ofDoubles().setUnit("{currency_unit}")
        .setDescription("What calls cost, per the client's prices, in the currency named by stateline.cost.currency.")
        .build();
    this.captureContent = b.captureContent;
  }

  /** A builder over {@code openTelemetry} (the SDK you configured, or {@code GlobalOpenTelemetry.get()}). */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  @Override
  public boolean captureContent() {
    return captureContent;
  }

  @Override
  public void onEvent(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallStarted e) {
      started(e);
      return;
    }
    Call call = event instanceof TelemetryEvent.CallFinished || event instanceof TelemetryEvent.CallFailed
        ? calls.remove(event.call().callId()) : calls.get(event.call().callId());
    if (call == null) {
      return;
    }
    if (event instanceof TelemetryEvent.PlacementDecided e) {
      placed(call.span, e.placement());
    } else if (event instanceof TelemetryEvent.AttemptStarted e) {
      call.span.addEvent(EVENT_ATTEMPT_STARTED, Attributes.of(TARGET, e.target().name(), ATTEMPT, (long) e.attempt()),
          e.time());
    } else if (event instanceof TelemetryEvent.AttemptFailed e) {
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
      call.span.addEvent(EVENT_ATTEMPT_FAILED, a.build(), e.time());
    } else if (event instanceof TelemetryEvent.FirstToken e) {
      call.span.addEvent(EVENT_FIRST_TOKEN, e.time());
      AttributesBuilder a = metricBase(e.call());
      target(a, e.target());
      firstChunk.record(seconds(e.sinceStart().toNanos()), a.build());
    } else if (event instanceof TelemetryEvent.CallFinished e) {
      finished(call, e);
    } else if (event instanceof TelemetryEvent.CallFailed e) {
      failed(call, e);
    }
  }

  private void started(TelemetryEvent.CallStarted e) {
    CallInfo c = e.call();
    AttributesBuilder a = Attributes.builder()
        .put(OPERATION_NAME, c.operation())
        .put(REQUEST_MODEL, c.alias())
        .put(OUTPUT_TYPE, e.outputType())
        .put(CALL_KIND, kind(c))
        .put(STREAMING, c.streaming())
        .put(CALL_ID, c.callId());
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
    if (c.sessionId() != null) {
      a.put(CONVERSATION_ID, c.sessionId());
    }
    if (c.tenant() != null) {
      a.put(TENANT, c.tenant());
    }
    if (!c.tags().isEmpty()) {
      a.put(TAGS, List.copyOf(c.tags()));
    }
    Span span = tracer.spanBuilder(c.operation() + " " + c.alias()).setSpanKind(SpanKind.CLIENT)
        .setStartTimestamp(e.time()).setAllAttributes(a.build()).startSpan();
    calls.put(c.callId(), new Call(span, e.time()));
  }

  private static void placed(Span span, Placement p) {
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
    Span span = call.span;
    AttributesBuilder a = Attributes.builder();
    target(a, e.target());
    if (e.providerModel() != null) {
      a.put(TARGET_MODEL, e.providerModel());
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

    AttributesBuilder m = metricBase(e.call());
    target(m, e.target());
    if (e.responseModel() != null) {
      m.put(RESPONSE_MODEL, e.responseModel());
    }
    Attributes metric = m.build();
    duration.record(seconds(e.latency().toNanos()), metric);
    tokens.record(e.usage().inputTokens(), metric.toBuilder().put(TOKEN_TYPE, "input").build());
    tokens.record(e.usage().outputTokens(), metric.toBuilder().put(TOKEN_TYPE, "output").build());
    if (e.cost() != null) {
      cost.add(e.cost().amount().doubleValue(), metric.toBuilder().put(COST_CURRENCY, e.cost().currency()).build());
    }
  }

  private void failed(Call call, TelemetryEvent.CallFailed e) {
    Span span = call.span;
    AttributesBuilder a = Attributes.builder().put(ERROR_TYPE, e.errorType()).put(ATTEMPTS, (long) e.attempts().size());
    target(a, e.target());
    if (e.error().statusCode() != 0) {
      a.put(HTTP_STATUS, (long) e.error().statusCode());
    }
    if (e.input() != null) {
      a.put(INPUT_MESSAGES, ContentJson.input(e.input()));
    }
    span.setAllAttributes(a.build());
    span.setStatus(StatusCode.ERROR, e.errorType());
    span.end(call.start.plusNanos(e.latency().toNanos()));

    AttributesBuilder m = metricBase(e.call()).put(ERROR_TYPE, e.errorType());
    target(m, e.target());
    duration.record(seconds(e.latency().toNanos()), m.build());
  }

  private static AttributesBuilder metricBase(CallInfo c) {
    return Attributes.builder().put(OPERATION_NAME, c.operation()).put(REQUEST_MODEL, c.alias())
        .put(CALL_KIND, kind(c));
  }

  /** Provider, server and Stateline target attributes of {@code t}, if known. */
  private static void target(AttributesBuilder a, Target t) {
    if (t == null) {
      return;
    }
    a.put(PROVIDER_NAME, t.provider()).put(TARGET, t.name());
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

  private record Call(Span span, Instant start) {}

  /** Builds a {@link StatelineOpenTelemetry}. Not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Records prompts and completions as {@code gen_ai.input.messages} and
     * {@code gen_ai.output.messages} (off by default). They may hold personal data.
     */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    public StatelineOpenTelemetry build() {
      return new StatelineOpenTelemetry(this);
    }
  }

  /**
   * Messages in the shape of the conventions' input and output message JSON schemas, as JSON text:
   * {@code [{"role":"user","parts":[{"type":"text","content":"..."}]}]}.
   */
  static final class ContentJson {
    private ContentJson() {}

    static String input(List<Message> messages) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < messages.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        message(sb, messages.get(i), null);
      }
      return sb.append(']').toString();
    }

    static String output(Message message, String finishReason) {
      StringBuilder sb = new StringBuilder("[");
      message(sb, message, finishReason == null ? "stop" : finishReason);
      return sb.append(']').toString();
    }

    private static void message(StringBuilder sb, Message m, String finishReason) {
      String role = m.role().name().toLowerCase(Locale.ROOT);
      sb.append("{\"role\":");
      string(sb, role);
      sb.append(",\"parts\":[");
      boolean first = true;
      if (m.role() == dev.stateline.chat.Role.TOOL) {
        sb.append("{\"type\":\"tool_call_response\",\"id\":");
        string(sb, m.toolCallId());
        sb.append(",\"response\":");
        string(sb, m.text());
        sb.append('}');
        first = false;
      } else {
        for (ContentPart p : m.content()) {
          sb.append(first ? "" : ",");
          first = false;
          if (p instanceof TextPart t) {
            sb.append("{\"type\":\"text\",\"content\":");
            string(sb, t.text());
            sb.append('}');
          } else if (p instanceof ImagePart img) {
            if (img.isInline()) {
              sb.append("{\"type\":\"blob\",\"modality\":\"image\",\"mime_type\":");
              string(sb, img.mediaType());
              sb.append('}');
            } else {
              sb.append("{\"type\":\"uri\",\"modality\":\"image\",\"uri\":");
              string(sb, img.url());
              sb.append('}');
            }
          }
        }
      }
      for (ToolCall tc : m.toolCalls()) {
        sb.append(first ? "" : ",");
        first = false;
        sb.append("{\"type\":\"tool_call\",\"id\":");
        string(sb, tc.id());
        sb.append(",\"name\":");
        string(sb, tc.name());
        sb.append(",\"arguments\":");
        string(sb, tc.argumentsJson());
        sb.append('}');
      }
      sb.append(']');
      if (finishReason != null) {
        sb.append(",\"finish_reason\":");
        string(sb, finishReason);
      }
      sb.append('}');
    }

    static void string(StringBuilder sb, String s) {
      if (s == null) {
        sb.append("null");
        return;
      }
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      sb.append('"');
    }
  }
}
