/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.Usage;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A small scripted {@link ChatModel} for the placement and session tests: each call takes the next
 * scripted step, or the default one (echo the last user message, tagged with the model's name).
 * Records every call it receives. Thread-safe.
 */
public final class ScriptedTestModel implements ChatModel {

  /** What one call does: answer, or throw. */
  @FunctionalInterface
  public interface Step {
    ChatResponse run(ModelCall call);
  }

  private final String name;
  private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
  private volatile Step fallback;
  private final List<ModelCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger responseIds = new AtomicInteger();
  /** Streams whose next() threw after the first event or that were closed, for bulkhead tests. */
  private final AtomicInteger streamsClosed = new AtomicInteger();
  private volatile String breakStreamsAfterFirstEvent;

  public ScriptedTestModel(String name) {
    this.name = name;
    this.fallback = this::echo;
  }

  /** The answer text of the default step: "name: last user text". */
  public ChatResponse echo(ModelCall call) {
    String last = "";
    for (Message m : call.request().messages()) {
      if (m.role() == Role.USER || m.role() == Role.TOOL) {
        last = m.text();
      }
    }
    return ChatResponse.builder()
        .id(name + "-resp-" + responseIds.incrementAndGet())
        .model(call.providerModel())
        .message(Message.assistant(name + ": " + last))
        .usage(new Usage(10, 0, 5, 0))
        .build();
  }

  public ScriptedTestModel then(Step step) {
    script.add(step);
    return this;
  }

  public ScriptedTestModel thenAnswer(String text) {
    return then(call -> ChatResponse.builder().id(name + "-resp-" + responseIds.incrementAndGet())
        .message(Message.assistant(text)).build());
  }

  /** The next call fails with a fresh exception from {@code error}. */
  public ScriptedTestModel thenFail(Supplier<? extends StatelineException> error) {
    return then(call -> {
      throw error.get();
    });
  }

  /** Every call not scripted otherwise runs {@code step}. */
  public ScriptedTestModel always(Step step) {
    this.fallback = step;
    return this;
  }

  /** Every call fails with a fresh exception from {@code error}. */
  public ScriptedTestModel alwaysFail(Supplier<? extends StatelineException> error) {
    return always(call -> {
      throw error.get();
    });
  }

  /** Streams yield their first delta, then fail with a ProviderUnavailableException; null to stop. */
  public ScriptedTestModel breakStreamsAfterFirstEvent(String firstText) {
    this.breakStreamsAfterFirstEvent = firstText;
    return this;
  }

  public List<ModelCall> calls() {
    return calls;
  }

  public int streamsClosed() {
    return streamsClosed.get();
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    calls.add(call);
    Step step = script.poll();
    return (step == null ? fallback : step).run(call);
  }

  @Override
  public EventSource stream(ModelCall call) {
    String breakAfter = breakStreamsAfterFirstEvent;
    if (breakAfter != null) {
      calls.add(call);
      return new EventSource() {
        private int n;

        @Override
        public ChatEvent next() {
          if (n++ == 0) {
            return new ChatEvent.TextDelta(breakAfter);
          }
          throw new ProviderUnavailableException("connection reset mid-stream", ErrorInfo.of("fake"), null, null);
        }

        @Override
        public void close() {
          streamsClosed.incrementAndGet();
        }
      };
    }
    ChatResponse response = chat(call);
    EventSource events = EventSource.of(new ChatEvent.TextDelta(response.text()), new ChatEvent.Completed(response));
    return new EventSource() {
      @Override
      public ChatEvent next() {
        return events.next();
      }

      @Override
      public void close() {
        streamsClosed.incrementAndGet();
        events.close();
      }
    };
  }

  public static RateLimitedException rateLimited() {
    return new RateLimitedException("slow down", new ErrorInfo("fake", 429, null, "rate_limit_exceeded"), null, null);
  }

  public static ProviderUnavailableException unavailable() {
    return new ProviderUnavailableException("bad gateway", new ErrorInfo("fake", 502, null, null), null, null);
  }

  public static InvalidRequestException invalid() {
    return new InvalidRequestException("bad request", new ErrorInfo("fake", 400, null, null), null, null);
  }

  @Override
  public String toString() {
    return "ScriptedTestModel[" + name + "]";
  }
}
