/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.CircuitOpenException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry link: tries the call on its target up to {@link RetryPolicy#maxAttempts()} times,
 * waiting between attempts as the policy says (exponential backoff with full jitter, or the
 * provider's {@code Retry-After} up to {@link RetryPolicy#maxRetryAfter()}), never past the call's
 * total timeout. Every attempt is recorded on the call.
 *
 * <p>It retries exactly the failures before the first event: the circuit-breaker link below it
 * returns an attempt only once its first event has arrived, so a failure before that is thrown from
 * {@code proceed} and one after it reaches the caller. A circuit that refuses the attempt gives the
 * target up at once ({@link CircuitOpenException}, recorded by the breaker link).
 */
final class RetryLink implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.retry");

  private final RetryPolicy policy;

  RetryLink(RetryPolicy policy) {
    this.policy = policy;
  }

  @Override
  public EventSource intercept(Chain chain) {
    RealCall realCall = RealChain.realCall(chain);
    ModelCall call = chain.call();
    Target target = call.target();
    for (int attempt = 1; ; attempt++) {
      call.cancellation().throwIfCancelled();
      if (call.deadlineNanos() - System.nanoTime() <= 0) {
        throw new CallTimeoutException("the call's total timeout of " + call.timeouts().total()
            + " expired before attempt " + attempt, ErrorInfo.of(target.provider()),
            CallTimeoutException.Kind.TOTAL, null);
      }
      long start = System.nanoTime();
      try {
        EventSource source = chain.proceed(call.withTarget(target, attempt));
        realCall.addAttempt(new Attempt(target.name(), attempt, Duration.ofNanos(System.nanoTime() - start), null,
            Duration.ZERO));
        return source;
      } catch (CircuitOpenException e) {
        throw e;
      } catch (StatelineException e) {
        Duration delay = delayBeforeRetry(e, attempt, call);
        Attempt failed = new Attempt(target.name(), attempt, Duration.ofNanos(System.nanoTime() - start),
            e.getClass().getSimpleName(), delay == null ? Duration.ZERO : delay);
        realCall.addAttempt(failed);
        if (delay == null) {
          throw e;
        }
        realCall.listener.attemptRetried(realCall, target, failed, e);
        LOG.atDebug().addKeyValue("call", call.callId()).addKeyValue("target", target.name())
            .addKeyValue("attempt", attempt).addKeyValue("maxAttempts", policy.maxAttempts())
            .addKeyValue("error", e.getClass().getSimpleName()).addKeyValue("status", e.statusCode())
            .addKeyValue("delayMs", delay.toMillis()).log("attempt failed; retrying");
        call.cancellation().sleep(delay);
      }
    }
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
}
