/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every {@link dev.stateline.session.Session} does with a turn's events, written once: read a
 * turn to its answer, and record a streamed turn when it completes. Stateless; thread-safe.
 */
public final class SessionTurns {
  private SessionTurns() {}

  /**
   * Reads {@code source} to its {@link ChatEvent.Completed} and returns the answer.
   *
   * @throws ProtocolException if the stream ends without one
   */
  public static ChatResponse drain(EventSource source) {
    ChatEvent e;
    while ((e = source.next()) != null) {
      if (e instanceof ChatEvent.Completed c) {
        return c.response();
      }
    }
    throw new ProtocolException("the answer ended without a completion event", ErrorInfo.NONE, false, null, null);
  }

  /**
   * A streamed turn: {@code onCompleted} records the answer when it completes, before the
   * completion reaches the reader (a failure to record is the stream's failure), and
   * {@code release} runs once the turn is over: completed, failed or closed. {@code release} must be
   * idempotent.
   */
  public static EventSource committing(EventSource source, Consumer<ChatResponse> onCompleted, Runnable release) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(onCompleted, "onCompleted");
    Objects.requireNonNull(release, "release");
    return new EventSource() {
      @Override
      public ChatEvent next() {
        ChatEvent e;
        try {
          e = source.next();
          if (e instanceof ChatEvent.Completed c) {
            onCompleted.accept(c.response());
            release.run();
          }
        } catch (RuntimeException | Error ex) {
          release.run();
          throw ex;
        }
        return e;
      }

      @Override
      public void close() {
        try {
          source.close();
        } finally {
          release.run();
        }
      }
    };
  }
}
