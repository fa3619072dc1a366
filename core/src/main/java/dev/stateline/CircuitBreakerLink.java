/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.error.BulkheadFullException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.CircuitOpenException;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.internal.CircuitBreaker;
import dev.stateline.internal.TargetState;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The circuit-breaker link, once per attempt: asks the target's circuit breaker for a permit (an
 * open circuit refuses the attempt with a {@link CircuitOpenException}, recorded as an attempt that
 * never started), then judges the attempt by its first event, which it waits for before returning:
 * a failure counts against the target if it says the target is unhealthy
 * ({@link #countsAgainstTarget}); a first event records the attempt's latency in the target's
 * moving average; a completion is a success. A stream's outcome is reported when it ends.
 */
final class CircuitBreakerLink implements Interceptor {
  static final CircuitBreakerLink INSTANCE = new CircuitBreakerLink();

  private CircuitBreakerLink() {}

  @Override
  public EventSource intercept(Chain chain) {
    RealCall realCall = RealChain.realCall(chain);
    ModelCall call = chain.call();
    TargetState state = realCall.state();
    CircuitBreaker breaker = state.breaker();
    long permit = breaker.tryAcquire();
    if (permit == CircuitBreaker.REFUSED) {
      throw realCall.refused(call, new CircuitOpenException("target '" + call.target().name()
          + "' is not taking calls: circuit breaker " + breaker.summary()));
    }
    realCall.listener.attemptStarted(realCall, call);
    long start = System.nanoTime();
    EventSource source = null;
    try {
      source = chain.proceed(call);
      ChatEvent first = source.next();
      if (first == null) {
        breaker.onIgnored(permit);
        return source;
      }
      state.recordLatency(call.streaming(), System.nanoTime() - start);
      if (first instanceof ChatEvent.Completed || first instanceof ChatEvent.EmbeddingsCompleted) {
        breaker.onSuccess(permit);
        return EventSource.prepend(first, source);
      }
      return new Judged(first, source, breaker, permit);
    } catch (StatelineException e) {
      if (source != null) {
        source.close();
      }
      report(breaker, permit, e);
      throw e;
    } catch (RuntimeException | Error e) {
      if (source != null) {
        source.close();
      }
      breaker.onIgnored(permit);
      throw e;
    }
  }

  /** Tells the breaker what a failure says about the target. */
  static void report(CircuitBreaker breaker, long permit, StatelineException e) {
    if (countsAgainstTarget(e)) {
      breaker.onFailure(permit);
    } else {
      breaker.onIgnored(permit);
    }
  }

  /**
   * True for failures that say the target is unhealthy: throttling, 5xx and network failures,
   * connect and read timeouts, malformed responses, a provider's unexpected crash. False for the
   * caller's doing (invalid request, content filter, credential, cancellation, the call's total
   * timeout) and for the pipeline's own refusals.
   */
  static boolean countsAgainstTarget(StatelineException e) {
    if (e instanceof CallCancelledException || e instanceof BulkheadFullException
        || e instanceof CircuitOpenException) {
      return false;
    }
    if (e instanceof CallTimeoutException t) {
      return t.kind() != CallTimeoutException.Kind.TOTAL;
    }
    if (e instanceof ProtocolException && e.getCause() instanceof CallTimeoutException t
        && t.kind() == CallTimeoutException.Kind.TOTAL) {
      // A stream cut by the caller's own total budget says nothing about the target's health.
      return false;
    }
    if (e instanceof ProtocolException || e.isRetryable()) {
      return true;
    }
    return e.getClass() == StatelineException.class;
  }

  /** A stream past its first event (which it yields first): reports its outcome when it ends. */
  private static final class Judged implements EventSource {
    private static final AtomicIntegerFieldUpdater<Judged> REPORTED =
        AtomicIntegerFieldUpdater.newUpdater(Judged.class, "reported");

    private final EventSource delegate;
    private final CircuitBreaker breaker;
    private final long permit;
    private ChatEvent head;
    private volatile int reported;

    Judged(ChatEvent head, EventSource delegate, CircuitBreaker breaker, long permit) {
      this.head = head;
      this.delegate = delegate;
      this.breaker = breaker;
      this.permit = permit;
    }

    private boolean claim() {
      return REPORTED.compareAndSet(this, 0, 1);
    }

    @Override
    public ChatEvent next() {
      ChatEvent e = head;
      if (e != null) {
        head = null;
        return e;
      }
      try {
        e = delegate.next();
      } catch (StatelineException ex) {
        if (claim()) {
          report(breaker, permit, ex);
        }
        throw ex;
      }
      if (e == null) {
        if (claim()) {
          breaker.onIgnored(permit);
        }
      } else if (e instanceof ChatEvent.Completed && claim()) {
        breaker.onSuccess(permit);
      }
      return e;
    }

    @Override
    public void close() {
      head = null;
      try {
        delegate.close();
      } finally {
        if (claim()) {
          breaker.onIgnored(permit);
        }
      }
    }
  }
}
