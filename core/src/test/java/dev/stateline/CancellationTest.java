/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.error.CallCancelledException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void cancel_runsEachHookOnce_andReportsWhetherItWasTheFirst() {
    Cancellation c = new Cancellation();
    List<String> ran = new CopyOnWriteArrayList<>();
    c.onCancel(() -> ran.add("a"));
    c.onCancel(() -> ran.add("b"));

    assertThat(c.cancel()).isTrue();
    assertThat(c.cancel()).isFalse();

    assertThat(ran).containsExactly("a", "b");
    assertThat(c.isCancelled()).isTrue();
  }

  @Test
  void aHookRegisteredAfterCancel_runsAtOnce() {
    Cancellation c = new Cancellation();
    c.cancel();
    List<String> ran = new CopyOnWriteArrayList<>();

    c.onCancel(() -> ran.add("late"));

    assertThat(ran).containsExactly("late");
  }

  @Test
  void aRemovedHook_doesNotRun() {
    Cancellation c = new Cancellation();
    List<String> ran = new CopyOnWriteArrayList<>();
    Cancellation.Registration r = c.onCancel(() -> ran.add("removed"));

    r.close();
    c.cancel();

    assertThat(ran).isEmpty();
  }

  @Test
  void aFailingHook_doesNotStopTheOthers() {
    Cancellation c = new Cancellation();
    List<String> ran = new CopyOnWriteArrayList<>();
    c.onCancel(() -> {
      throw new IllegalStateException("boom");
    });
    c.onCancel(() -> ran.add("second"));

    c.cancel();

    assertThat(ran).containsExactly("second");
  }

  @Test
  void sleep_returnsNormallyWhenNotCancelled_andThrowsOnceCancelled() {
    Cancellation c = new Cancellation();
    c.sleep(Duration.ofMillis(1));
    c.throwIfCancelled();

    c.cancel();

    assertThatThrownBy(() -> c.sleep(Duration.ofMinutes(10))).isInstanceOf(CallCancelledException.class);
    assertThatThrownBy(c::throwIfCancelled).isInstanceOf(CallCancelledException.class);
  }

  @Test
  void anInterruptedSleep_becomesACancellation_andKeepsTheInterruptFlag() {
    Cancellation c = new Cancellation();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> c.sleep(Duration.ofMinutes(10)))
          .isInstanceOf(CallCancelledException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void givenThreeHooks_whenTheMiddleOneIsRemoved_thenTheOthersRunInOrder() {
    Cancellation c = new Cancellation();
    List<String> ran = new CopyOnWriteArrayList<>();
    c.onCancel(() -> ran.add("a"));
    Cancellation.Registration b = c.onCancel(() -> ran.add("b"));
    c.onCancel(() -> ran.add("c"));

    b.close();
    b.close(); // removing twice is harmless
    c.cancel();

    assertThat(ran).containsExactly("a", "c");
  }

  @Test
  void givenOneHookRegisteredTwice_whenOneRegistrationIsRemoved_thenItRunsOnce() {
    Cancellation c = new Cancellation();
    List<String> ran = new CopyOnWriteArrayList<>();
    Runnable hook = () -> ran.add("hook");
    Cancellation.Registration first = c.onCancel(hook);
    c.onCancel(hook);

    first.close();
    c.cancel();

    assertThat(ran).containsExactly("hook");
  }

  @Test
  void givenAThreadSleeping_whenAnotherThreadCancels_thenTheSleepEndsWithACancellation() throws Exception {
    Cancellation c = new Cancellation();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread sleeper = new Thread(() -> {
      try {
        c.sleep(Duration.ofMinutes(10));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    });
    sleeper.start();
    while (sleeper.getState() != Thread.State.TIMED_WAITING && sleeper.isAlive()) {
      Thread.onSpinWait();
    }

    c.cancel();
    sleeper.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(sleeper.isAlive()).as("the sleeper woke up").isFalse();
    assertThat(outcome.get()).isInstanceOf(CallCancelledException.class);
  }
}
