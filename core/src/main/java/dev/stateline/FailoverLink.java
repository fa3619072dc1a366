/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.error.BulkheadFullException;
import dev.stateline.error.StatelineException;
import dev.stateline.internal.TargetState;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover link: runs the call on each target of its placement's order in turn (the primary,
 * then each fallback), recording on the call which target it runs on. A target is given up, and
 * the next one tried, when its failure is {@linkplain StatelineException#isRetryable() retryable}
 * once its retries are spent (throttling, 5xx, connect and read timeouts), or it is full
 * ({@link BulkheadFullException}) or its circuit is open. A non-retryable failure (an invalid
 * request, a content filter, a credential, the call's total timeout, a cancellation) ends the call.
 * A stream never fails over after its first event: the links below return only once they have one.
 */
final class FailoverLink implements Interceptor {
  static final FailoverLink INSTANCE = new FailoverLink();
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.failover");

  private FailoverLink() {}

  @Override
  public EventSource intercept(Chain chain) {
    RealCall realCall = RealChain.realCall(chain);
    ModelCall call = chain.call();
    List<String> order = realCall.placement().order();
    for (int i = 0; ; i++) {
      TargetState state = realCall.pipeline.state(order.get(i));
      Target target = state.target();
      realCall.runOn(target, state);
      try {
        call.cancellation().throwIfCancelled();
        return chain.proceed(call.withTarget(target, 1));
      } catch (StatelineException e) {
        String next = e.isRetryable() && i < order.size() - 1 ? order.get(i + 1) : null;
        realCall.listener.targetGivenUp(realCall, target, e, next);
        if (next == null) {
          throw e;
        }
        LOG.atInfo().addKeyValue("call", call.callId()).addKeyValue("from", target.name()).addKeyValue("to", next)
            .addKeyValue("error", e.getClass().getSimpleName()).log("failing over");
      }
    }
  }
}
