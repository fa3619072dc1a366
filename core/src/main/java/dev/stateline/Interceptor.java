/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;

/**
 * A link of the client's call pipeline, in the manner of OkHttp's interceptors: it sees the call on
 * the way in, may change it, calls {@link Chain#proceed(ModelCall)} (once, several times, or not
 * at all), and sees the answer on the way out.
 *
 * <p>Every call, streamed or not, flows through the chain as an {@link EventSource}; a non-streamed
 * answer is a source of one {@link dev.stateline.chat.ChatEvent.Completed} event. An interceptor
 * that wants the answer wraps the source it gets back.
 *
 * <p>Your interceptors are links of the same list as the client's built-in ones (placement,
 * stamping, failover, bulkhead, retry, circuit breaker, the model call), at one of two places.
 * <b>Call interceptors</b> ({@link StatelineClient.Builder#addInterceptor}) run once per call,
 * before placement, so {@link ModelCall#target()} is null there: guardrails, call-level telemetry.
 * <b>Target interceptors</b> ({@link StatelineClient.Builder#addTargetInterceptor}) run once per
 * attempt on a placed target, after the built-in retry and circuit breaker, right before the
 * provider: per-attempt logging, auth decoration, fault injection in tests. See
 * {@code docs/architecture.md} for the whole list.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Interceptor {

  EventSource intercept(Chain chain);

  /** The rest of the pipeline, as seen from one interceptor. */
  interface Chain {
    /** The call as it arrived at this interceptor. */
    ModelCall call();

    /** Hands the call to the next link and returns its answer. */
    EventSource proceed(ModelCall call);
  }
}
