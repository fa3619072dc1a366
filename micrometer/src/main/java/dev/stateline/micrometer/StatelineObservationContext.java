/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.micrometer;

import dev.stateline.Target;
import dev.stateline.chat.FinishReason;
import dev.stateline.chat.Usage;
import dev.stateline.error.ErrorInfo;
import dev.stateline.placement.Placement;
import dev.stateline.telemetry.CallInfo;
import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * What an {@link StatelineObservationConvention} sees of one Stateline call: the call's
 * {@link CallInfo}, then, as the call runs, its placement, the target of its latest attempt, and
 * at its end either the answer's finish reason, usage and response id or the error's type.
 *
 * <p>Filled in by {@link StatelineObservations} on the thread that drives the call; a convention
 * reads it when the observation starts and stops. Not thread-safe on its own (one call's events
 * are emitted in order). Every accessor but {@link #call()} may return null until the event that
 * sets it has happened.
 */
public final class StatelineObservationContext extends Observation.Context {
  private final CallInfo call;
  private volatile Placement placement;
  private volatile Target target;
  private volatile String providerModel;
  private volatile int attempts;
  private volatile String responseModel;
  private volatile String responseId;
  private volatile FinishReason finishReason;
  private volatile Usage usage;
  private volatile String errorType;
  private volatile ErrorInfo errorInfo;

  /** A context for {@code call}, which must not be null. */
  public StatelineObservationContext(CallInfo call) {
    this.call = Objects.requireNonNull(call, "call");
  }

  /** The call: its id, kind, alias, session. Never null. */
  public CallInfo call() {
    return call;
  }

  /** The placement decided for the call, or null before it is decided (or if no target was eligible). */
  public Placement placement() {
    return placement;
  }

  /** The target of the latest attempt (the one that answered, on success), or null before any attempt. */
  public Target target() {
    return target;
  }

  /** The provider's model or deployment for the alias on {@link #target()}, or null. */
  public String providerModel() {
    return providerModel;
  }

  /** How many attempts the call made, over all its targets. */
  public int attempts() {
    return attempts;
  }

  /** The model the provider reported on a successful call, or null. */
  public String responseModel() {
    return responseModel;
  }

  /** The provider's id of the answer on a successful call, or null. */
  public String responseId() {
    return responseId;
  }

  /** Why the answer ended, on a successful call, or null. */
  public FinishReason finishReason() {
    return finishReason;
  }

  /** The answer's token usage, on a successful call, or null. */
  public Usage usage() {
    return usage;
  }

  /** The simple class name of the error that ended the call ({@code RateLimitedException}), or null on success. */
  public String errorType() {
    return errorType;
  }

  /** What the provider said about the error (status, request id, code), or null on success. */
  public ErrorInfo errorInfo() {
    return errorInfo;
  }

  void placement(Placement placement) {
    this.placement = placement;
  }

  void attempt(Target target, String providerModel) {
    this.target = target;
    this.providerModel = providerModel;
    this.attempts++;
  }

  void finished(Target target, String providerModel, String responseModel, String responseId,
      FinishReason finishReason, Usage usage) {
    if (target != null) {
      this.target = target;
      this.providerModel = providerModel;
    }
    this.responseModel = responseModel;
    this.responseId = responseId;
    this.finishReason = finishReason;
    this.usage = usage;
  }

  void failed(Target target, String errorType, ErrorInfo errorInfo) {
    if (target != null) {
      this.target = target;
    }
    this.errorType = errorType;
    this.errorInfo = errorInfo;
  }
}
