/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.internal.LatencyClock;
import dev.stateline.internal.TargetState;
import dev.stateline.internal.BreakerTelemetry;
import dev.stateline.internal.TelemetryHub;
import dev.stateline.placement.CircuitBreakerPolicy;
import dev.stateline.placement.TargetHealth;
import dev.stateline.policy.PlacementPolicy;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.Telemetry;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A client's call pipeline: one list of links that every call runs down, built-in links and yours
 * alike, in the manner of OkHttp's {@code getResponseWithInterceptorChain}:
 *
 * <pre>
 *   your call interceptors, guardrails   once per call, before placement
 *   PlacementLink                        where the call may run: the policy's placement, residency checked
 *   StampLink                            where it ran, what it cost and where it was processed, on the answer
 *   FailoverLink                         each target of the placement in turn, while failures allow
 *   BulkheadLink                         a slot of the target's concurrency limit
 *   RetryLink                            attempts on the target, with backoff
 *   CircuitBreakerLink                   a permit per attempt; its outcome and latency to the target's health
 *   your target interceptors             once per attempt
 *   ModelLink                            the provider (an embedding call: its batches, EmbeddingBatches)
 * </pre>
 *
 * <p>Chat calls and embedding calls ({@link dev.stateline.placement.Operation}) run down the same
 * links; an embedding call's answer is a source of one {@code EmbeddingsCompleted} event.
 *
 * <p>Each call gets a {@link RealCall}, its per-call state, which the links reach through the chain.
 * The links report what happens to the client's {@link CallListener}, which feeds telemetry. The
 * unit that flows back is an {@link EventSource}; a non-streamed answer is a source of one
 * {@code Completed} event.
 *
 * <p>Immutable and thread-safe; one per client.
 */
final class Pipeline {
  final List<Target> targets;
  final Map<String, Target> byName;
  private final Map<String, TargetState> states;
  final Interceptor[] links;
  final CallListener listener;
  /** Where an embedding call's batches beyond the first run, or null for the calling thread only. */
  final Executor embeddingExecutor;
  /** The most batches of one embedding call in flight at once. */
  final int embeddingConcurrency;

  Pipeline(List<Target> targets, List<Interceptor> callInterceptors, List<Interceptor> targetInterceptors,
      PlacementPolicy placement, RetryPolicy retryPolicy, CircuitBreakerPolicy circuitBreaker, InstantSource clock,
      List<Telemetry> telemetry, PriceBook priceBook, boolean strictResidencyEvidence) {
    this(targets, callInterceptors, targetInterceptors, placement, retryPolicy, circuitBreaker, clock, telemetry,
        priceBook, strictResidencyEvidence, null, 1);
  }

  Pipeline(List<Target> targets, List<Interceptor> callInterceptors, List<Interceptor> targetInterceptors,
      PlacementPolicy placement, RetryPolicy retryPolicy, CircuitBreakerPolicy circuitBreaker, InstantSource clock,
      List<Telemetry> telemetry, PriceBook priceBook, boolean strictResidencyEvidence, Executor embeddingExecutor,
      int embeddingConcurrency) {
    this.embeddingExecutor = embeddingExecutor;
    this.embeddingConcurrency = Math.max(1, embeddingConcurrency);
    this.targets = List.copyOf(targets);
    Map<String, Target> byName = new LinkedHashMap<>();
    Map<String, TargetState> states = new HashMap<>();
    List<TargetState> stateList = new ArrayList<>();
    LatencyClock latencyClock = new LatencyClock(clock);
    for (Target t : this.targets) {
      if (byName.put(t.name(), t) != null) {
        throw new IllegalArgumentException("two targets are named '" + t.name() + "'; names must be unique");
      }
      TargetState s = new TargetState(t, circuitBreaker, clock, latencyClock);
      states.put(t.name(), s);
      stateList.add(s);
    }
    this.byName = Collections.unmodifiableMap(byName);
    this.states = states;

    List<Interceptor> links = new ArrayList<>(callInterceptors);
    links.add(new PlacementLink(placement.bind(this.targets), this.targets, List.copyOf(stateList), this.byName));
    links.add(new StampLink(priceBook, strictResidencyEvidence));
    links.add(FailoverLink.INSTANCE);
    links.add(BulkheadLink.INSTANCE);
    links.add(new RetryLink(retryPolicy));
    links.add(CircuitBreakerLink.INSTANCE);
    links.addAll(targetInterceptors);
    links.add(ModelLink.INSTANCE);
    this.links = links.toArray(new Interceptor[0]);
    if (telemetry.isEmpty()) {
      this.listener = CallListener.NONE;
    } else {
      TelemetryHub hub = new TelemetryHub(telemetry, clock);
      this.listener = new TelemetryFeed(hub, this.byName);
      BreakerTelemetry.attach(stateList, hub);
    }
  }

  /** Runs {@code call}, not a session turn, down the chain. */
  EventSource execute(ModelCall call) {
    return execute(call, null);
  }

  /**
   * Runs {@code call} down the chain.
   *
   * @param sessionId the session a turn belongs to (for telemetry), or null
   */
  EventSource execute(ModelCall call, String sessionId) {
    return new RealCall(this, call, sessionId).execute();
  }

  /** The observed health of the named target, or null if there is no such target. */
  TargetHealth health(String target) {
    return states.get(target);
  }

  /** The state of the named target, or null. */
  TargetState state(String target) {
    return states.get(target);
  }
}
