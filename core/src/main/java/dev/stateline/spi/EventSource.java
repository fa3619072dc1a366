/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.chat.ChatEvent;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A pull stream of {@link ChatEvent}s: what providers return for a streamed call and what flows
 * through the client's {@link dev.stateline.Interceptor interceptor chain}.
 *
 * <p>Contract: {@link #next()} blocks until the next event and returns null once the stream has
 * ended, which is always right after a {@link ChatEvent.Completed}. Failures are thrown from
 * {@code next()} as {@link dev.stateline.error.StatelineException}s. {@link #close()} may be called
 * at any time, from any thread, any number of times; it releases the connection and makes a blocked
 * {@code next()} fail promptly. Single consumer: {@code next()} is not thread-safe.
 */
public interface EventSource extends AutoCloseable {

  /** The next event, or null after the end of the stream. */
  ChatEvent next();

  /** Stops the stream and frees its resources. */
  @Override
  void close();

  /** A finished stream of the given events, for fakes and for non-streamed answers. */
  static EventSource of(ChatEvent... events) {
    Deque<ChatEvent> queue = new ArrayDeque<>(Arrays.asList(events));
    return new EventSource() {
      @Override
      public ChatEvent next() {
        return queue.poll();
      }

      @Override
      public void close() {
        queue.clear();
      }
    };
  }

  /** A stream that yields {@code first}, then the rest of {@code rest}. */
  static EventSource prepend(ChatEvent first, EventSource rest) {
    return new ForwardingEventSource(rest) {
      private ChatEvent head = first;

      @Override
      public ChatEvent next() {
        ChatEvent e = head;
        if (e != null) {
          head = null;
          return e;
        }
        return super.next();
      }

      @Override
      public void close() {
        head = null;
        super.close();
      }
    };
  }
}
