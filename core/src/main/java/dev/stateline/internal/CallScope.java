/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.Interceptor;
import dev.stateline.chat.ChatEvent;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.telemetry.Slf4jTelemetry;
import org.slf4j.MDC;

/**
 * The first call interceptor of every client. While a call's work runs on a thread (the chain:
 * guardrails, placement, attempts, retries, failover, the provider's request; then each read of the
 * answer, and its close) that thread's SLF4J MDC holds the call's id under {@value #MDC_KEY}, so
 * every log line written meanwhile (the provider's, the HTTP client's, the application's own
 * interceptors') carries it, and {@link #current()} names the call. What the thread had before is
 * put back afterwards, so a call made inside another client's call nests.
 *
 * <p>Threads the call does not run on (the AWS SDK's Netty event loop under a Bedrock stream) do not
 * get the MDC. Stateless and thread-safe.
 */
public final class CallScope implements Interceptor {
  /** The MDC key of the call id, the same id as the telemetry's {@code call} field. */
  public static final String MDC_KEY = Slf4jTelemetry.MDC_CALL_ID;

  static final CallScope INSTANCE = new CallScope();

  private static final ThreadLocal<ModelCall> CURRENT = new ThreadLocal<>();

  private CallScope() {}

  /** The interceptor; the client puts it first among its call interceptors. */
  public static Interceptor interceptor() {
    return INSTANCE;
  }

  /** The call whose work runs on this thread now, or null. */
  public static ModelCall current() {
    return CURRENT.get();
  }

  @Override
  public EventSource intercept(Chain chain) {
    ModelCall call = chain.call();
    ModelCall outer = enter(call);
    try {
      return new Scoped(chain.proceed(call), call);
    } finally {
      exit(call, outer);
    }
  }

  /** Makes {@code call} current; returns the call that was current before (possibly itself). */
  private static ModelCall enter(ModelCall call) {
    ModelCall outer = CURRENT.get();
    if (outer != call) {
      CURRENT.set(call);
      MDC.put(MDC_KEY, call.callId());
    }
    return outer;
  }

  private static void exit(ModelCall call, ModelCall outer) {
    if (outer == call) {
      return;
    }
    if (outer == null) {
      CURRENT.remove();
      MDC.remove(MDC_KEY);
    } else {
      CURRENT.set(outer);
      MDC.put(MDC_KEY, outer.callId());
    }
  }

  /** The answer, read and closed within the call's scope, on whichever thread reads it. */
  private static final class Scoped implements EventSource {
    private final EventSource delegate;
    private final ModelCall call;

    Scoped(EventSource delegate, ModelCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public ChatEvent next() {
      ModelCall outer = enter(call);
      try {
        return delegate.next();
      } finally {
        exit(call, outer);
      }
    }

    @Override
    public void close() {
      ModelCall outer = enter(call);
      try {
        delegate.close();
      } finally {
        exit(call, outer);
      }
    }
  }
}
