/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.error.BulkheadFullException;
import dev.stateline.internal.TargetState;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The bulkhead link: takes a slot of the target's concurrency limit
 * ({@link Target#maxConcurrentCalls()}) for as long as the answer is open, and gives it back when
 * the answer ends, fails or is closed. A full target is given up at once with a
 * {@link BulkheadFullException} (recorded as an attempt that never started), so the call fails over.
 */
final class BulkheadLink implements Interceptor {
  static final BulkheadLink INSTANCE = new BulkheadLink();

  private BulkheadLink() {}

  @Override
  public EventSource intercept(Chain chain) {
    RealCall realCall = RealChain.realCall(chain);
    ModelCall call = chain.call();
    TargetState state = realCall.state();
    if (!state.tryEnter()) {
      throw realCall.refused(call, new BulkheadFullException("target '" + call.target().name()
          + "' already runs its maximum of " + state.maxInFlight() + " concurrent calls", state.maxInFlight()));
    }
    EventSource source;
    try {
      source = chain.proceed(call);
    } catch (RuntimeException | Error e) {
      state.exit();
      throw e;
    }
    return new Held(source, state);
  }

  /** An answer holding a bulkhead slot, released once. */
  private static final class Held implements EventSource {
    private static final AtomicIntegerFieldUpdater<Held> RELEASED =
        AtomicIntegerFieldUpdater.newUpdater(Held.class, "released");

    private final EventSource delegate;
    private final TargetState state;
    private volatile int released;

    Held(EventSource delegate, TargetState state) {
      this.delegate = delegate;
      this.state = state;
    }

    private void release() {
      if (RELEASED.compareAndSet(this, 0, 1)) {
        state.exit();
      }
    }

    @Override
    public ChatEvent next() {
      ChatEvent e;
      try {
        e = delegate.next();
      } catch (RuntimeException | Error ex) {
        release();
        throw ex;
      }
      if (e == null || e instanceof ChatEvent.Completed || e instanceof ChatEvent.EmbeddingsCompleted) {
        release();
      }
      return e;
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        release();
      }
    }
  }
}
