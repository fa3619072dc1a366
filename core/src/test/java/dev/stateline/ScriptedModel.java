/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import dev.stateline.chat.ChatEvent;
import dev.stateline.chat.ChatResponse;
import dev.stateline.chat.Message;
import dev.stateline.chat.Role;
import dev.stateline.chat.Usage;
import dev.stateline.error.CallCancelledException;
import dev.stateline.error.CallTimeoutException;
import dev.stateline.error.ErrorInfo;
import dev.stateline.error.ProtocolException;
import dev.stateline.spi.ChatModel;
import dev.stateline.spi.EventSource;
import dev.stateline.spi.ModelCall;
import dev.stateline.spi.ResponseAssembler;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted {@link ChatModel} for core's own tests (core cannot depend on the testing module).
 * Each call takes the next scripted step; with an empty script it echoes the last user message.
 * Records every call. Thread-safe.
 */
final class ScriptedModel implements ChatModel {
  static final Usage USAGE = new Usage(3, 0, 2, 0);

  /** What one call does: opens its stream of events, or throws. */
  @FunctionalInterface
  interface Step {
    EventSource open(ModelCall call);
  }

  private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
  private final List<ModelCall> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger closes = new AtomicInteger();
  private final AtomicInteger sourceCloses = new AtomicInteger();
  /** What each blocking wait of this model ended in. */
  final BlockingQueue<RuntimeException> wakeUps = new LinkedBlockingQueue<>();

  ScriptedModel then(Step step) {
    script.add(step);
    return this;
  }

  /** A whole answer, streamed as one chunk per argument. */
  ScriptedModel reply(String... chunks) {
    return then(call -> new Source(call, events(call, chunks, true), null, false));
  }

  /** chat() / stream() throws {@code e} before any event. */
  ScriptedModel fail(RuntimeException e) {
    return then(call -> {
      throw e;
    });
  }

  /** The stream opens, yields {@code chunks}, then throws {@code e} from next(). */
  ScriptedModel chunksThenFail(RuntimeException e, String... chunks) {
    return then(call -> new Source(call, events(call, chunks, false), e, false));
  }

  /** The stream yields {@code chunks} and ends without a Completed event. */
  ScriptedModel chunksWithoutCompletion(String... chunks) {
    return then(call -> new Source(call, events(call, chunks, false), null, false));
  }

  /** The stream yields {@code chunks}, then blocks until closed, cancelled or out of time. */
  ScriptedModel chunksThenHang(String... chunks) {
    return then(call -> new Source(call, events(call, chunks, false), null, true));
  }

  /** The call blocks before answering until it is cancelled or its total timeout passes. */
  ScriptedModel block() {
    return then(call -> {
      RuntimeException outcome = await(call, null);
      wakeUps.add(outcome);
      throw outcome;
    });
  }

  List<ModelCall> calls() {
    return List.copyOf(calls);
  }

  int callCount() {
    return calls.size();
  }

  int closeCount() {
    return closes.get();
  }

  /** How often close() was called on the event sources this model returned (every call counts). */
  int sourceCloseCount() {
    return sourceCloses.get();
  }

  /** Waits (up to 5 s) until {@code n} calls have arrived. */
  void awaitCalls(int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (calls.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + n + " call(s), got " + calls.size());
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** The outcome of the next blocking wait to end (up to 5 s). */
  RuntimeException awaitWakeUp() throws InterruptedException {
    RuntimeException e = wakeUps.poll(5, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("the model never woke up");
    }
    return e;
  }

  @Override
  public ChatResponse chat(ModelCall call) {
    try (EventSource source = open(call)) {
      ChatEvent e;
      while ((e = source.next()) != null) {
        if (e instanceof ChatEvent.Completed c) {
          return c.response();
        }
      }
      throw new ProtocolException("scripted answer had no completion", ErrorInfo.of("scripted"), false, null, null);
    }
  }

  @Override
  public EventSource stream(ModelCall call) {
    return open(call);
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }

  private EventSource open(ModelCall call) {
    calls.add(call);
    Step step = script.poll();
    if (step == null) {
      String echo = call.request().messages().stream()
          .filter(m -> m.role() == Role.USER).reduce((a, b) -> b).map(Message::text).orElse("");
      return new Source(call, events(call, new String[] {echo}, true), null, false);
    }
    return step.open(call);
  }

  private static Deque<ChatEvent> events(ModelCall call, String[] chunks, boolean complete) {
    ResponseAssembler assembler = new ResponseAssembler()
        .id("resp_" + call.callId() + "_" + call.attempt())
        .model(call.target() == null ? call.request().model() : call.providerModel());
    Deque<ChatEvent> events = new ArrayDeque<>();
    for (ChatEvent e : Arrays.stream(chunks).map(ChatEvent.TextDelta::new).toList()) {
      assembler.accept(e);
      events.add(e);
    }
    if (complete) {
      ChatEvent usage = new ChatEvent.UsageReport(USAGE);
      assembler.accept(usage);
      events.add(usage);
      events.add(new ChatEvent.Completed(assembler.build()));
    }
    return events;
  }

  /** Waits for cancellation (or {@code closed}) or the call's total timeout; returns the error to throw. */
  private static RuntimeException await(ModelCall call, CountDownLatch closed) {
    CountDownLatch wake = closed != null ? closed : new CountDownLatch(1);
    Cancellation.Registration registration = call.cancellation().onCancel(wake::countDown);
    try {
      long nanos = Math.max(0, call.remaining().toNanos());
      if (wake.await(nanos, TimeUnit.NANOSECONDS)) {
        return new CallCancelledException("scripted model: cancelled", null);
      }
      return new CallTimeoutException("scripted model: total timeout", ErrorInfo.of("scripted"),
          CallTimeoutException.Kind.TOTAL, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CallCancelledException("scripted model: interrupted", e);
    } finally {
      registration.close();
    }
  }

  private final class Source implements EventSource {
    private final ModelCall call;
    private final Deque<ChatEvent> events;
    private final RuntimeException failure;
    private final boolean hang;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closedOnce = new AtomicBoolean();

    Source(ModelCall call, Deque<ChatEvent> events, RuntimeException failure, boolean hang) {
      this.call = call;
      this.events = new ArrayDeque<>(events);
      this.failure = failure;
      this.hang = hang;
    }

    @Override
    public ChatEvent next() {
      if (closedOnce.get()) {
        throw new CallCancelledException("scripted model: stream closed", null);
      }
      ChatEvent e = events.poll();
      if (e != null) {
        return e;
      }
      if (failure != null) {
        throw failure;
      }
      if (hang) {
        RuntimeException outcome = await(call, closed);
        wakeUps.add(outcome);
        throw outcome;
      }
      return null;
    }

    @Override
    public void close() {
      closedOnce.set(true);
      sourceCloses.incrementAndGet();
      closed.countDown();
    }
  }
}
