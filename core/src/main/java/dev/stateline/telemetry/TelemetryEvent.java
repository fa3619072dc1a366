/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.telemetry;

import dev.stateline.Region;
import dev.stateline.Target;
import dev.stateline.chat.Cost;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Message;
import dev.stateline.chat.Usage;
import dev.stateline.error.ErrorInfo;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.CircuitState;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing the pipeline did with a call. A call's events come in this order:
 *
 * <pre>
 * CallStarted
 *   PlacementDecided                       (unless the call failed before placement, e.g. a guardrail)
 *     AttemptStarted, AttemptFailed(RETRY) ... on the primary
 *     AttemptFailed(FAIL_OVER)             when a target is given up and the next one tried
 *     AttemptStarted ...                   on the fallback
 *   FirstToken                             (streamed calls, at the first text or tool-call delta)
 * CallFinished | CallFailed                (exactly one)
 * </pre>
 *
 * <p>An attempt the target refused before anything was sent (bulkhead full, circuit open) has an
 * {@link AttemptFailed} without an {@link AttemptStarted}.
 *
 * <p>{@link CircuitStateChanged} is about a target, not the call: it is reported among the events of
 * the call whose attempt moved the target's circuit breaker (a failure that opened it, the first
 * attempt after the open period, a probe that closed or reopened it).
 *
 * <p>Events are immutable. Their {@code toString()} never shows prompt or completion content, and
 * they never carry secrets. {@link #time()} is on the client's clock.
 */
public sealed interface TelemetryEvent {

  /** The call this event belongs to. */
  CallInfo call();

  /** When it happened, on the client's clock. */
  Instant time();

  /** A stable dotted name, such as {@code call.finished}, used in logs. */
  String name();

  /**
   * The call entered the pipeline.
   *
   * @param messages how many messages the request has
   * @param tools how many tools it offers
   * @param maxOutputTokens the output limit asked for, or null
   * @param temperature the sampling temperature asked for, or null
   * @param topP the nucleus sampling mass asked for, or null
   * @param seed the seed asked for, or null
   * @param outputType {@code text} or {@code json} (a JSON object or JSON-schema answer); null for
   *     an embedding call
   * @param dimensions an embedding call's requested dimension count, or null (the model's own, or a
   *     chat call); {@code messages} is then the number of inputs
   */
  record CallStarted(CallInfo call, Instant time, int messages, int tools, Integer maxOutputTokens,
      Double temperature, Double topP, Long seed, String outputType, Integer dimensions) implements TelemetryEvent {
    public CallStarted {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
    }

    /** A chat call's start (no dimensions). */
    public CallStarted(CallInfo call, Instant time, int messages, int tools, Integer maxOutputTokens,
        Double temperature, Double topP, Long seed, String outputType) {
      this(call, time, messages, tools, maxOutputTokens, temperature, topP, seed, outputType, null);
    }

    @Override
    public String name() {
      return "call.started";
    }
  }

  /**
   * Placement decided where the call may run: the order of targets and the reason for every
   * inclusion and exclusion. Emitted also when no target is eligible (a {@link CallFailed} follows).
   */
  record PlacementDecided(CallInfo call, Instant time, Placement placement) implements TelemetryEvent {
    public PlacementDecided {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(placement, "placement");
    }

    @Override
    public String name() {
      return "placement.decided";
    }
  }

  /**
   * An attempt is about to be sent to a target.
   *
   * @param target the target
   * @param providerModel the target's name for the model (deployment, model id)
   * @param attempt 1 for the first attempt on this target, 2 for its first retry, ...
   * @param attemptOfCall 1 for the call's first attempt, counting across targets
   */
  record AttemptStarted(CallInfo call, Instant time, Target target, String providerModel, int attempt,
      int attemptOfCall) implements TelemetryEvent {
    public AttemptStarted {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String name() {
      return "attempt.started";
    }
  }

  /** What the pipeline does after a failed attempt. */
  enum Next {
    /** Retry the same target after {@link AttemptFailed#retryDelay()}. */
    RETRY,
    /** Give the target up and try {@link AttemptFailed#nextTarget()}. */
    FAIL_OVER,
    /** Give up: the call fails with this attempt's error. */
    GIVE_UP
  }

  /**
   * An attempt failed, or a target refused it (bulkhead full, circuit open).
   *
   * @param target the target
   * @param attempt the attempt number on that target
   * @param elapsed how long the attempt took (zero when refused)
   * @param errorType the simple name of the error, such as {@code RateLimitedException}
   * @param error the provider's status, request id and error code ({@link ErrorInfo#NONE} if none)
   * @param next retry, fail over or give up
   * @param retryDelay the wait before the retry; zero unless {@code next} is {@link Next#RETRY}
   * @param nextTarget the target tried next on {@link Next#FAIL_OVER}, else null
   */
  record AttemptFailed(CallInfo call, Instant time, Target target, int attempt, Duration elapsed, String errorType,
      ErrorInfo error, Next next, Duration retryDelay, String nextTarget) implements TelemetryEvent {
    public AttemptFailed {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(errorType, "errorType");
      Objects.requireNonNull(next, "next");
      error = error == null ? ErrorInfo.NONE : error;
      elapsed = elapsed == null ? Duration.ZERO : elapsed;
      retryDelay = retryDelay == null ? Duration.ZERO : retryDelay;
    }

    @Override
    public String name() {
      return "attempt.failed";
    }
  }

  /**
   * A streamed call's first text or tool-call delta arrived (never emitted for unstreamed calls).
   *
   * @param target the target that streams it
   * @param sinceStart the time from {@link CallStarted} to this first chunk
   */
  record FirstToken(CallInfo call, Instant time, Target target, Duration sinceStart) implements TelemetryEvent {
    public FirstToken {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(sinceStart, "sinceStart");
    }

    @Override
    public String name() {
      return "first.token";
    }
  }

  /**
   * A target's circuit breaker changed state, during an attempt of {@link #call()}: it opened
   * ({@link CircuitState#OPEN}: the target takes no calls for the policy's open duration), the open
   * period ended and this call took a probe ({@link CircuitState#HALF_OPEN}), or the probes
   * succeeded ({@link CircuitState#CLOSED}) or one failed ({@link CircuitState#OPEN} again).
   *
   * @param target the target whose breaker changed
   * @param from the state before
   * @param to the state now
   * @param reason why, in words: {@code "6 of 10 recent calls failed"}, {@code "a probe call failed"},
   *     {@code "the open period ended"}, {@code "1 probe call(s) succeeded"}
   */
  record CircuitStateChanged(CallInfo call, Instant time, Target target, CircuitState from, CircuitState to,
      String reason) implements TelemetryEvent {
    public CircuitStateChanged {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      reason = reason == null ? "" : reason;
    }

    @Override
    public String name() {
      return "circuit.state_changed";
    }
  }

  /**
   * A provider answered, but said it processed the call outside the call's jurisdiction (Azure's
   * {@code x-ms-region} naming a region the jurisdiction does not hold): evidence that the
   * target's declared scope is wrong. Emitted before {@link CallFinished} or, with
   * {@code StatelineClient.Builder.strictResidencyEvidence(true)}, before {@link CallFailed}.
   *
   * @param target the target that answered
   * @param processingRegion the region as the provider named it, such as {@code East US}
   * @param region that region in Stateline's terms, such as {@code azure/eastus}
   * @param jurisdiction the jurisdiction the call was bound to
   * @param strict true if the answer is refused ({@code ResidencyViolationException}), false if it
   *     is returned with a warning
   */
  record ResidencyBreach(CallInfo call, Instant time, Target target, String processingRegion, Region region,
      Jurisdiction jurisdiction, boolean strict) implements TelemetryEvent {
    public ResidencyBreach {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(processingRegion, "processingRegion");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(jurisdiction, "jurisdiction");
    }

    @Override
    public String name() {
      return "residency.breach";
    }
  }

  /**
   * The call answered. Emitted before the answer reaches the caller.
   *
   * @param latency from {@link CallStarted} to the whole answer
   * @param target the target that answered; null only if a call interceptor answered without
   *     reaching any target (a cache, say)
   * @param providerModel the target's name for the model it was asked for
   * @param responseModel the model the provider reported (may differ from the alias and the
   *     provider model: a silent model update shows here), or null
   * @param responseId the provider's response id, or null
   * @param finishReason why the model stopped
   * @param usage the tokens the provider reported
   * @param cost what the call cost, or null if the target has no price
   * @param placement where the call was placed and why
   * @param attempts every attempt, in order; the last one succeeded
   * @param input the messages sent (after guardrails), or null unless the listener
   *     {@linkplain Telemetry#captureContent() captures content}
   * @param output the answer's assistant message, or null unless the listener captures content
   * @param processingRegion where the provider says it processed the call, as it names it (Azure's
   *     {@code x-ms-region}), or null if it did not say
   */
  record CallFinished(CallInfo call, Instant time, Duration latency, Target target, String providerModel,
      String responseModel, String responseId, FinishReason finishReason, Usage usage, Cost cost,
      Placement placement, List<Attempt> attempts, List<Message> input, Message output, String processingRegion)
      implements TelemetryEvent {
    /** An event without a reported processing region. */
    public CallFinished(CallInfo call, Instant time, Duration latency, Target target, String providerModel,
        String responseModel, String responseId, FinishReason finishReason, Usage usage, Cost cost,
        Placement placement, List<Attempt> attempts, List<Message> input, Message output) {
      this(call, time, latency, target, providerModel, responseModel, responseId, finishReason, usage, cost,
          placement, attempts, input, output, null);
    }

    public CallFinished {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(latency, "latency");
      usage = usage == null ? Usage.ZERO : usage;
      attempts = attempts == null ? List.of() : List.copyOf(attempts);
      input = input == null ? null : List.copyOf(input);
    }

    @Override
    public String name() {
      return "call.finished";
    }

    /** This event without {@link #input()} and {@link #output()}. */
    public CallFinished withoutContent() {
      return input == null && output == null ? this : new CallFinished(call, time, latency, target, providerModel,
          responseModel, responseId, finishReason, usage, cost, placement, attempts, null, null, processingRegion);
    }

    /** The number of times the call moved to another target. */
    public int failovers() {
      return dev.stateline.placement.Failover.of(attempts).size();
    }

    /** Metadata only: never the content, even when captured. */
    @Override
    public String toString() {
      return "CallFinished[" + call.callId() + ", " + call.kind() + ", target=" + (target == null ? null : target.name())
          + ", responseModel=" + responseModel + ", finishReason=" + finishReason + ", usage=" + usage
          + ", cost=" + cost + ", latency=" + latency + ", attempts=" + attempts.size()
          + (input == null ? "" : ", input=" + input.size() + " message(s) captured")
          + (output == null ? "" : ", output captured") + "]";
    }
  }

  /**
   * The call failed: placement refused it, every target failed, a guardrail blocked it, it timed
   * out or was cancelled, or its stream broke or was closed before the answer was complete.
   *
   * @param latency from {@link CallStarted} to the failure
   * @param target the target that failed last, or null if none was tried
   * @param errorType the simple name of the error, such as {@code RateLimitedException}
   * @param error the provider's status, request id and error code ({@link ErrorInfo#NONE} if none)
   * @param placement where the call was placed, or null if it failed before placement
   * @param attempts every attempt, in order
   * @param input the messages sent, or null unless the listener captures content
   */
  record CallFailed(CallInfo call, Instant time, Duration latency, Target target, String errorType, ErrorInfo error,
      Placement placement, List<Attempt> attempts, List<Message> input) implements TelemetryEvent {
    public CallFailed {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(latency, "latency");
      Objects.requireNonNull(errorType, "errorType");
      error = error == null ? ErrorInfo.NONE : error;
      attempts = attempts == null ? List.of() : List.copyOf(attempts);
      input = input == null ? null : List.copyOf(input);
    }

    @Override
    public String name() {
      return "call.failed";
    }

    /** This event without {@link #input()}. */
    public CallFailed withoutContent() {
      return input == null ? this
          : new CallFailed(call, time, latency, target, errorType, error, placement, attempts, null);
    }

    /** Metadata only: never the content, even when captured. */
    @Override
    public String toString() {
      return "CallFailed[" + call.callId() + ", " + call.kind() + ", target="
          + (target == null ? null : target.name()) + ", errorType=" + errorType + ", status=" + error.statusCode()
          + ", latency=" + latency + ", attempts=" + attempts.size()
          + (input == null ? "" : ", input=" + input.size() + " message(s) captured") + "]";
    }
  }
}
