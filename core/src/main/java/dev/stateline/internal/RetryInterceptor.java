/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.Interceptor;
import dev.stateline.RetryPolicy;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.error.BulkheadFullException;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.CircuitOpenException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one target per its {@link RetryPolicy}. It reads the first event of every attempt before
 * returning, so that a failure before the first token is retried and one after it never is.
 *
 * <p>Before each attempt it asks the target's circuit breaker for a permit (an open circuit gives
 * the target up at once, with a {@link CircuitOpenException}); after it, it reports the outcome to
 * the breaker and, on success, the latency to the target's moving average. A stream's outcome is
 * reported when the stream ends.
 *
 * <p>Telemetry: it reports each attempt as it starts, and each failed attempt it retries (with the
 * delay chosen); an attempt after which it gives the target up is reported by the pipeline, which
 * knows whether the call fails over.
 */
final class RetryInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.retry");

  private final RetryPolicy policy;
  private final AttemptLog log;
  private final TargetState state;
  private final CallTrace trace;

  RetryInterceptor(RetryPolicy policy, AttemptLog log, TargetState state, CallTrace trace) {
    this.policy = policy;
    this.log = log;
    this.state = state;
    this.trace = trace;
  }

  @Override
  public EventSource intercept(Chain chain) {
    ModelCall call = chain.call();
    Target target = call.target();
    CircuitBreaker breaker = state.breaker();
    for (int attempt = 1; ; attempt++) {
      call.cancellation().throwIfCancelled();
      if (call.deadlineNanos() - System.nanoTime() <= 0) {
        throw new CallTimeoutException("the call's total timeout of " + call.timeouts().total()
            + " expired before attempt " + attempt, ErrorInfo.of(target.provider()),
            CallTimeoutException.Kind.TOTAL, null);
      }
      long permit = breaker.tryAcquire();
      if (permit == CircuitBreaker.REFUSED) {
        log.add(new Attempt(target.name(), attempt, Duration.ZERO, CircuitOpenException.class.getSimpleName(),
            Duration.ZERO));
        throw new CircuitOpenException("target '" + target.name() + "' is not taking calls: circuit breaker "
            + breaker.summary());
      }
      ModelCall attemptCall = call.withTarget(target, attempt);
      trace.attemptStarted(attemptCall);
      long start = System.nanoTime();
      EventSource source = null;
      try {
        source = chain.proceed(attemptCall);
        ChatEvent first = source.next();
        long elapsed = System.nanoTime() - start;
        log.add(new Attempt(target.name(), attempt, Duration.ofNanos(elapsed), null, Duration.ZERO));
        if (first == null) {
          breaker.onIgnored(permit);
          return source;
        }
        state.recordLatency(call.streaming(), elapsed);
        if (first instanceof ChatEvent.Completed) {
          breaker.onSuccess(permit);
          return EventSource.prepend(first, source);
        }
        return new Tracked(EventSource.prepend(first, source), breaker, permit);
      } catch (StatelineException e) {
        if (source != null) {
          source.close();
        }
        report(breaker, permit, e);
        Duration delay = delayBeforeRetry(e, attempt, call);
        Attempt failed = new Attempt(target.name(), attempt, Duration.ofNanos(System.nanoTime() - start),
            e.getClass().getSimpleName(), delay == null ? Duration.ZERO : delay);
        log.add(failed);
        if (delay == null) {
          throw e;
        }
        log.markReported();
        trace.retrying(target, failed, e);
        if (LOG.isDebugEnabled()) {
          LOG.debug("call={} target={} attempt={}/{} failed with {} (status {}); retrying in {} ms",
              call.callId(), target.name(), attempt, policy.maxAttempts(),
              e.getClass().getSimpleName(), e.statusCode(), delay.toMillis());
        }
        call.cancellation().sleep(delay);
      } catch (RuntimeException | Error e) {
        if (source != null) {
          source.close();
        }
        breaker.onIgnored(permit);
        throw e;
      }
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

  /** The wait before the next attempt, or null to give this target up. */
  private Duration delayBeforeRetry(StatelineException e, int attempt, ModelCall call) {
    if (!e.isRetryable() || attempt >= policy.maxAttempts()) {
      return null;
    }
    Duration delay;
    Duration asked = e.retryAfter().orElse(null);
    if (asked != null) {
      if (asked.compareTo(policy.maxRetryAfter()) > 0) {
        return null;
      }
      delay = asked;
    } else {
      delay = policy.backoff(attempt);
    }
    return delay.compareTo(call.remaining()) >= 0 ? null : delay;
  }

  /** A stream past its first event: reports its outcome to the breaker when it ends. */
  private static final class Tracked implements EventSource {
    private final EventSource delegate;
    private final CircuitBreaker breaker;
    private final long permit;
    private final AtomicBoolean reported = new AtomicBoolean();

    Tracked(EventSource delegate, CircuitBreaker breaker, long permit) {
      this.delegate = delegate;
      this.breaker = breaker;
      this.permit = permit;
    }

    @Override
    public ChatEvent next() {
      ChatEvent e;
      try {
        e = delegate.next();
      } catch (StatelineException ex) {
        if (reported.compareAndSet(false, true)) {
          report(breaker, permit, ex);
        }
        throw ex;
      }
      if (e == null) {
        if (reported.compareAndSet(false, true)) {
          breaker.onIgnored(permit);
        }
      } else if (e instanceof ChatEvent.Completed && reported.compareAndSet(false, true)) {
        breaker.onSuccess(permit);
      }
      return e;
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        if (reported.compareAndSet(false, true)) {
          breaker.onIgnored(permit);
        }
      }
    }
  }
}
