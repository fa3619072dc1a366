package dev.stateline.testing.faults;

import dev.stateline.ChatStream;
import dev.stateline.StatelineClient;
import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatRequest;
import dev.stateline.chat.ChatResponse;
import dev.stateline.error.StatelineException;
import dev.stateline.session.Session;
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

  @Override
  public String toString() {
    return answered() ? "answered \"" + answer.text() + "\" after attempts " + answer.attempts().stream()
        .map(a -> a.succeeded() ? "ok" : a.errorType()).toList()
        : "failed with " + error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
