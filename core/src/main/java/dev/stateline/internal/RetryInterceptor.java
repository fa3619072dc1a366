package dev.stateline.internal;

import dev.stateline.Interceptor;
import dev.stateline.RetryPolicy;
import dev.stateline.Target;
import dev.stateline.chat.ChatEvent;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one target per its {@link RetryPolicy}. It reads the first event of every attempt before
 * returning, so that a failure before the first token is retried and one after it never is.
 */
final class RetryInterceptor implements Interceptor {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.retry");

  private final RetryPolicy policy;
  private final AttemptLog log;

  RetryInterceptor(RetryPolicy policy, AttemptLog log) {
    this.policy = policy;
    this.log = log;
  }

  @Override
  public EventSource intercept(Chain chain) {
    ModelCall call = chain.call();
    Target target = call.target();
    for (int attempt = 1; ; attempt++) {
      call.cancellation().throwIfCancelled();
      if (call.remaining().isNegative() || call.remaining().isZero()) {
        throw new CallTimeoutException("the call's total timeout of " + call.timeouts().total()
            + " expired before attempt " + attempt, ErrorInfo.of(target.provider()),
            CallTimeoutException.Kind.TOTAL, null);
      }
      long start = System.nanoTime();
      EventSource source = null;
      try {
        source = chain.proceed(call.withTarget(target, attempt));
        ChatEvent first = source.next();
        log.add(new Attempt(target.name(), attempt, since(start), null, Duration.ZERO));
        return first == null ? source : EventSource.prepend(first, source);
      } catch (StatelineException e) {
        if (source != null) {
          source.close();
        }
        Duration delay = delayBeforeRetry(e, attempt, call);
        log.add(new Attempt(target.name(), attempt, since(start), e.getClass().getSimpleName(),
            delay == null ? Duration.ZERO : delay));
        if (delay == null) {
          throw e;
        }
        if (LOG.isDebugEnabled()) {
          LOG.debug("call={} target={} attempt={}/{} failed with {} (status {}); retrying in {} ms",
              call.callId(), target.name(), attempt, policy.maxAttempts(),
              e.getClass().getSimpleName(), e.statusCode(), delay.toMillis());
        }
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

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
