/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's telemetry listeners: hands each event to every listener, content-bearing terminal
 * events only to those that capture content, and keeps a failing listener from breaking the call.
 * Immutable and thread-safe; one per client.
 */
public final class TelemetryHub {
  private static final Logger LOG = LoggerFactory.getLogger("dev.stateline.telemetry");

  private final Telemetry[] listeners;
  private final boolean[] capturing;
  private final AtomicBoolean[] warned;
  private final boolean anyCapturing;
  private final InstantSource clock;

  public TelemetryHub(List<Telemetry> listeners, InstantSource clock) {
    List<Telemetry> copy = new ArrayList<>(listeners);
    this.listeners = copy.toArray(new Telemetry[0]);
    this.capturing = new boolean[this.listeners.length];
    this.warned = new AtomicBoolean[this.listeners.length];
    boolean anyC = false;
    for (int i = 0; i < this.listeners.length; i++) {
      boolean c;
      try {
        c = this.listeners[i].captureContent();
      } catch (RuntimeException e) {
        c = false;
      }
      capturing[i] = c;
      anyC |= c;
      warned[i] = new AtomicBoolean();
    }
    this.anyCapturing = anyC;
    this.clock = clock;
  }

  /** True if some listener wants content. */
  public boolean capturesContent() {
    return anyCapturing;
  }

  public InstantSource clock() {
    return clock;
  }

  /** Sends a content-free event to every listener. */
  public void emit(TelemetryEvent event) {
    for (int i = 0; i < listeners.length; i++) {
      deliver(i, event);
    }
  }

  /** Sends {@code full} to content-capturing listeners and {@code stripped} to the others. */
  public void emit(TelemetryEvent full, TelemetryEvent stripped) {
    for (int i = 0; i < listeners.length; i++) {
      deliver(i, capturing[i] ? full : stripped);
    }
  }

  private void deliver(int i, TelemetryEvent event) {
    try {
      listeners[i].onEvent(event);
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
      if (warned[i].compareAndSet(false, true)) {
        LOG.warn("telemetry listener {} failed on {} of call {}; the call goes on (later failures of this listener"
            + " are logged at DEBUG)", listeners[i].getClass().getName(), event.name(), event.call().callId(), t);
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("telemetry listener {} failed on {} of call {}: {}", listeners[i].getClass().getName(),
            event.name(), event.call().callId(), t.toString());
      }
    }
  }
}
