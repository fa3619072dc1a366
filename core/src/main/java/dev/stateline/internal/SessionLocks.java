/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lock per session id within a client, so that the turns of a session run one at a time and
 * each sees the history the previous one committed. Entries exist only while a turn holds or waits
 * for them. A lease may be released from another thread than the one that took it (a stream is
 * often read elsewhere). Thread-safe.
 */
public final class SessionLocks {
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private static final class Entry {
    final Semaphore semaphore = new Semaphore(1, true);
    int users;
    volatile Thread owner;
  }

  /** A held turn; closing releases it (idempotent). */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits for the session's previous turn to finish.
   *
   * @throws IllegalStateException if this very thread holds the session's lock (a stream of it is
   *     still open): waiting would never end
   * @throws CallTimeoutException if the wait outlasts {@code timeout}
   * @throws CallCancelledException if the thread is interrupted
   */
  public Lease acquire(String sessionId, Duration timeout) {
    Entry e = entries.compute(sessionId, (k, v) -> {
      Entry entry = v == null ? new Entry() : v;
      entry.users++;
      return entry;
    });
    boolean ok = false;
    try {
      if (e.owner == Thread.currentThread()) {
        throw new IllegalStateException("this thread still has a turn of session '" + sessionId
            + "' open (a stream not yet read to its end or closed); close it before the next turn");
      }
      if (!e.semaphore.tryAcquire(Math.max(0, Durations.saturatedNanos(timeout)), TimeUnit.NANOSECONDS)) {
        throw new CallTimeoutException("waited " + timeout + " for the previous turn of session '" + sessionId
            + "' to finish", ErrorInfo.NONE, CallTimeoutException.Kind.TOTAL, null);
      }
      e.owner = Thread.currentThread();
      ok = true;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new CallCancelledException("interrupted while waiting for the previous turn of session '"
          + sessionId + "'", ex);
    } finally {
      if (!ok) {
        unref(sessionId, e);
      }
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        e.owner = null;
        e.semaphore.release();
        unref(sessionId, e);
      }
    };
  }

  private void unref(String sessionId, Entry e) {
    entries.computeIfPresent(sessionId, (k, v) -> v != e ? v : --v.users == 0 ? null : v);
  }

  /** Sessions with a turn running or waiting; for tests. */
  int active() {
    return entries.size();
  }
}
