/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.spi.ModelCall;

/**
 * What the links of the chain report about a call as it runs, in the manner of OkHttp's
 * {@code EventListener}: one listener per client, told about every call, each method given the
 * call's {@link RealCall}. The client's {@link dev.stateline.telemetry.Telemetry} is fed from here
 * ({@link TelemetryFeed}); {@link #NONE}, for a client without telemetry, does nothing, so that no
 * event is ever made.
 *
 * <p>Who reports what: the call ({@link RealCall}) its start and its end (finished, failed, ended
 * without a completion, abandoned) and the first token; {@link PlacementLink} the placement;
 * {@link FailoverLink} a target given up; {@link RetryLink} an attempt it retries;
 * {@link CircuitBreakerLink} an attempt it lets through. Implementations must be thread-safe and
 * must not throw.
 */
interface CallListener {
  /** Does nothing. */
  CallListener NONE = new CallListener() {};

  default void callStarted(RealCall call) {}

  default void placementDecided(RealCall call, Placement placement) {}

  /** An attempt passed the circuit breaker and goes to its target. */
  default void attemptStarted(RealCall call, ModelCall attempt) {}

  /** An attempt failed and the retry link will try the same target again after {@code failed.retryDelay()}. */
  default void attemptRetried(RealCall call, Target target, Attempt failed, StatelineException error) {}

  /** {@code target} is given up with {@code error}; the call goes on to {@code next}, or ends if null. */
  default void targetGivenUp(RealCall call, Target target, StatelineException error, String next) {}

  /** A text or tool-call delta reached the caller. */
  default void firstToken(RealCall call) {}

  default void callFinished(RealCall call, ChatResponse response) {}

  /** An embedding call's answer reached the caller. */
  default void embeddingsFinished(RealCall call, EmbeddingResponse response) {}

  default void callFailed(RealCall call, Throwable error) {}

  /** The provider said it processed the call in {@code region}, outside {@code jurisdiction}. */
  default void residencyBreach(RealCall call, Target target, String reported, Region region, Jurisdiction jurisdiction,
      boolean strict) {}

  /** The answer ended without a completion event. */
  default void callEndedWithoutCompletion(RealCall call) {}

  /** The caller closed the answer before it was complete. */
  default void callAbandoned(RealCall call) {}
}
