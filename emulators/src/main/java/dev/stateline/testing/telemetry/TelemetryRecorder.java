/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.telemetry;

import dev.stateline.telemetry.Telemetry;
import dev.stateline.telemetry.TelemetryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Telemetry for tests: keeps every event in memory, in arrival order, to assert on.
 *
 * <pre>{@code
 * TelemetryRecorder recorder = new TelemetryRecorder();
 * StatelineClient client = StatelineClient.builder().target(fake.asTarget("a")).telemetry(recorder).build();
 * client.chat(ChatRequest.of("gpt-4.1", "Hi"));
 * assertThat(recorder.names()).containsExactly("call.started", "placement.decided", "attempt.started", "call.finished");
 * assertThat(recorder.last(TelemetryEvent.CallFinished.class).usage().outputTokens()).isEqualTo(1);
 * }</pre>
 *
 * <p>Like every shipped listener it records no prompt or completion content unless made with
 * {@link #capturingContent()}. Thread-safe: calls on several threads may record into one.
 */
public final class TelemetryRecorder implements Telemetry {
  private final Object lock = new Object();
  private final List<TelemetryEvent> events = new ArrayList<>();
  private final boolean captureContent;

  /** A recorder that gets no content. */
  public TelemetryRecorder() {
    this(false);
  }

  private TelemetryRecorder(boolean captureContent) {
    this.captureContent = captureContent;
  }

  /** A recorder whose terminal events carry the prompt and the completion. */
  public static TelemetryRecorder capturingContent() {
    return new TelemetryRecorder(true);
  }

  @Override
  public boolean captureContent() {
    return captureContent;
  }

  @Override
  public void onEvent(TelemetryEvent event) {
    synchronized (lock) {
      events.add(event);
      lock.notifyAll();
    }
  }

  /** Every event so far, in arrival order (a snapshot). */
  public List<TelemetryEvent> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }

  /** The events of one type, in arrival order. */
  public <T extends TelemetryEvent> List<T> events(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The events of the call {@code callId}, in order. */
  public List<TelemetryEvent> eventsOf(String callId) {
    return events().stream().filter(e -> e.call().callId().equals(callId)).toList();
  }

  /** The event names ({@code call.started}, ...), in arrival order. */
  public List<String> names() {
    return events().stream().map(TelemetryEvent::name).toList();
  }

  /** The ids of the calls seen, in the order they started. */
  public List<String> callIds() {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    events().forEach(e -> ids.add(e.call().callId()));
    return List.copyOf(ids);
  }

  /**
   * The latest event of a type.
   *
   * @throws IllegalStateException if there is none
   */
  public <T extends TelemetryEvent> T last(Class<T> type) {
    List<T> all = events(type);
    if (all.isEmpty()) {
      throw new IllegalStateException("no " + type.getSimpleName() + " was recorded; recorded: " + names());
    }
    return all.get(all.size() - 1);
  }

  /**
   * Waits until {@code count} calls have ended (finished or failed), for calls that end on other
   * threads.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitEndedCalls(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (ended() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  private int ended() {
    int n = 0;
    for (TelemetryEvent e : events) {
      if (e instanceof TelemetryEvent.CallFinished || e instanceof TelemetryEvent.CallFailed) {
        n++;
      }
    }
    return n;
  }

  /** Forgets every event. */
  public void clear() {
    synchronized (lock) {
      events.clear();
    }
  }

  @Override
  public String toString() {
    return "TelemetryRecorder" + names();
  }
}
