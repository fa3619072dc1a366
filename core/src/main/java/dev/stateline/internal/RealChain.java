/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.Interceptor;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;

/**
 * The chain handed to each interceptor: the interceptors after it, ending in a terminal link (the
 * last of the list, or a separate one made per call).
 */
final class RealChain implements Interceptor.Chain {
  private final List<Interceptor> interceptors;
  private final Interceptor terminal;
  private final int index;
  private final ModelCall call;

  RealChain(List<Interceptor> interceptors, Interceptor terminal, int index, ModelCall call) {
    this.interceptors = interceptors;
    this.terminal = terminal;
    this.index = index;
    this.call = call;
  }

  @Override
  public ModelCall call() {
    return call;
  }

  @Override
  public EventSource proceed(ModelCall next) {
    Interceptor interceptor;
    if (index < interceptors.size()) {
      interceptor = interceptors.get(index);
    } else if (index == interceptors.size() && terminal != null) {
      interceptor = terminal;
    } else {
      throw new IllegalStateException("the last link of the chain must not call proceed()");
    }
    EventSource result = interceptor.intercept(new RealChain(interceptors, terminal, index + 1, next));
    if (result == null) {
      throw new NullPointerException("interceptor " + interceptor.getClass().getName() + " returned null");
    }
    return result;
  }

  static EventSource run(List<Interceptor> interceptors, ModelCall call) {
    return new RealChain(interceptors, null, 0, call).proceed(call);
  }

  /** Runs {@code interceptors}, then {@code terminal}. */
  static EventSource run(List<Interceptor> interceptors, Interceptor terminal, ModelCall call) {
    return new RealChain(interceptors, terminal, 0, call).proceed(call);
  }
}
