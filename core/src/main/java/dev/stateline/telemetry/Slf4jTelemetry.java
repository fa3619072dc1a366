/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.telemetry;

import dev.stateline.Target;
import dev.stateline.chat.Message;
import dev.stateline.placement.Placement;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Telemetry as structured SLF4J logging: one log event per telemetry event, on logger
 * {@value Slf4jTelemetry#LOGGER} by default, whose message is the event's name
 * ({@code call.finished}) and whose fields are SLF4J 2 key-value pairs
 * ({@code LoggingEventBuilder.addKeyValue}): {@code call}, {@code kind}, {@code alias},
 * {@code target}, {@code input_tokens}, {@code latency_ms}, ... Numbers stay numbers. A JSON encoder
 * (Logback's {@code JsonEncoder}, logstash-logback-encoder, Log4j's {@code JsonTemplateLayout})
 * writes them as fields; a text pattern shows them with Logback's {@code %kvp} (slf4j-simple prints
 * them before the message). The call id is also in the MDC under {@value #MDC_CALL_ID}, as on every
 * other line logged while the call runs:
 *
 * <pre>
 * call=call_3f2a_1 kind=stateless stream=false alias=gpt-4.1 target=az-swc provider=azure.ai.openai region=azure/swedencentral response_model=gpt-4.1-2025-04-14 finish=stop input_tokens=812 cached_input_tokens=0 output_tokens=64 cost=0.002136 currency=USD latency_ms=412 attempts=1 failovers=0 call.finished
 * </pre>
 *
 * <p>{@link #format(TelemetryEvent)} gives the same fields as one {@code key=value} line, with the
 * event name first as {@code event=...}.
 *
 * <p>Levels: {@code call.finished} at INFO, {@code call.failed} at WARN, an attempt that fails over
 * and a circuit breaker's state change at INFO; everything else (call started, placement decided,
 * attempt started, an attempt retried or given up, first token) at DEBUG. Nothing is built when the
 * level is disabled.
 *
 * <p>Prompt and completion are logged only with {@link Builder#captureContent(boolean)
 * captureContent(true)}, as {@code input} and {@code output} on the call's last event. Secrets never
 * appear: events carry none.
 *
 * <p>Immutable and thread-safe.
 */
public final class Slf4jTelemetry implements Telemetry {
  /** The default logger name. */
  public static final String LOGGER = "dev.stateline.telemetry";

  /**
   * The MDC key that holds the call id while a call's work runs (the client sets it on every thread
   * that works for the call, and this listener on its own lines), so that every log line of a call,
   * Stateline's and the providers', can be found by it.
   */
  public static final String MDC_CALL_ID = "stateline.call.id";

  private final Logger log;
  private final boolean captureContent;

  private Slf4jTelemetry(Builder b) {
    this.log = b.logger != null ? b.logger : LoggerFactory.getLogger(LOGGER);
    this.captureContent = b.captureContent;
  }

  /** A builder of an SLF4J listener on logger {@value #LOGGER}, content off. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean captureContent() {
    return captureContent;
  }

  @Override
  public void onEvent(TelemetryEvent event) {
    Level level = level(event);
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    LoggingEventBuilder b = log.atLevel(level).setMessage(event.name());
    fields(event, b::addKeyValue);
    String id = event.call().callId();
    String outer = MDC.get(MDC_CALL_ID);
    if (id.equals(outer)) {
      b.log();
      return;
    }
    // Events at a call's edges (started, finished) are emitted outside the client's call scope.
    MDC.put(MDC_CALL_ID, id);
    try {
      b.log();
    } finally {
      if (outer == null) {
        MDC.remove(MDC_CALL_ID);
      } else {
        MDC.put(MDC_CALL_ID, outer);
      }
    }
  }

  private static Level level(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallFinished || event instanceof TelemetryEvent.CircuitStateChanged) {
      return Level.INFO;
    }
    if (event instanceof TelemetryEvent.CallFailed) {
      return Level.WARN;
    }
    if (event instanceof TelemetryEvent.AttemptFailed e && e.next() == TelemetryEvent.Next.FAIL_OVER) {
      return Level.INFO;
    }
    return Level.DEBUG;
  }

  /**
   * The line for {@code event} in {@code key=value} form, the event name first as {@code event=...};
   * values with spaces, quotes or '=' are double-quoted with backslash escapes.
   */
  public String format(TelemetryEvent event) {
    StringBuilder sb = new StringBuilder(256);
    kv(sb, "event", event.name());
    fields(event, (key, value) -> kv(sb, key, value));
    return sb.toString();
  }

  /** Hands every field of {@code event} that has a value to {@code out}, in a stable order. */
  private static void fields(TelemetryEvent event, BiConsumer<String, Object> sink) {
    BiConsumer<String, Object> out = (key, value) -> {
      if (value != null) {
        sink.accept(key, value);
      }
    };
    CallInfo c = event.call();
    out.accept("call", c.callId());
    out.accept("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
    out.accept("stream", c.streaming());
    out.accept("alias", c.alias());
    out.accept("session", c.sessionId());
    out.accept("tenant", c.tenant());
    if (!c.tags().isEmpty()) {
      out.accept("tags", String.join(",", c.tags()));
    }
    if (event instanceof TelemetryEvent.CallStarted e) {
      out.accept("messages", e.messages());
      out.accept("tools", e.tools());
      out.accept("max_output_tokens", e.maxOutputTokens());
      out.accept("output_type", e.outputType());
    } else if (event instanceof TelemetryEvent.PlacementDecided e) {
      placement(out, e.placement());
    } else if (event instanceof TelemetryEvent.AttemptStarted e) {
      target(out, e.target());
      out.accept("provider_model", e.providerModel());
      out.accept("attempt", e.attempt());
      out.accept("attempt_of_call", e.attemptOfCall());
    } else if (event instanceof TelemetryEvent.AttemptFailed e) {
      target(out, e.target());
      out.accept("attempt", e.attempt());
      out.accept("elapsed_ms", e.elapsed().toMillis());
      out.accept("error", e.errorType());
      if (e.error().statusCode() != 0) {
        out.accept("status", e.error().statusCode());
      }
      out.accept("error_code", e.error().errorCode());
      out.accept("request_id", e.error().requestId());
      out.accept("next", e.next().name().toLowerCase(java.util.Locale.ROOT));
      if (e.next() == TelemetryEvent.Next.RETRY) {
        out.accept("retry_delay_ms", e.retryDelay().toMillis());
      }
      out.accept("next_target", e.nextTarget());
    } else if (event instanceof TelemetryEvent.FirstToken e) {
      target(out, e.target());
      out.accept("first_token_ms", e.sinceStart().toMillis());
    } else if (event instanceof TelemetryEvent.CircuitStateChanged e) {
      target(out, e.target());
      out.accept("circuit_from", e.from().name().toLowerCase(java.util.Locale.ROOT));
      out.accept("circuit_to", e.to().name().toLowerCase(java.util.Locale.ROOT));
      out.accept("reason", e.reason());
    } else if (event instanceof TelemetryEvent.CallFinished e) {
      target(out, e.target());
      out.accept("provider_model", e.providerModel());
      out.accept("response_model", e.responseModel());
      out.accept("response_id", e.responseId());
      out.accept("finish", e.finishReason() == null ? null : e.finishReason().name().toLowerCase(java.util.Locale.ROOT));
      out.accept("input_tokens", e.usage().inputTokens());
      out.accept("cached_input_tokens", e.usage().cachedInputTokens());
      out.accept("output_tokens", e.usage().outputTokens());
      if (e.cost() != null) {
        out.accept("cost", e.cost().amount().toPlainString());
        out.accept("currency", e.cost().currency());
      }
      out.accept("latency_ms", e.latency().toMillis());
      out.accept("attempts", e.attempts().size());
      out.accept("failovers", e.failovers());
      if (e.input() != null) {
        out.accept("input", text(e.input()));
      }
      if (e.output() != null) {
        out.accept("output", text(List.of(e.output())));
      }
    } else if (event instanceof TelemetryEvent.CallFailed e) {
      target(out, e.target());
      out.accept("error", e.errorType());
      if (e.error().statusCode() != 0) {
        out.accept("status", e.error().statusCode());
      }
      out.accept("error_code", e.error().errorCode());
      out.accept("request_id", e.error().requestId());
      out.accept("latency_ms", e.latency().toMillis());
      out.accept("attempts", e.attempts().size());
      if (e.input() != null) {
        out.accept("input", text(e.input()));
      }
    }
  }

  private static void target(BiConsumer<String, Object> out, Target t) {
    if (t == null) {
      return;
    }
    out.accept("target", t.name());
    out.accept("provider", t.provider());
    out.accept("region", t.region() == null ? null : t.region().toString());
  }

  private static void placement(BiConsumer<String, Object> out, Placement p) {
    out.accept("primary", p.primary());
    if (!p.fallbacks().isEmpty()) {
      out.accept("fallbacks", String.join(",", p.fallbacks()));
    }
    if (p.residency() != null) {
      out.accept("residency", p.residency().name());
    }
    out.accept("affinity", p.affinity());
    StringBuilder ex = new StringBuilder();
    for (Placement.Decision d : p.exclusions()) {
      ex.append(ex.length() == 0 ? "" : ",").append(d.target()).append(':').append(d.rule());
    }
    if (ex.length() > 0) {
      out.accept("excluded", ex.toString());
    }
  }

  private static String text(List<Message> messages) {
    StringBuilder sb = new StringBuilder();
    for (Message m : messages) {
      if (sb.length() > 0) {
        sb.append(" | ");
      }
      sb.append(m.role().name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(m.text());
      if (!m.toolCalls().isEmpty()) {
        m.toolCalls().forEach(tc -> sb.append(" [tool ").append(tc.name()).append(' ').append(tc.argumentsJson())
            .append(']'));
      }
    }
    return sb.toString();
  }

  private static void kv(StringBuilder sb, String key, Object value) {
    if (sb.length() > 0) {
      sb.append(' ');
    }
    sb.append(key).append('=');
    String v = value.toString();
    if (!needsQuotes(v)) {
      sb.append(v);
      return;
    }
    sb.append('"');
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean needsQuotes(String v) {
    if (v.isEmpty()) {
      return true;
    }
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch <= ' ' || ch == '"' || ch == '=' || ch == '\\') {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Slf4jTelemetry[" + log.getName() + (captureContent ? ", content captured" : "") + "]";
  }

  /** Builds a {@link Slf4jTelemetry}. Not thread-safe. */
  public static final class Builder {
    private Logger logger;
    private boolean captureContent;

    private Builder() {}

    /** The logger to write to; {@value Slf4jTelemetry#LOGGER} by default. */
    public Builder logger(Logger logger) {
      this.logger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /**
     * Logs prompts and completions too (off by default). They may hold personal data: turn this on
     * only where such logs are allowed.
     */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    public Slf4jTelemetry build() {
      return new Slf4jTelemetry(this);
    }
  }
}
