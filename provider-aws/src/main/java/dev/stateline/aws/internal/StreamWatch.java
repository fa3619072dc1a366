/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import dev.stateline.error.CallTimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stateline's own enforcement of a blocking read's deadlines on AWS: the call's total deadline, and
 * (once {@link #eventArrived()} was called) the read timeout between two events. When one passes, it
 * runs the abort it was given (which closes the connection under a blocked read) and
 * {@link #fired()} says which timeout it was. One check is scheduled at a time, on the target's own
 * scheduler; an event only stamps the time, so it costs a volatile write.
 *
 * <p>Thread-safe; not API.
 */
final class StreamWatch implements AutoCloseable {
  private final ScheduledExecutorService scheduler;
  private final long deadlineNanos;
  private final long readNanos;
  private final Runnable abort;
  private volatile long lastEventNanos;
  private volatile boolean streaming;
  private volatile boolean closed;
  private volatile CallTimeoutException.Kind fired;
  private ScheduledFuture<?> next; // guarded by this

  StreamWatch(ScheduledExecutorService scheduler, long deadlineNanos, long readNanos, Runnable abort) {
    this.scheduler = scheduler;
    this.deadlineNanos = deadlineNanos;
    this.readNanos = readNanos;
    this.abort = abort;
  }

  /** Starts watching the total deadline. */
  StreamWatch start() {
    schedule(System.nanoTime());
    return this;
  }

  /** From now on, the next event must arrive within the read timeout (and before the deadline). */
  void eventArrived() {
    long now = System.nanoTime();
    lastEventNanos = now;
    if (!streaming) {
      streaming = true;
      synchronized (this) {
        if (next != null) {
          next.cancel(false); // it waits for the deadline: the read timeout is sooner
        }
        schedule(now);
      }
    }
  }

  /** Which timeout passed and aborted the read, or null if none did. */
  CallTimeoutException.Kind fired() {
    return fired;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
      next = null;
    }
  }

  private synchronized void schedule(long now) {
    if (closed) {
      return;
    }
    long at = deadlineNanos;
    if (streaming && lastEventNanos + readNanos - at < 0) {
      at = lastEventNanos + readNanos;
    }
    try {
      next = scheduler.schedule(this::check, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // the target is closing: its reads fail on their own
    }
  }

  private void check() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    CallTimeoutException.Kind kind = null;
    if (deadlineNanos - now <= 0) {
      kind = CallTimeoutException.Kind.TOTAL;
    } else if (streaming && now - lastEventNanos >= readNanos) {
      kind = CallTimeoutException.Kind.READ;
    }
    if (kind == null) {
      schedule(now);
      return;
    }
    fired = kind;
    abort.run();
  }
}
