/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.error.StatelineException;
import dev.stateline.internal.TargetState;
import dev.stateline.placement.Attempt;
import dev.stateline.placement.Placement;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.CallInfo;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One call as it runs: the per-call state that every link of the chain reaches through its chain
 * ({@link RealChain#realCall}), as OkHttp's interceptors reach their {@code RealCall} and the AWS
 * SDK's stages their execution attributes. The links write it as the call goes down the chain
 * (the call as it reached placement, the {@link Placement}, the target it runs on, every
 * {@link Attempt}) and read it where they need it (the stamp link puts it on the answer); nothing is
 * passed down through constructors or read back up.
 *
 * <p>It is also the answer as the caller sees it: the outermost {@link EventSource}, which tells the
 * client's {@link CallListener} about the first token, the completion or the failure, and records
 * the call's route on a failure that leaves the chain.
 *
 * <p>The route is written on the calling thread while the call is placed and tried (a stream
 * fails over only before its first event); the answer may then be read, and closed, on others.
 */
final class RealCall implements EventSource {
  /** {@code StatelineException.route}, package-private in its package: see {@link #route}. */
  private static final MethodHandle ROUTE;
  private static final AtomicIntegerFieldUpdater<RealCall> DONE =
      AtomicIntegerFieldUpdater.newUpdater(RealCall.class, "done");

  static {
    try {
      ROUTE = MethodHandles.privateLookupIn(StatelineException.class, MethodHandles.lookup()).findVirtual(
          StatelineException.class, "route",
          MethodType.methodType(void.class, String.class, Placement.class, List.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Pipeline pipeline;
  final CallListener listener;
  /** The call as the client made it. */
  final ModelCall call;
  /** The session a turn belongs to, or null. */
  final String sessionId;
  final long startNanos = System.nanoTime();

  private volatile ModelCall placedCall;
  private volatile Placement placement;
  private volatile Target target;
  private volatile TargetState state;
  private Attempt[] attempts;
  private int attemptCount;
  private int attemptsReported;

  /** The call's telemetry ({@link TelemetryFeed}), or null without. */
  CallInfo info;
  int attemptsStarted;
  volatile boolean firstTokenSeen;
  private volatile int done;

  private EventSource answer;
  /** An embedding call's vectors so far, on the target that made them ({@link EmbeddingBatches}). */
  EmbeddingBatches.Progress embeddingProgress;

  RealCall(Pipeline pipeline, ModelCall call, String sessionId) {
    this.pipeline = pipeline;
    this.listener = pipeline.listener;
    this.call = call;
    this.sessionId = sessionId;
  }

  /** Runs the call down the chain; returns once the answer's first event has arrived. */
  EventSource execute() {
    listener.callStarted(this);
    try {
      answer = RealChain.start(this);
    } catch (RuntimeException | Error e) {
      failed(e);
      throw e;
    }
    return this;
  }

  @Override
  public ChatEvent next() {
    ChatEvent e;
    try {
      e = answer.next();
    } catch (RuntimeException | Error ex) {
      failed(ex);
      throw ex;
    }
    if (e == null) {
      listener.callEndedWithoutCompletion(this);
    } else if (e instanceof ChatEvent.Completed c) {
      listener.callFinished(this, c.response());
    } else if (e instanceof ChatEvent.EmbeddingsCompleted c) {
      listener.embeddingsFinished(this, c.response());
    } else if (e instanceof ChatEvent.TextDelta || e instanceof ChatEvent.ToolCallDelta) {
      listener.firstToken(this);
    }
    return e;
  }

  /** A failure leaves the call: it gets the route, and the listener hears of it. */
  private void failed(Throwable e) {
    if (e instanceof StatelineException se) {
      route(se);
    }
    listener.callFailed(this, e);
  }

  @Override
  public void close() {
    try {
      answer.close();
    } finally {
      listener.callAbandoned(this);
    }
  }

  // ---------------------------------------------------------------- the route, as the links write it

  /** A pass through placement starts a route: it forgets any earlier one of this call. */
  synchronized void startRoute(ModelCall placed) {
    placedCall = placed;
    placement = null;
    target = null;
    state = null;
    attemptCount = 0;
    attemptsReported = 0;
  }

  void placed(Placement p) {
    placement = p;
  }

  /** The call now runs on {@code target}. */
  void runOn(Target target, TargetState state) {
    this.target = target;
    this.state = state;
  }

  /** The call as it reached placement (after the call interceptors), or as made if it did not. */
  ModelCall placedCall() {
    ModelCall c = placedCall;
    return c != null ? c : call;
  }

  /** Where the call was placed, or null before placement. */
  Placement placement() {
    return placement;
  }

  /** The target the call runs on (or ran on last), or null before one was tried. */
  Target target() {
    return target;
  }

  /** The state of {@link #target()}: its bulkhead, circuit breaker and latency. */
  TargetState state() {
    return state;
  }

  synchronized void addAttempt(Attempt a) {
    if (attempts == null) {
      attempts = new Attempt[2];
    } else if (attemptCount == attempts.length) {
      attempts = Arrays.copyOf(attempts, attemptCount * 2);
    }
    attempts[attemptCount++] = a;
  }

  /**
   * A link refuses to try the call's target ({@code attempt} is the attempt it stops): records an
   * attempt that never started, of {@code refusal}'s type, and returns the refusal to throw.
   */
  StatelineException refused(ModelCall attempt, StatelineException refusal) {
    addAttempt(new Attempt(attempt.target().name(), Math.max(1, attempt.attempt()), Duration.ZERO,
        refusal.getClass().getSimpleName(), Duration.ZERO));
    return refusal;
  }

  /** Every attempt of the route so far, in order. */
  synchronized List<Attempt> attempts() {
    return attemptCount == 0 ? List.of() : List.of(Arrays.copyOf(attempts, attemptCount));
  }

  /** Marks every attempt so far as reported to telemetry. */
  synchronized void markAttemptsReported() {
    attemptsReported = attemptCount;
  }

  /** The last attempt if telemetry has not had it yet (and marks it), else null. */
  synchronized Attempt takeUnreportedAttempt() {
    if (attemptsReported >= attemptCount) {
      return null;
    }
    attemptsReported = attemptCount;
    return attempts[attemptCount - 1];
  }

  /** True the first time only: the call's outcome is reported once. */
  boolean finish() {
    return DONE.compareAndSet(this, 0, 1);
  }

  /**
   * Records the route on a failure: the target tried last, the placement and the attempts. The
   * exception's setter is not public, so that no application code can rewrite where a call went;
   * the pipeline, in the same module, reaches it through a private lookup.
   */
  void route(StatelineException e) {
    Placement p = placement;
    if (p == null) {
      return; // failed before placement: there is no route
    }
    Target t = target;
    String name = t == null ? null : t.name(); // invokeExact needs exactly (StatelineException, String, ...)
    List<Attempt> attempts = attempts();
    try {
      ROUTE.invokeExact(e, name, p, attempts);
    } catch (Throwable unexpected) {
      throw new AssertionError("recording the route failed", unexpected);
    }
  }
}
