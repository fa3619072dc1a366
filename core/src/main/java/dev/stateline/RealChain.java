/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;

/**
 * The chain handed to each link: the links after it, the call as it arrived, and the call's
 * {@link RealCall}, which every built-in link reaches through {@link #realCall}. Immutable; one per
 * link entered.
 */
final class RealChain implements Interceptor.Chain {
  private final RealCall realCall;
  /** The link that {@link #proceed} runs. */
  private final int index;
  private final ModelCall call;

  private RealChain(RealCall realCall, int index, ModelCall call) {
    this.realCall = realCall;
    this.index = index;
    this.call = call;
  }

  /** Runs the first link of {@code call}'s pipeline. */
  static EventSource start(RealCall call) {
    return run(call, 0, call.call);
  }

  /** The per-call state of the call a built-in link sees. */
  static RealCall realCall(Interceptor.Chain chain) {
    return ((RealChain) chain).realCall;
  }

  @Override
  public ModelCall call() {
    return call;
  }

  @Override
  public EventSource proceed(ModelCall next) {
    if (index >= realCall.pipeline.links.length) {
      throw new IllegalStateException("the last link of the chain must not call proceed()");
    }
    return run(realCall, index, next);
  }

  private static EventSource run(RealCall realCall, int index, ModelCall call) {
    Interceptor link = realCall.pipeline.links[index];
    EventSource result = link.intercept(new RealChain(realCall, index + 1, call));
    if (result == null) {
      throw new NullPointerException("interceptor " + link.getClass().getName() + " returned null");
    }
    return result;
  }
}
