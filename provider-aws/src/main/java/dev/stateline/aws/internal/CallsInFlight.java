/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.Cancellation;
import dev.stateline.chat.ChatEvent;
import dev.stateline.spi.EventSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The calls an AWS SDK model has in flight, so that closing the model ends them the way cancelling
 * them does: {@link #close()} fires the {@link Cancellation} of every call still running (a
 * {@code chat} or an open stream), whose hooks abort the SDK's HTTP exchange or stream, and the
 * call fails with the {@link dev.stateline.error.CallCancelledException} its model already throws
 * for a cancelled call. The model closes its SDK clients only after that, so a call is not failed by
 * a connection torn down under it first. A call that starts while the model closes is cancelled
 * at once (never left running). Not API; thread-safe.
 */
final class CallsInFlight {
  private final Set<Cancellation> calls = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Tracks a call from now until the returned handle is run; cancels it at once if the model is
   * closed (or closing).
   */
  Runnable enter(Cancellation cancellation) {
    calls.add(cancellation);
    if (closed) {
      cancellation.cancel();
    }
    return () -> calls.remove(cancellation);
  }

  /**
   * {@code source}, still tracked until it ends (its last event, a failure, or its close), then
   * {@code exit} (the handle {@link #enter} gave when the stream was opened) is run.
   */
  EventSource track(Runnable exit, EventSource source) {
    return new EventSource() {
      private final AtomicBoolean ended = new AtomicBoolean();

      @Override
      public ChatEvent next() {
        ChatEvent e;
        try {
          e = source.next();
        } catch (RuntimeException failure) {
          end();
          throw failure;
        }
        if (e == null || e instanceof ChatEvent.Completed) {
          end();
        }
        return e;
      }

      @Override
      public void close() {
        try {
          source.close();
        } finally {
          end();
        }
      }

      private void end() {
        if (ended.compareAndSet(false, true)) {
          exit.run();
        }
      }
    };
  }

  /** Cancels every call in flight, and from now on every call that starts; idempotent. */
  void close() {
    closed = true;
    for (Cancellation c : calls) {
      c.cancel();
    }
  }

  /** How many calls are in flight (for tests). */
  int size() {
    return calls.size();
  }
}
