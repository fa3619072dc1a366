/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.spi.EventSource;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A streamed answer, read by iterating its {@link ChatEvent}s. Always close it, best with
 * try-with-resources: closing cancels the HTTP call and frees the connection, also mid-stream.
 *
 * <pre>{@code
 * try (ChatStream stream = client.stream(request)) {
 *   for (ChatEvent event : stream) {
 *     if (event instanceof ChatEvent.TextDelta delta) System.out.print(delta.text());
 *   }
 *   ChatResponse whole = stream.response();
 * }
 * }</pre>
 *
 * <p>Iteration throws {@link dev.stateline.error.StatelineException}s; a stream cut short throws a
 * {@link ProtocolException} whose {@code partialResponse()} keeps what arrived, and a stream closed
 * before its end (from any thread) a {@link CallCancelledException}. A failure closes the stream,
 * releasing its connection and the link to the caller's {@link Cancellation}. One consumer thread;
 * {@link #close()} may be called from any thread.
 */
public final class ChatStream implements Iterable<ChatEvent>, AutoCloseable {
  private final EventSource source;
  private final Runnable onClose;
  private ChatEvent pending;
  private ChatResponse response;
  private boolean ended;
  private boolean iterated;
  private final AtomicBoolean closed = new AtomicBoolean();

  ChatStream(EventSource source, Runnable onClose) {
    this.source = source;
    this.onClose = onClose;
  }

  /**
   * The events in arrival order, ending with {@link ChatEvent.Completed}. A stream can be iterated
   * once.
   *
   * @throws IllegalStateException on a second call
   */
  @Override
  public Iterator<ChatEvent> iterator() {
    if (iterated) {
      throw new IllegalStateException("a ChatStream can be iterated only once");
    }
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return fill();
      }

      @Override
      public ChatEvent next() {
        if (!fill()) {
          throw new NoSuchElementException();
        }
        ChatEvent e = pending;
        pending = null;
        return e;
      }
    };
  }

  private boolean fill() {
    if (pending != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    if (closed.get()) {
      throw new CallCancelledException("the stream was closed", null);
    }
    ChatEvent e;
    try {
      e = source.next();
    } catch (RuntimeException | Error failure) {
      boolean closedElsewhere = closed.get();
      closeAfter(failure);
      if (closedElsewhere && failure instanceof RuntimeException && !(failure instanceof CallCancelledException)) {
        // Whatever a source throws once it was closed under the reader is the close's doing.
        throw new CallCancelledException("the stream was closed", failure);
      }
      throw failure;
    }
    if (e == null) {
      ended = true;
      close();
      if (response == null) {
        throw new ProtocolException("the stream ended without a completion event", ErrorInfo.NONE, false, null, null);
      }
      return false;
    }
    if (e instanceof ChatEvent.Completed c) {
      response = c.response();
      ended = true;
      close();
    }
    pending = e;
    return true;
  }

  /**
   * The whole answer: reads (and drops) any events not yet iterated, then returns what the final
   * {@link ChatEvent.Completed} carried.
   */
  public ChatResponse response() {
    while (response == null) {
      if (!fill()) {
        break;
      }
      pending = null;
    }
    return response;
  }

  /** Cancels the call if it is still running and frees its connection. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      source.close();
    } finally {
      onClose.run();
    }
  }

  /** Closes the stream after {@code failure} ended it, keeping any failure to close as suppressed. */
  private void closeAfter(Throwable failure) {
    try {
      close();
    } catch (RuntimeException | Error e) {
      failure.addSuppressed(e);
    }
  }
}
