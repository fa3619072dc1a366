/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.chat.ChatEvent;
import java.util.Objects;

/**
 * An {@link EventSource} that hands every call to another: the base for the sources that wrap a
 * stream to watch or change it (count its events, check them, stamp the answer, release something
 * when it ends). A subclass overrides what it changes and calls {@code super}; the rest forwards.
 *
 * <p>The contract of {@link EventSource} holds as long as the subclass keeps it: {@link #close()}
 * must still reach the delegate, from any thread.
 */
public abstract class ForwardingEventSource implements EventSource {
  private final EventSource delegate;

  protected ForwardingEventSource(EventSource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The source this one forwards to. */
  protected final EventSource delegate() {
    return delegate;
  }

  @Override
  public ChatEvent next() {
    return delegate.next();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
