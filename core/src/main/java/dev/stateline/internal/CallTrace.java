/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.Target;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Placement;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.TelemetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The telemetry of one call: turns what the pipeline does into {@link TelemetryEvent}s, in order, and
 * makes sure exactly one terminal event is emitted. {@link #NONE} does nothing, so that a client
 * without telemetry creates no events.
 *
 * <p>Placement, attempts and retries run on the thread that starts the call; the answer may be read,
 * and closed, on others: the terminal event is guarded by an atomic flag.
 */
final class CallTrace {
  /** The trace of every call of a client without telemetry: does nothing. */
  static final CallTrace NONE = new CallTrace();

  private final boolean on;
  private final TelemetryHub hub;
  private final Map<String, Target> targets;
  private final CallInfo info;
  private final long startNanos;
  private final AtomicInteger attemptsOfCall = new AtomicInteger();
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile ModelCall sent;
  private volatile Placement placement;
  private volatile Target lastTarget;
  private volatile boolean firstToken;

  private CallTrace() {
    this.on = false;
    this.hub = null;
    this.targets = null;
    this.info = null;
    this.startNanos = 0;
  }

  private CallTrace(TelemetryHub hub, Map<String, Target> targets, ModelCall call, String sessionId) {
    this.on = true;
    this.hub = hub;
    this.targets = targets;
    this.sent = call;
    this.startNanos = System.nanoTime();
    this.info = new CallInfo(call.callId(), CallInfo.CHAT, call.kind(), call.streaming(), call.request().model(),
        sessionId, call.options().tenant(), call.options().tags());
  }

  /** Starts the trace of a call and emits {@link TelemetryEvent.CallStarted}. */
  static CallTrace start(TelemetryHub hub, Map<String, Target> targets, ModelCall call, String sessionId) {
    CallTrace t = new CallTrace(hub, targets, call, sessionId);
    ChatRequest r = call.request();
    String outputType = r.responseFormat() instanceof ResponseFormat.Text ? "text" : "json";
    hub.emit(new TelemetryEvent.CallStarted(t.info, hub.clock().instant(), r.messages().size(), r.tools().size(),
        r.maxOutputTokens(), r.temperature(), r.topP(), r.seed(), outputType));
    return t;
  }

  /** The call as it reached placement (after the call interceptors: guardrails may have redacted it). */
  void routed(ModelCall call) {
    if (on) {
      sent = call;
    }
  }

  void placed(Placement p) {
    if (!on) {
      return;
    }
    placement = p;
    hub.emit(new TelemetryEvent.PlacementDecided(info, hub.clock().instant(), p));
  }

  void attemptStarted(ModelCall call) {
    if (!on) {
      return;
    }
    Target t = call.target();
    lastTarget = t;
    hub.emit(new TelemetryEvent.AttemptStarted(info, hub.clock().instant(), t, providerModel(t, call.request()),
        call.attempt(), attemptsOfCall.incrementAndGet()));
  }

  /** A failed attempt that the retry interceptor will retry. */
  void retrying(Target target, Attempt attempt, StatelineException e) {
    if (!on) {
      return;
    }
    hub.emit(new TelemetryEvent.AttemptFailed(info, hub.clock().instant(), target, attempt.number(),
        attempt.elapsed(), attempt.errorType(), e.info(), TelemetryEvent.Next.RETRY, attempt.retryDelay(), null));
  }

  /**
   * A target was given up with {@code e}: the last attempt in {@code log}, if not yet reported, is
   * reported as failed over to {@code next}, or as given up if {@code next} is null.
   */
  void gaveUp(Target target, AttemptLog log, StatelineException e, String next) {
    if (!on) {
      return;
    }
    lastTarget = target;
    Attempt a = log.takeUnreported();
    if (a == null || !a.target().equals(target.name())) {
      return;
    }
    hub.emit(new TelemetryEvent.AttemptFailed(info, hub.clock().instant(), target, a.number(), a.elapsed(),
        a.errorType() == null ? e.getClass().getSimpleName() : a.errorType(), e.info(),
        next == null ? TelemetryEvent.Next.GIVE_UP : TelemetryEvent.Next.FAIL_OVER, Duration.ZERO, next));
  }

  /** A text or tool-call delta reached the caller; the first of a streamed call is reported. */
  void firstToken() {
    if (!on || firstToken || !info.streaming()) {
      return;
    }
    firstToken = true;
    hub.emit(new TelemetryEvent.FirstToken(info, hub.clock().instant(), lastTarget,
        Duration.ofNanos(System.nanoTime() - startNanos)));
  }

  void finished(ChatResponse r) {
    if (!on || !done.compareAndSet(false, true)) {
      return;
    }
    Target t = r.target() == null ? null : targets.get(r.target());
    if (t == null) {
      t = lastTarget;
    }
    ChatRequest request = sent.request();
    List<Message> input = hub.capturesContent() ? request.messages() : null;
    TelemetryEvent.CallFinished full = new TelemetryEvent.CallFinished(info, hub.clock().instant(),
        Duration.ofNanos(System.nanoTime() - startNanos), t, providerModel(t, request), r.model(), r.id(),
        r.finishReason(), r.usage(), r.cost(), r.placement() != null ? r.placement() : placement, r.attempts(),
        input, input == null ? null : r.message());
    hub.emit(full, full.withoutContent());
  }

  void failed(Throwable error) {
    if (!on || !done.compareAndSet(false, true)) {
      return;
    }
    Target t = lastTarget;
    Placement p = placement;
    List<Attempt> attempts = List.of();
    ErrorInfo errorInfo = ErrorInfo.NONE;
    if (error instanceof StatelineException se) {
      if (se.target() != null && targets.get(se.target()) != null) {
        t = targets.get(se.target());
      }
      if (se.placement() != null) {
        p = se.placement();
      }
      attempts = se.attempts();
      errorInfo = se.info();
    }
    emitFailed(t, error.getClass().getSimpleName(), errorInfo, p, attempts);
  }

  /** The stream ended without a completion event. */
  void endedWithoutCompletion() {
    if (on && done.compareAndSet(false, true)) {
      emitFailed(lastTarget, "ProtocolException", ErrorInfo.NONE, placement, List.of());
    }
  }

  /** The caller closed the answer before it was complete. */
  void abandoned() {
    if (on && done.compareAndSet(false, true)) {
      emitFailed(lastTarget, "CallCancelledException", ErrorInfo.NONE, placement, List.of());
    }
  }

  private void emitFailed(Target t, String errorType, ErrorInfo errorInfo, Placement p, List<Attempt> attempts) {
    List<Message> input = hub.capturesContent() ? sent.request().messages() : null;
    TelemetryEvent.CallFailed full = new TelemetryEvent.CallFailed(info, hub.clock().instant(),
        Duration.ofNanos(System.nanoTime() - startNanos), t, errorType, errorInfo, p, attempts, input);
    hub.emit(full, full.withoutContent());
  }

  private static String providerModel(Target t, ChatRequest request) {
    return t != null && t.serves(request.model()) ? t.modelFor(request.model()) : null;
  }
}
