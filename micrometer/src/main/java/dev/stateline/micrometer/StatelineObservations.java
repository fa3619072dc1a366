/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.micrometer;

import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stateline telemetry as Micrometer Observations: one observation per call, started with the call
 * and stopped at its one terminal event, over all its attempts, retries and failovers. With Spring
 * Boot's observation support the meter handler makes it a {@code gen_ai.client.operation} timer
 * and the tracing handler a span, with no code.
 *
 * <pre>{@code
 * StatelineClient client = StatelineClient.builder()
 *     .target(...)
 *     .telemetry(StatelineObservations.of(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <p>Names and keys are those of {@link DefaultStatelineObservationConvention} unless a
 * {@linkplain Builder#convention custom convention} (or one registered on the registry) says
 * otherwise. Each failed attempt is an {@linkplain Observation#event event}
 * ({@code stateline.attempt.retry}, {@code stateline.attempt.fail_over},
 * {@code stateline.attempt.give_up}); a failed call has its exception's type as
 * {@code error.type} and is {@linkplain Observation#error errored} with an exception that carries
 * only that type and the HTTP status (the provider's message is not copied, so no echoed secret
 * reaches a backend).
 *
 * <p>The observation's parent is the observation current on the thread that starts the call. It
 * is not put in scope while the call runs (a stream is read on another thread). With a
 * {@linkplain ObservationRegistry#NOOP no-op registry} nothing is recorded. Thread-safe.
 */
public final class StatelineObservations implements Telemetry {
  private final ObservationRegistry registry;
  private final StatelineObservationConvention convention;
  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();

  private StatelineObservations(Builder b) {
    this.registry = b.registry;
    this.convention = b.convention;
  }

  /** Observations on {@code registry} with the default convention. */
  public static StatelineObservations of(ObservationRegistry registry) {
    return builder(registry).build();
  }

  /** A builder over {@code registry}, which must not be null. */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void onEvent(TelemetryEvent event) {
    if (event instanceof TelemetryEvent.CallStarted e) {
      if (registry.isNoop()) {
        return;
      }
      StatelineObservationContext context = new StatelineObservationContext(e.call());
      Observation observation = Observation.createNotStarted(convention, DefaultStatelineObservationConvention.INSTANCE,
          () -> context, registry).start();
      calls.put(e.call().callId(), new Call(observation, context));
      return;
    }
    boolean last = event instanceof TelemetryEvent.CallFinished || event instanceof TelemetryEvent.CallFailed;
    Call call = last ? calls.remove(event.call().callId()) : calls.get(event.call().callId());
    if (call == null) {
      return;
    }
    if (event instanceof TelemetryEvent.PlacementDecided e) {
      call.context.placement(e.placement());
    } else if (event instanceof TelemetryEvent.AttemptStarted e) {
      call.context.attempt(e.target(), e.providerModel());
    } else if (event instanceof TelemetryEvent.AttemptFailed e) {
      call.observation.event(Observation.Event.of("stateline.attempt." + e.next().name().toLowerCase(java.util.Locale.ROOT),
          "attempt " + e.attempt() + " on " + e.target().name() + " failed: " + e.errorType()));
    } else if (event instanceof TelemetryEvent.FirstToken) {
      call.observation.event(Observation.Event.of("stateline.first_token"));
    } else if (event instanceof TelemetryEvent.CallFinished e) {
      call.context.finished(e.target(), e.providerModel(), e.responseModel(), e.responseId(), e.finishReason(),
          e.usage());
      call.observation.stop();
    } else if (event instanceof TelemetryEvent.CallFailed e) {
      call.context.failed(e.target(), e.errorType(), e.error());
      call.observation.error(new CallError(e.errorType(), e.error().statusCode()));
      call.observation.stop();
    }
  }

  private record Call(Observation observation, StatelineObservationContext context) {}

  /**
   * The error a failed call's observation carries: the type and status only, never the
   * provider's message.
   */
  static final class CallError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallError(String errorType, int status) {
      super(errorType + (status > 0 ? " (HTTP " + status + ")" : ""), null, false, false);
    }
  }

  /** Builds a {@link StatelineObservations}. Not thread-safe. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private StatelineObservationConvention convention;

    private Builder(ObservationRegistry registry) {
      this.registry = registry;
    }

    /**
     * A convention that replaces the default one's name and keys; null for the default (a
     * convention registered on the registry still wins over both).
     */
    public Builder convention(StatelineObservationConvention convention) {
      this.convention = convention;
      return this;
    }

    public StatelineObservations build() {
      return new StatelineObservations(this);
    }
  }
}
