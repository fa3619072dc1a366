/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-flight registry's promises: close() aborts every call it finds, a call added while it closes
 * is either refused (never sent) or aborted, never neither, and the drain action runs once, after the last call.
 */
class InFlightCallsTest {
  private final OkHttpClient http = new OkHttpClient();
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    threads.shutdownNow();
    http.dispatcher().executorService().shutdown();
  }

  private Call newCall() {
    return http.newCall(new Request.Builder().url("http://localhost/v1/chat/completions").build());
  }

  @Test
  void givenCallsInFlight_whenClosed_thenEachIsCancelled_andTheDrainWaitsForTheLastToEnd() {
    AtomicInteger drained = new AtomicInteger();
    InFlightCalls inFlight = new InFlightCalls(drained::incrementAndGet);
    Call blocked = newCall();
    Call stream = newCall();
    AtomicInteger streamClosed = new AtomicInteger();
    assertThat(inFlight.add(blocked)).isTrue();
    assertThat(inFlight.add(stream)).isTrue();
    inFlight.onClose(stream, streamClosed::incrementAndGet);

    inFlight.close();

    assertThat(blocked.isCanceled()).as("a plain call is cancelled").isTrue();
    assertThat(streamClosed).as("a stream runs its own close instead").hasValue(1);
    assertThat(drained).as("not while calls are in flight").hasValue(0);
    inFlight.remove(blocked);
    inFlight.remove(blocked);
    assertThat(drained).as("removing twice counts once").hasValue(0);
    inFlight.remove(stream);
    assertThat(drained).as("after the last one, once").hasValue(1);
    inFlight.close();
    assertThat(drained).hasValue(1);
  }

  @Test
  void givenAClosedRegistry_thenACallIsRefused_andAStreamRegisteringItsCloseIsClosedAtOnce() {
    AtomicInteger drained = new AtomicInteger();
    InFlightCalls inFlight = new InFlightCalls(drained::incrementAndGet);
    Call racing = newCall();
    assertThat(inFlight.add(racing)).isTrue();
    inFlight.close();
    AtomicInteger closedLate = new AtomicInteger();

    inFlight.onClose(racing, closedLate::incrementAndGet);

    assertThat(closedLate).as("a stream opened as the model closed is closed by itself").hasValue(1);
    assertThat(inFlight.add(newCall())).as("refused after close").isFalse();
    assertThat(drained).hasValue(0);
    inFlight.remove(racing);
    assertThat(drained).hasValue(1);
    assertThat(inFlight.size()).isZero();
  }

  @Test
  void givenAnAddRacingClose_thenTheCallIsRefusedOrCancelled_neverNeither_andTheDrainRunsOnce() throws Exception {
    for (int round = 0; round < 2000; round++) {
      AtomicInteger drained = new AtomicInteger();
      InFlightCalls inFlight = new InFlightCalls(drained::incrementAndGet);
      Call call = newCall();
      CyclicBarrier go = new CyclicBarrier(2);
      Future<Boolean> added = threads.submit(() -> {
        go.await();
        return inFlight.add(call);
      });
      Future<?> closed = threads.submit(() -> {
        go.await();
        inFlight.close();
        return null;
      });
      boolean registered = added.get(10, TimeUnit.SECONDS);
      closed.get(10, TimeUnit.SECONDS);

      // A refused call is never sent (whether the close saw it for an instant does not matter); a
      // registered one must have been cancelled by the close.
      assertThat(!registered || call.isCanceled())
          .as("round %d: registered=%s, cancelled=%s", round, registered, call.isCanceled()).isTrue();
      assertThat(drained).as("round %d: no drain while the call is registered", round)
          .hasValue(registered ? 0 : 1);
      if (registered) {
        inFlight.remove(call);
        assertThat(drained).as("round %d", round).hasValue(1);
      }
    }
  }
}
