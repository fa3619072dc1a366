/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.CallOptions;
import dev.stateline.Cancellation;
import dev.stateline.Target;
import dev.stateline.Timeouts;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.EmbeddingRequest;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.placement.CallKind;
import dev.stateline.placement.Operation;
import java.time.Duration;
import java.util.Objects;

/**
 * One call as it moves through the client's pipeline: the request, how it is to be answered
 * (streamed or not), its timeouts, deadline and cancellation, and, once placed, the
 * {@link #target() target} and the attempt number. The {@link #options() call options} say what
 * placement must respect (residency, affinity) and whom the spend is booked to.
 *
 * <p>A call is a chat call ({@link #request()}) or an embedding call ({@link #embeddingRequest()}),
 * as {@link #operation()} says; both run down the same pipeline, and {@link #model()} is the alias
 * either way.
 *
 * <p>Immutable; interceptors derive changed copies with {@link #withRequest(ChatRequest)}.
 */
public final class ModelCall {
  private final String callId;
  private final ChatRequest request;
  private final EmbeddingRequest embeddingRequest;
  private final boolean streaming;
  private final CallKind kind;
  private final Timeouts timeouts;
  private final long deadlineNanos;
  private final Cancellation cancellation;
  private final Target target;
  private final int attempt;
  private final CallOptions options;

  private ModelCall(String callId, ChatRequest request, boolean streaming, CallKind kind,
      Timeouts timeouts, long deadlineNanos, Cancellation cancellation, Target target, int attempt,
      CallOptions options) {
    this(callId, Objects.requireNonNull(request, "request"), null, streaming, kind, timeouts, deadlineNanos,
        cancellation, target, attempt, options);
  }

  private ModelCall(String callId, ChatRequest request, EmbeddingRequest embeddingRequest, boolean streaming,
      CallKind kind, Timeouts timeouts, long deadlineNanos, Cancellation cancellation, Target target, int attempt,
      CallOptions options) {
    this.callId = Objects.requireNonNull(callId, "callId");
    this.request = request;
    this.embeddingRequest = embeddingRequest;
    this.streaming = streaming;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.deadlineNanos = deadlineNanos;
    this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
    this.target = target;
    this.attempt = attempt;
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * A new call whose total timeout starts now. Used by the client; tests of a {@link ChatModel}
   * may use it to call the model directly.
   */
  public static ModelCall create(String callId, ChatRequest request, boolean streaming, CallKind kind,
      Timeouts timeouts, Cancellation cancellation) {
    return new ModelCall(callId, request, streaming, kind, timeouts,
        System.nanoTime() + timeouts.totalNanos(), cancellation, null, 0,
        CallOptions.defaults());
  }

  /**
   * A new embedding call ({@link CallKind#STATELESS}, not streamed) whose total timeout starts now.
   * Used by the client; tests of an {@link EmbeddingModel} may use it to call the model directly.
   */
  public static ModelCall create(String callId, EmbeddingRequest request, Timeouts timeouts,
      Cancellation cancellation) {
    return new ModelCall(callId, null, Objects.requireNonNull(request, "request"), false, CallKind.STATELESS,
        timeouts, System.nanoTime() + timeouts.totalNanos(), cancellation, null, 0, CallOptions.defaults());
  }

  /** A copy with other call options (residency, affinity, tenant, tags); this call if they are the same. */
  public ModelCall withOptions(CallOptions options) {
    if (options == this.options) {
      return this;
    }
    return new ModelCall(callId, request, embeddingRequest, streaming, kind, timeouts, deadlineNanos, cancellation,
        target, attempt, options);
  }

  /**
   * A copy with another request (a guardrail that redacts, say).
   *
   * @throws IllegalStateException on an embedding call
   */
  public ModelCall withRequest(ChatRequest request) {
    if (embeddingRequest != null) {
      throw new IllegalStateException("an embedding call has no chat request; use withEmbeddingRequest");
    }
    return new ModelCall(callId, request, streaming, kind, timeouts, deadlineNanos, cancellation, target, attempt,
        options);
  }

  /**
   * A copy with another embedding request (an interceptor that normalises the texts, say).
   *
   * @throws IllegalStateException on a chat call
   */
  public ModelCall withEmbeddingRequest(EmbeddingRequest request) {
    if (embeddingRequest == null) {
      throw new IllegalStateException("a chat call has no embedding request; use withRequest");
    }
    return new ModelCall(callId, null, Objects.requireNonNull(request, "request"), false, kind, timeouts,
        deadlineNanos, cancellation, target, attempt, options);
  }

  /**
   * A copy placed on {@code target}, for attempt number {@code attempt} there (1-based); this call if
   * it is already that attempt.
   */
  public ModelCall withTarget(Target target, int attempt) {
    Objects.requireNonNull(target, "target");
    if (target == this.target && attempt == this.attempt) {
      return this;
    }
    return new ModelCall(callId, request, embeddingRequest, streaming, kind, timeouts, deadlineNanos, cancellation,
        target, attempt, options);
  }

  /** A unique id of this call, shared by all its attempts; for logs and telemetry. */
  public String callId() {
    return callId;
  }

  /**
   * The chat request.
   *
   * @throws IllegalStateException on an embedding call (see {@link #operation()})
   */
  public ChatRequest request() {
    if (request == null) {
      throw new IllegalStateException("an embedding call has no chat request; see operation() and embeddingRequest()");
    }
    return request;
  }

  /** The embedding request, or null on a chat call. */
  public EmbeddingRequest embeddingRequest() {
    return embeddingRequest;
  }

  /** What the call asks for: {@link Operation#CHAT} or {@link Operation#EMBEDDINGS}. */
  public Operation operation() {
    return embeddingRequest != null ? Operation.EMBEDDINGS : Operation.CHAT;
  }

  /** The model alias asked for, whatever the operation. */
  public String model() {
    return request != null ? request.model() : embeddingRequest.model();
  }

  /** True for {@code stream} calls, false for {@code chat}. */
  public boolean streaming() {
    return streaming;
  }

  public CallKind kind() {
    return kind;
  }

  public Timeouts timeouts() {
    return timeouts;
  }

  /** Time left before the call's total timeout; zero or negative once it has passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  /** The deadline on the {@link System#nanoTime()} scale. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** True once the call's total timeout has passed. */
  public boolean expired() {
    return deadlineNanos - System.nanoTime() <= 0;
  }

  /**
   * The deadline check every provider makes before it sends (and wherever it would wait): the time
   * left, in nanoseconds, if there is any.
   *
   * @param provider the provider's name, for the error
   * @param before what was about to happen, such as "the request was sent"
   * @return the nanoseconds left, always positive
   * @throws CallTimeoutException ({@link CallTimeoutException.Kind#TOTAL}, not retryable) if the
   *     total timeout has passed
   */
  public long requireTimeLeft(String provider, String before) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new CallTimeoutException((provider == null ? "" : provider + ": ") + "the call's total timeout of "
          + timeouts.total() + " ran out before " + before, ErrorInfo.of(provider), CallTimeoutException.Kind.TOTAL,
          null);
    }
    return left;
  }

  public Cancellation cancellation() {
    return cancellation;
  }

  /**
   * The call's options, as the caller gave them: residency, affinity, tenant and tags are read by
   * placement. Never null. (Timeouts and cancellation are resolved into {@link #timeouts()} and
   * {@link #cancellation()}.)
   */
  public CallOptions options() {
    return options;
  }

  /** The target this attempt runs on, or null before placement. */
  public Target target() {
    return target;
  }

  /** The attempt number on {@link #target()} (1-based), or 0 before placement. */
  public int attempt() {
    return attempt;
  }

  /**
   * The provider's name for the requested model on {@link #target()}.
   *
   * @throws IllegalStateException before placement
   */
  public String providerModel() {
    if (target == null) {
      throw new IllegalStateException("the call is not placed on a target yet");
    }
    return request != null ? target.modelFor(request.model()) : target.embeddingModelFor(embeddingRequest.model());
  }

  @Override
  public String toString() {
    return "ModelCall[" + callId + ", " + operation().otelName() + ", model=" + model() + ", streaming=" + streaming
        + ", " + kind
        + (target == null ? "" : ", target=" + target.name() + " #" + attempt) + "]";
  }
}
