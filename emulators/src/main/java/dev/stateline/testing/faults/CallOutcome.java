/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.faults;

import dev.stateline.CallOptions;
import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.ProtocolException;
import dev.stateline.error.StatelineException;
import dev.stateline.placement.Attempt;
import dev.stateline.session.Session;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How one call of the fault matrix ended: with an answer, or with a Stateline exception; and, for a
 * stream, the text its deltas delivered before it ended.
 *
 * <p>Anything else thrown (an unchecked exception that is not a {@link StatelineException}, an
 * {@link Error}) is not captured: it propagates and fails the test, because the contract says a call
 * ends only in an answer or a typed error. A stream is always closed. Immutable.
 *
 * @param answer the answer, or null if the call failed
 * @param error the exception the call ended with, or null if it was answered
 * @param streamedText the text of the deltas a stream delivered (empty for a plain call)
 */
public record CallOutcome(ChatResponse answer, StatelineException error, String streamedText) {

  public CallOutcome {
    if ((answer == null) == (error == null)) {
      throw new IllegalArgumentException("an outcome is an answer or an error, exactly one");
    }
    Objects.requireNonNull(streamedText, "streamedText");
  }

  /** Makes {@code request} through {@code client} in {@code mode}, reading a stream to its end. */
  public static CallOutcome of(StatelineClient client, ChatRequest request, Mode mode) {
    return mode == Mode.PLAIN ? plain(() -> client.chat(request)) : streamed(() -> client.stream(request));
  }

  /** Makes {@code request} with {@code options} through {@code client} in {@code mode}, reading a stream to its end. */
  public static CallOutcome of(StatelineClient client, ChatRequest request, Mode mode, CallOptions options) {
    return mode == Mode.PLAIN ? plain(() -> client.chat(request, options))
        : streamed(() -> client.stream(request, options));
  }

  /** Sends one turn of {@code session} in {@code mode}, reading a stream to its end. */
  public static CallOutcome of(Session session, String userText, Mode mode) {
    return mode == Mode.PLAIN ? plain(() -> session.send(userText)) : streamed(() -> session.stream(userText));
  }

  /** Runs a plain call. */
  public static CallOutcome plain(Supplier<ChatResponse> call) {
    try {
      return new CallOutcome(call.get(), null, "");
    } catch (StatelineException e) {
      return new CallOutcome(null, e, "");
    }
  }

  /** Opens a stream and reads it to its end, keeping the text of its deltas. */
  public static CallOutcome streamed(Supplier<ChatStream> open) {
    StringBuilder text = new StringBuilder();
    try (ChatStream stream = open.get()) {
      ChatResponse answer = null;
      for (ChatEvent event : stream) {
        if (event instanceof ChatEvent.TextDelta delta) {
          text.append(delta.text());
        } else if (event instanceof ChatEvent.Completed completed) {
          answer = completed.response();
        }
      }
      if (answer == null) {
        throw new AssertionError("a stream ended without its Completed event (text so far: " + text + ")");
      }
      return new CallOutcome(answer, null, text.toString());
    } catch (StatelineException e) {
      return new CallOutcome(null, e, text.toString());
    }
  }

  /** True if the call was answered. */
  public boolean answered() {
    return answer != null;
  }

  /**
   * The answer's text.
   *
   * @throws AssertionError if the call failed (with the failure as its cause)
   */
  public String text() {
    if (answer == null) {
      throw new AssertionError("expected an answer, but the call failed: " + error, error);
    }
    return answer.text();
  }

  /** The attempts of the call, answered or failed, each as "target ok" or "target ErrorType", in order. */
  public List<String> route() {
    List<Attempt> attempts = answered() ? answer.attempts() : error.attempts();
    return attempts.stream().map(a -> a.target() + " " + (a.succeeded() ? "ok" : a.errorType())).toList();
  }

  /**
   * The exception the call failed with, checked to be a {@code type} that recorded {@code attempts}
   * attempts.
   *
   * @throws AssertionError if the call was answered, failed otherwise, or made another number of attempts
   */
  public <T extends StatelineException> T failure(Class<T> type, int attempts) {
    if (!type.isInstance(error)) {
      throw new AssertionError("expected a " + type.getSimpleName() + ", but the call " + this, error);
    }
    if (error.attempts().size() != attempts) {
      throw new AssertionError("expected " + attempts + " attempts recorded, but " + this + " recorded "
          + error.attempts().size(), error);
    }
    return type.cast(error);
  }

  /**
   * The error of a stream that broke after some text, checked: a non-retryable
   * {@link ProtocolException} after {@code attempts} attempts, whose partial answer is exactly the
   * text delivered, which starts with {@code partialStartsWith}.
   *
   * @throws AssertionError if any of that does not hold
   */
  public ProtocolException truncation(String partialStartsWith, int attempts) {
    ProtocolException e = failure(ProtocolException.class, attempts);
    if (e.isRetryable()) {
      throw new AssertionError("a broken stream that delivered text must not be retryable: " + this, e);
    }
    if (streamedText.isEmpty() || !streamedText.startsWith(partialStartsWith)) {
      throw new AssertionError("expected text delivered before the break, starting with \"" + partialStartsWith
          + "\", but got \"" + streamedText + "\"", e);
    }
    if (!streamedText.equals(e.partialText())) {
      throw new AssertionError("the partial answer \"" + e.partialText() + "\" is not what was delivered: \""
          + streamedText + "\"", e);
    }
    return e;
  }

  @Override
  public String toString() {
    return answered() ? "answered \"" + answer.text() + "\" after attempts " + answer.attempts().stream()
        .map(a -> a.succeeded() ? "ok" : a.errorType()).toList()
        : "failed with " + error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
