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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry as structured SLF4J logging: one line per event, {@code key=value} pairs, on logger
 * {@value Slf4jTelemetry#LOGGER} by default.
 *
 * <pre>
 * event=call.finished call=call_3f2a_1 kind=stateless stream=false alias=gpt-4.1 target=az-swc provider=azure.ai.openai region=azure/swedencentral response_model=gpt-4.1-2025-04-14 finish=stop input_tokens=812 cached_input_tokens=0 output_tokens=64 cost=0.002136 currency=USD latency_ms=412 attempts=1 failovers=0
 * </pre>
 *
 * <p>Levels: {@code call.finished} at INFO, {@code call.failed} at WARN, an attempt that fails over
 * at INFO; everything else (call started, placement decided, attempt started, an attempt retried or
 * given up, first token) at DEBUG. A line is only formatted when its level is enabled. Values with
 * spaces, quotes or '=' are double-quoted with backslash escapes.
 *
 * <p>Prompt and completion are logged only with {@link Builder#captureContent(boolean)
 * captureContent(true)}, as {@code input=} and {@code output=} on the call's last line. Secrets never
 * appear: events carry none.
 *
 * <p>Immutable and thread-safe.
 */
public final class Slf4jTelemetry implements Telemetry {
  /** The default logger name. */
  public static final String LOGGER = "dev.stateline.telemetry";

  private final Logger log;
  private final boolean captureContent;

  private Slf4jTelemetry(Builder b) {
    this.log = b.logger != null ? b.logger : LoggerFactory.getLogger(LOGGER);
    this.captureContent = b.captureContent;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean captureContent() {
    return captureContent;
  }

  @Override
  public void onEvent(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallFinished e) {
      if (log.isInfoEnabled()) {
        log.info(format(e));
      }
    } else if (event instanceof TelemetryEvent.CallFailed e) {
      if (log.isWarnEnabled()) {
        log.warn(format(e));
      }
    } else if (event instanceof TelemetryEvent.AttemptFailed e && e.next() == TelemetryEvent.Next.FAIL_OVER) {
      if (log.isInfoEnabled()) {
        log.info(format(e));
      }
    } else if (log.isDebugEnabled()) {
      log.debug(format(event));
    }
  }

  /** The line for {@code event}, as this listener would log it. */
  public String format(TelemetryEvent event) {
    StringBuilder sb = new StringBuilder(256);
    kv(sb, "event", event.name());
    CallInfo c = event.call();
    kv(sb, "call", c.callId());
    kv(sb, "kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
    kv(sb, "stream", c.streaming());
    kv(sb, "alias", c.alias());
    kv(sb, "session", c.sessionId());
    kv(sb, "tenant", c.tenant());
    if (!c.tags().isEmpty()) {
      kv(sb, "tags", String.join(",", c.tags()));
    }
    if (event instanceof TelemetryEvent.CallStarted e) {
      kv(sb, "messages", e.messages());
      kv(sb, "tools", e.tools());
      kv(sb, "max_output_tokens", e.maxOutputTokens());
      kv(sb, "output_type", e.outputType());
    } else if (event instanceof TelemetryEvent.PlacementDecided e) {
      placement(sb, e.placement());
    } else if (event instanceof TelemetryEvent.AttemptStarted e) {
      target(sb, e.target());
      kv(sb, "provider_model", e.providerModel());
      kv(sb, "attempt", e.attempt());
      kv(sb, "attempt_of_call", e.attemptOfCall());
    } else if (event instanceof TelemetryEvent.AttemptFailed e) {
      target(sb, e.target());
      kv(sb, "attempt", e.attempt());
      kv(sb, "elapsed_ms", e.elapsed().toMillis());
      kv(sb, "error", e.errorType());
      if (e.error().statusCode() != 0) {
        kv(sb, "status", e.error().statusCode());
      }
      kv(sb, "error_code", e.error().errorCode());
      kv(sb, "request_id", e.error().requestId());
      kv(sb, "next", e.next().name().toLowerCase(java.util.Locale.ROOT));
      if (e.next() == TelemetryEvent.Next.RETRY) {
        kv(sb, "retry_delay_ms", e.retryDelay().toMillis());
      }
      kv(sb, "next_target", e.nextTarget());
    } else if (event instanceof TelemetryEvent.FirstToken e) {
      target(sb, e.target());
      kv(sb, "first_token_ms", e.sinceStart().toMillis());
    } else if (event instanceof TelemetryEvent.CallFinished e) {
      target(sb, e.target());
      kv(sb, "provider_model", e.providerModel());
      kv(sb, "response_model", e.responseModel());
      kv(sb, "response_id", e.responseId());
      kv(sb, "finish", e.finishReason() == null ? null : e.finishReason().name().toLowerCase(java.util.Locale.ROOT));
      kv(sb, "input_tokens", e.usage().inputTokens());
      kv(sb, "cached_input_tokens", e.usage().cachedInputTokens());
      kv(sb, "output_tokens", e.usage().outputTokens());
      if (e.cost() != null) {
        kv(sb, "cost", e.cost().amount().toPlainString());
        kv(sb, "currency", e.cost().currency());
      }
      kv(sb, "latency_ms", e.latency().toMillis());
      kv(sb, "attempts", e.attempts().size());
      kv(sb, "failovers", e.failovers());
      if (e.input() != null) {
        kv(sb, "input", text(e.input()));
      }
      if (e.output() != null) {
        kv(sb, "output", text(List.of(e.output())));
      }
    } else if (event instanceof TelemetryEvent.CallFailed e) {
      if (e.target() != null) {
        target(sb, e.target());
      }
      kv(sb, "error", e.errorType());
      if (e.error().statusCode() != 0) {
        kv(sb, "status", e.error().statusCode());
      }
      kv(sb, "error_code", e.error().errorCode());
      kv(sb, "request_id", e.error().requestId());
      kv(sb, "latency_ms", e.latency().toMillis());
      kv(sb, "attempts", e.attempts().size());
      if (e.input() != null) {
        kv(sb, "input", text(e.input()));
      }
    }
    return sb.toString();
  }

  private static void target(StringBuilder sb, Target t) {
    if (t == null) {
      return;
    }
    kv(sb, "target", t.name());
    kv(sb, "provider", t.provider());
    kv(sb, "region", t.region() == null ? null : t.region().toString());
  }

  private static void placement(StringBuilder sb, Placement p) {
    kv(sb, "primary", p.primary());
    if (!p.fallbacks().isEmpty()) {
      kv(sb, "fallbacks", String.join(",", p.fallbacks()));
    }
    if (p.residency() != null) {
      kv(sb, "residency", p.residency().name());
    }
    if (p.affinity() != null) {
      kv(sb, "affinity", p.affinity());
    }
    StringBuilder ex = new StringBuilder();
    for (Placement.Decision d : p.exclusions()) {
      ex.append(ex.length() == 0 ? "" : ",").append(d.target()).append(':').append(d.rule());
    }
    if (ex.length() > 0) {
      kv(sb, "excluded", ex.toString());
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
    if (value == null) {
      return;
    }
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
