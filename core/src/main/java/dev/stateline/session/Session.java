/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.session;

import dev.stateline.ChatStream;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import java.util.List;

/**
 * A conversation that keeps its memory across turns: each {@link #send} adds the new message(s)
 * and the model's answer to the session's history, kept in a {@link SessionStore}.
 *
 * <pre>{@code
 * try (Session session = client.session("case-4711")) {
 *   ChatResponse first = session.send("Summarise clause 7.");
 *   ChatResponse second = session.send("And what does it mean for the tenant?");
 *   List<Message> history = session.history();   // 4 messages
 * }
 * }</pre>
 *
 * <p>Every turn is a stateful call ({@link dev.stateline.placement.CallKind#STATEFUL}), placed by
 * the client's policy. A session has <b>affinity</b>: it keeps running on the target of its last
 * turn; when that target cannot take the call (circuit open, failed, no longer eligible) and
 * {@link SessionOptions#allowMove()}, the turn moves with its history to another eligible target,
 * re-checking residency like any call, and the move is visible in the answer's placement and in
 * the stored turns' targets.
 *
 * <p>A turn is <b>committed only after the model answered</b>: a failed turn (an exception from
 * {@code send}, a stream that breaks or is closed early) leaves the history as it was. Turns of one
 * session within one client run one at a time, in the order they were sent; a turn committed by
 * another client or process in between is detected by the store's optimistic concurrency and the
 * turn re-runs against the fresh history (see {@link dev.stateline.error.SessionConflictException}).
 *
 * <p>Thread-safe: a session may be shared between threads. Server-held sessions
 * ({@link SessionOptions#serverHeld()}) implement the same interface.
 */
public interface Session extends AutoCloseable {

  /** The session's id. */
  String id();

  /**
   * Sends one user message and waits for the answer.
   *
   * @throws dev.stateline.error.StatelineException (a subtype) if the turn fails; the history is
   *     then unchanged
   * @throws IllegalStateException if the session is closed, or this thread still has a streamed
   *     turn of this session open
   */
  ChatResponse send(String userText);

  /**
   * Sends messages (a user message, or the tool results an answer asked for) as one turn and waits
   * for the answer.
   *
   * @throws IllegalArgumentException if no message is given, or one is an assistant message
   * @see #send(String)
   */
  ChatResponse send(Message... messages);

  /**
   * Sends one user message and streams the answer. The turn is committed when the stream completes,
   * before its final {@link dev.stateline.chat.ChatEvent.Completed} is delivered; closing the stream
   * earlier abandons the turn. Close the stream: until then the session's next turn waits.
   */
  ChatStream stream(String userText);

  /** Streams the answer to messages sent as one turn. See {@link #stream(String)}. */
  ChatStream stream(Message... messages);

  /** The committed history, oldest first, read from the store (the system prompt is not part of it). */
  List<Message> history();

  /** The target of the last committed turn, which the next turn prefers; null before the first turn. */
  String target();

  /** Refuses further turns. The stored history stays; delete it with {@link SessionStore#delete}. */
  @Override
  void close();
}
