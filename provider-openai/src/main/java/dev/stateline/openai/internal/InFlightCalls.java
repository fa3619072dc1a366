/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;

/**
 * The HTTP calls a model has in flight, so that closing the model ends them: every OkHttp
 * {@link Call} is {@linkplain #add added} before it is executed and {@linkplain #remove removed} when
 * its exchange is over (its response closed, or the attempt failed). {@link #close()} refuses new
 * calls, runs the abort action of every call still in flight (by default {@link Call#cancel()}, so
 * that a blocked {@code execute()} or body read fails at once; an open stream swaps in its own
 * {@linkplain #onClose close} so that a stream nobody reads is released too), and runs the
 * {@code onDrained} action (giving back the lease on a shared OkHttp client) once the last call in
 * flight has ended: at once if none was, else on the thread that ends the last one.
 *
 * <p>Races: a call added concurrently with {@code close()} is either refused by {@link #add} (and
 * never sent) or seen, and aborted, by {@code close()}; never neither. Not API. Thread-safe; each
 * method may be called from any thread.
 */
public final class InFlightCalls {
  private final ConcurrentHashMap<Call, Runnable> calls = new ConcurrentHashMap<>();
  /** Calls added and not yet removed; counted apart, since the map's size is only an estimate. */
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean drained = new AtomicBoolean();
  private final Runnable onDrained;

  /** @param onDrained runs once, after {@link #close()}, when no call is in flight any more */
  public InFlightCalls(Runnable onDrained) {
    this.onDrained = onDrained;
  }

  /**
   * Registers {@code call}, which is about to be executed.
   *
   * @return true if registered; false if closed: then the call must not be executed
   */
  public boolean add(Call call) {
    // Counted and put before closed is read; close() sets closed before it looks at the calls, so
    // one of the two always sees the other.
    open.incrementAndGet();
    calls.put(call, call::cancel);
    if (closed.get()) {
      remove(call);
      return false;
    }
    return true;
  }

  /**
   * Makes {@code abort} (instead of cancelling the call) what {@link #close()} does to {@code call};
   * runs it at once if closed already. {@code abort} must be idempotent: a close that raced this may
   * have cancelled the call too.
   */
  public void onClose(Call call, Runnable abort) {
    if (calls.replace(call, abort) != null && closed.get()) {
      abort.run();
    }
  }

  /** Unregisters {@code call}: its exchange is over. Idempotent. */
  public void remove(Call call) {
    if (calls.remove(call) != null && open.decrementAndGet() == 0 && closed.get()) {
      drain();
    }
  }

  /** True once {@link #close()} was called: a call failing from now on failed because of it. */
  public boolean isClosed() {
    return closed.get();
  }

  /** How many calls are in flight (for tests and diagnostics). */
  public int size() {
    return open.get();
  }

  /** Refuses new calls and aborts those in flight; idempotent. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Runnable abort : calls.values()) {
      try {
        abort.run();
      } catch (RuntimeException e) {
        // One failing abort must not keep the others from running.
      }
    }
    if (open.get() == 0) {
      drain();
    }
  }

  private void drain() {
    if (drained.compareAndSet(false, true)) {
      onDrained.run();
    }
  }
}
