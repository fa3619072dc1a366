/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.EmbeddingResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.ResponseFormat;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.StatelineException;
import dev.stateline.internal.TelemetryHub;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Jurisdiction;
import dev.stateline.placement.Placement;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.CallInfo;
import dev.stateline.telemetry.TelemetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@link CallListener} of a client with telemetry: turns what the links report into
 * {@link TelemetryEvent}s for the client's listeners ({@link TelemetryHub}), in order, with exactly
 * one terminal event per call. What it needs to remember about a call (its {@link CallInfo}, the
 * attempts it has reported) lives on the call. Immutable and thread-safe; one per client.
 */
final class TelemetryFeed implements CallListener {
  private final TelemetryHub hub;
  private final Map<String, Target> targets;

  TelemetryFeed(TelemetryHub hub, Map<String, Target> targets) {
    this.hub = hub;
    this.targets = targets;
  }

  @Override
  public void callStarted(RealCall call) {
    ModelCall c = call.call;
    CallInfo info = new CallInfo(c.callId(), c.operation().otelName(), c.kind(), c.streaming(), c.model(),
        call.sessionId, c.options().tenant(), c.options().tags());
    call.info = info;
    if (c.embeddingRequest() != null) {
      // an embedding call: its inputs count as the messages; no tools, sampling or output type
      hub.emit(new TelemetryEvent.CallStarted(info, hub.clock().instant(), c.embeddingRequest().inputs().size(), 0,
          null, null, null, null, null, c.embeddingRequest().dimensions()));
      return;
    }
    ChatRequest r = c.request();
    String outputType = r.responseFormat() instanceof ResponseFormat.Text ? "text" : "json";
    hub.emit(new TelemetryEvent.CallStarted(info, hub.clock().instant(), r.messages().size(), r.tools().size(),
        r.maxOutputTokens(), r.temperature(), r.topP(), r.seed(), outputType));
  }

  @Override
  public void placementDecided(RealCall call, Placement placement) {
    hub.emit(new TelemetryEvent.PlacementDecided(call.info, hub.clock().instant(), placement));
  }

  @Override
  public void attemptStarted(RealCall call, ModelCall attempt) {
    Target t = attempt.target();
    hub.emit(new TelemetryEvent.AttemptStarted(call.info, hub.clock().instant(), t,
        attemptModel(t, attempt), attempt.attempt(), ++call.attemptsStarted));
  }

  @Override
  public void attemptRetried(RealCall call, Target target, Attempt failed, StatelineException error) {
    call.markAttemptsReported();
    hub.emit(new TelemetryEvent.AttemptFailed(call.info, hub.clock().instant(), target, failed.number(),
        failed.elapsed(), failed.errorType(), error.info(), TelemetryEvent.Next.RETRY, failed.retryDelay(), null));
  }

  /** Reports the target's last attempt, unless it was reported as retried already. */
  @Override
  public void targetGivenUp(RealCall call, Target target, StatelineException error, String next) {
    Attempt a = call.takeUnreportedAttempt();
    if (a == null || !a.target().equals(target.name())) {
      return;
    }
    hub.emit(new TelemetryEvent.AttemptFailed(call.info, hub.clock().instant(), target, a.number(), a.elapsed(),
        a.errorType() == null ? error.getClass().getSimpleName() : a.errorType(), error.info(),
        next == null ? TelemetryEvent.Next.GIVE_UP : TelemetryEvent.Next.FAIL_OVER, Duration.ZERO, next));
  }

  /** Reports the first token of a streamed call. */
  @Override
  public void firstToken(RealCall call) {
    if (call.firstTokenSeen || !call.info.streaming()) {
      return;
    }
    call.firstTokenSeen = true;
    hub.emit(new TelemetryEvent.FirstToken(call.info, hub.clock().instant(), call.target(),
        Duration.ofNanos(System.nanoTime() - call.startNanos)));
  }

  @Override
  public void callFinished(RealCall call, ChatResponse r) {
    if (!call.finish()) {
      return;
    }
    Target t = r.target() == null ? null : targets.get(r.target());
    if (t == null) {
      t = call.target();
    }
    ChatRequest request = call.placedCall().request();
    List<Message> input = hub.capturesContent() ? request.messages() : null;
    TelemetryEvent.CallFinished full = new TelemetryEvent.CallFinished(call.info, hub.clock().instant(),
        Duration.ofNanos(System.nanoTime() - call.startNanos), t, providerModel(t, request), r.model(), r.id(),
        r.finishReason(), r.usage(), r.cost(), r.placement() != null ? r.placement() : call.placement(),
        r.attempts(), input, input == null ? null : r.message(), r.processingRegion());
    hub.emit(full, full.withoutContent());
  }

  @Override
  public void embeddingsFinished(RealCall call, EmbeddingResponse r) {
    if (!call.finish()) {
      return;
    }
    Target t = r.target() == null ? null : targets.get(r.target());
    if (t == null) {
      t = call.target();
    }
    String alias = call.placedCall().model();
    String providerModel = t != null && t.embeds(alias) ? t.embeddingModelFor(alias) : null;
    TelemetryEvent.CallFinished full = new TelemetryEvent.CallFinished(call.info, hub.clock().instant(),
        Duration.ofNanos(System.nanoTime() - call.startNanos), t, providerModel, r.model(), null, null, r.usage(),
        r.cost(), r.placement() != null ? r.placement() : call.placement(), r.attempts(), null, null);
    hub.emit(full, full);
  }

  @Override
  public void residencyBreach(RealCall call, Target target, String reported, Region region, Jurisdiction jurisdiction,
      boolean strict) {
    hub.emit(new TelemetryEvent.ResidencyBreach(call.info, hub.clock().instant(), target, reported, region,
        jurisdiction, strict));
  }

  @Override
  public void callFailed(RealCall call, Throwable error) {
    if (!call.finish()) {
      return;
    }
    Target t = call.target();
    Placement p = call.placement();
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
    emitFailed(call, t, error.getClass().getSimpleName(), errorInfo, p, attempts);
  }

  @Override
  public void callEndedWithoutCompletion(RealCall call) {
    if (call.finish()) {
      emitFailed(call, call.target(), "ProtocolException", ErrorInfo.NONE, call.placement(), List.of());
    }
  }

  @Override
  public void callAbandoned(RealCall call) {
    if (call.finish()) {
      emitFailed(call, call.target(), "CallCancelledException", ErrorInfo.NONE, call.placement(), List.of());
    }
  }

  private void emitFailed(RealCall call, Target t, String errorType, ErrorInfo errorInfo, Placement p,
      List<Attempt> attempts) {
    ModelCall placed = call.placedCall();
    List<Message> input = hub.capturesContent() && placed.embeddingRequest() == null ? placed.request().messages()
        : null;
    TelemetryEvent.CallFailed full = new TelemetryEvent.CallFailed(call.info, hub.clock().instant(),
        Duration.ofNanos(System.nanoTime() - call.startNanos), t, errorType, errorInfo, p, attempts, input);
    hub.emit(full, full.withoutContent());
  }

  private static String attemptModel(Target t, ModelCall attempt) {
    if (attempt.embeddingRequest() == null) {
      return providerModel(t, attempt.request());
    }
    String alias = attempt.model();
    return t != null && t.embeds(alias) ? t.embeddingModelFor(alias) : null;
  }

  private static String providerModel(Target t, ChatRequest request) {
    return t != null && t.serves(request.model()) ? t.modelFor(request.model()) : null;
  }
}
