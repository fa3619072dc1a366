/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import dev.stateline.error.CallTimeoutException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okio.AsyncTimeout;

/**
 * Stateline's own enforcement of an attempt's deadlines on the OpenAI wire, on Okio's watchdog
 * thread (the one OkHttp's socket timeouts already use): the call's total deadline always, and on a
 * stream the read timeout between two events. When one passes, the HTTP call is cancelled, so a
 * blocked read fails at once, and {@link #fired()} says which timeout it was.
 *
 * <p>Why not OkHttp's call timeout alone: it does not bound a body that keeps trickling (a byte at a
 * time, or SSE comments), so a call could outlast its total timeout many times over. And the socket
 * read timeout alone counts any byte as life, also a keep-alive comment that is not an event.
 *
 * <p>Not API. Thread-safe: {@link #start()}, {@link #eventArrived()} and {@link #stop()} may be called
 * from any thread; {@link #timedOut()} runs on the watchdog thread.
 */
public final class DeadlineWatch extends AsyncTimeout {
  private final Call http;
  private final long deadlineNanos;
  private final long readNanos;
  private volatile CallTimeoutException.Kind fired;
  private boolean running;

  /**
   * @param http the call to cancel
   * @param deadlineNanos the call's total deadline on the {@link System#nanoTime()} scale
   * @param readNanos the read timeout: the longest wait for a stream's next event
   */
  public DeadlineWatch(Call http, long deadlineNanos, long readNanos) {
    this.http = http;
    this.deadlineNanos = deadlineNanos;
    this.readNanos = readNanos;
    deadlineNanoTime(deadlineNanos);
  }

  /** Starts watching the total deadline. */
  public synchronized void start() {
    if (!running) {
      running = true;
      enter();
    }
  }

  /**
   * Switches to stream mode, or restarts its clock: from now on the next event must arrive within
   * the read timeout (and before the deadline).
   */
  public synchronized void eventArrived() {
    if (running) {
      if (exit()) {
        return; // fired: the call is cancelled already, and the read reports it
      }
    }
    running = true;
    timeout(readNanos, TimeUnit.NANOSECONDS);
    enter();
  }

  /** Stops watching; idempotent. */
  public synchronized void stop() {
    if (running) {
      running = false;
      exit();
    }
  }

  /** Which timeout passed and cancelled the call, or null if none did. */
  public CallTimeoutException.Kind fired() {
    return fired;
  }

  @Override
  protected void timedOut() {
    fired = deadlineNanos - System.nanoTime() <= 0 ? CallTimeoutException.Kind.TOTAL : CallTimeoutException.Kind.READ;
    http.cancel();
  }
}
