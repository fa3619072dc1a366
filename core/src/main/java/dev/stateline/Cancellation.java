/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.error.CallCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-way signal that a call should stop. Pass one in {@link CallOptions} to cancel a call from
 * another thread; the futures of {@link StatelineClient#chatAsync} cancel theirs when cancelled.
 *
 * <p>Providers {@linkplain #onCancel(Runnable) register} what stops their work (cancelling the HTTP
 * call); the pipeline checks it between attempts and wakes from backoff waits when it fires.
 * Thread-safe; cancelling twice is harmless.
 *
 * <p>Every call has one, so it is kept cheap: a signal nobody waits on and with at most one hook
 * (the usual case: the HTTP call of the current attempt) holds no list and no latch; both are made
 * only when needed.
 */
public final class Cancellation {
  private volatile boolean cancelled;
  /** Guarded by this: null, one Runnable, or a List of them. */
  private Object hooks;
  /** Guarded by this: made by the first {@link #sleep}, counted down by {@link #cancel()}. */
  private CountDownLatch latch;

  /** A new, not yet cancelled signal. */
  public Cancellation() {}

  /**
   * Fires the signal: runs every registered hook once, on this thread.
   *
   * @return true if this call cancelled it, false if it was cancelled already
   */
  public boolean cancel() {
    Object toRun;
    synchronized (this) {
      if (cancelled) {
        return false;
      }
      cancelled = true;
      if (latch != null) {
        latch.countDown();
      }
      toRun = hooks;
      hooks = null;
    }
    if (toRun instanceof Runnable hook) {
      runQuietly(hook);
    } else if (toRun != null) {
      @SuppressWarnings("unchecked")
      List<Runnable> list = (List<Runnable>) toRun;
      for (Runnable hook : list) {
        runQuietly(hook);
      }
    }
    return true;
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Registers {@code hook} to run when the signal fires; runs it at once if it has fired already.
   *
   * @return a handle whose {@code close()} removes the hook
   */
  public Registration onCancel(Runnable hook) {
    synchronized (this) {
      if (!cancelled) {
        add(hook);
        return () -> remove(hook);
      }
    }
    runQuietly(hook);
    return () -> {};
  }

  @SuppressWarnings("unchecked")
  private void add(Runnable hook) {
    if (hooks == null) {
      hooks = hook;
    } else if (hooks instanceof Runnable one) {
      List<Runnable> list = new ArrayList<>(4);
      list.add(one);
      list.add(hook);
      hooks = list;
    } else {
      ((List<Runnable>) hooks).add(hook);
    }
  }

  /** Removes one registration of {@code hook} (by identity), if it is still registered. */
  private synchronized void remove(Runnable hook) {
    if (hooks == hook) {
      hooks = null;
    } else if (hooks instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == hook) {
          list.remove(i);
          return;
        }
      }
    }
  }

  /** @throws CallCancelledException if the signal has fired */
  public void throwIfCancelled() {
    if (cancelled) {
      throw new CallCancelledException("the call was cancelled", null);
    }
  }

  /**
   * Waits up to {@code timeout}, waking early if the signal fires.
   *
   * @throws CallCancelledException if the signal fires or the thread is interrupted while waiting
   */
  public void sleep(Duration timeout) {
    CountDownLatch l;
    synchronized (this) {
      if (latch == null) {
        latch = new CountDownLatch(cancelled ? 0 : 1);
      }
      l = latch;
    }
    try {
      if (l.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new CallCancelledException("the call was cancelled while waiting to retry", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallCancelledException("interrupted while waiting to retry", e);
    }
  }

  private static void runQuietly(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException ignored) {
      // A failing hook must not stop the others from running.
    }
  }

  /** Removes a hook registered with {@link #onCancel(Runnable)}. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
