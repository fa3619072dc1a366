/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import java.time.Duration;

import software.amazon.awssdk.http.Abortable;

/**
 * One non-streamed call in flight on one thread, so that a cancellation from another thread can
 * stop it at once: it aborts the HTTP exchange (which closes the connection under a blocked read)
 * when the HTTP client is one Stateline built ({@link CancellableHttpClient}), and it interrupts the
 * calling thread in any case, for injected clients. It never interrupts the thread after the call
 * has finished, and clears the interrupt it caused.
 *
 * <p>Thread-safe.
 */
final class SyncCall {
  private static final ThreadLocal<SyncCall> CURRENT = new ThreadLocal<>();

  private final Thread thread = Thread.currentThread();
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private boolean running = true;
  private boolean cancelled;
  private boolean interrupted;
  private Abortable exchange;

  private SyncCall(Duration connectTimeout, Duration readTimeout) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  /** Starts tracking a call on the current thread. */
  static SyncCall begin() {
    return begin(null, null);
  }

  /**
   * Starts tracking a call on the current thread whose HTTP connections should use these timeouts
   * (see {@link CallTimeoutsConnectionFactory}); null for the HTTP client's own.
   */
  static SyncCall begin(Duration connectTimeout, Duration readTimeout) {
    SyncCall c = new SyncCall(connectTimeout, readTimeout);
    CURRENT.set(c);
    return c;
  }

  /** The connect timeout the call asked for, or null. */
  Duration connectTimeout() {
    return connectTimeout;
  }

  /** The read timeout (the longest silence) the call asked for, or null. */
  Duration readTimeout() {
    return readTimeout;
  }

  /** The call running on the current thread, or null. */
  static SyncCall current() {
    return CURRENT.get();
  }

  /** Remembers the HTTP exchange of the call; aborts it at once if the call was cancelled already. */
  void attach(Abortable exchange) {
    boolean abortNow;
    synchronized (this) {
      this.exchange = exchange;
      abortNow = cancelled && running;
    }
    if (abortNow) {
      exchange.abort();
    }
  }

  /** Stops the call: aborts its HTTP exchange and interrupts its thread, if it is still running. */
  void cancel() {
    Abortable toAbort;
    synchronized (this) {
      if (!running) {
        return;
      }
      cancelled = true;
      toAbort = exchange;
      interrupted = true;
      thread.interrupt();
    }
    if (toAbort != null) {
      toAbort.abort();
    }
  }

  /** Ends tracking; call on the calling thread when the call returns or fails. */
  void end() {
    synchronized (this) {
      running = false;
      exchange = null;
      if (interrupted && Thread.currentThread() == thread) {
        Thread.interrupted();
        interrupted = false;
      }
    }
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }
}
