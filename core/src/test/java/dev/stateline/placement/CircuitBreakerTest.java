/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.internal.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The circuit breaker's state machine, driven by hand on a fake clock: no sleeps. */
class CircuitBreakerTest {
  final MutableClock clock = new MutableClock();
  final CircuitBreakerPolicy policy = CircuitBreakerPolicy.builder()
      .failureRateThreshold(0.5)
      .minimumCalls(4)
      .windowSize(10)
      .windowDuration(Duration.ofSeconds(60))
      .openDuration(Duration.ofSeconds(30))
      .halfOpenProbes(2)
      .build();
  final CircuitBreaker breaker = new CircuitBreaker(policy, clock);

  void fail(int n) {
    for (int i = 0; i < n; i++) {
      breaker.onFailure(breaker.tryAcquire());
    }
  }

  void succeed(int n) {
    for (int i = 0; i < n; i++) {
      breaker.onSuccess(breaker.tryAcquire());
    }
  }

  void trip() {
    fail(4);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void given_fewer_calls_than_the_minimum_when_all_fail_then_the_circuit_stays_closed() {
    fail(3);

    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.acceptsCalls()).isTrue();
  }

  @Test
  void given_the_minimum_reached_when_half_fail_then_the_circuit_opens_and_refuses_calls() {
    succeed(2);
    fail(2);

    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.acceptsCalls()).isFalse();
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);
    assertThat(breaker.summary()).contains("OPEN after 2 of 4 recent calls failed");
  }

  @Test
  void given_a_failure_rate_below_the_threshold_then_the_circuit_stays_closed() {
    succeed(7);
    fail(3);

    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void given_an_open_circuit_when_the_open_period_passes_then_it_is_half_open_and_admits_probes() {
    trip();

    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.acceptsCalls()).isFalse();
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);

    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(breaker.acceptsCalls()).isTrue();
  }

  @Test
  void given_a_half_open_circuit_then_only_the_configured_number_of_probes_run_at_once() {
    trip();
    clock.advance(Duration.ofSeconds(30));

    long first = breaker.tryAcquire();
    long second = breaker.tryAcquire();
    long third = breaker.tryAcquire();

    assertThat(first).isNotEqualTo(CircuitBreaker.REFUSED);
    assertThat(second).isNotEqualTo(CircuitBreaker.REFUSED);
    assertThat(third).isEqualTo(CircuitBreaker.REFUSED);
  }

  @Test
  void given_half_open_when_every_probe_succeeds_then_it_closes_with_a_fresh_window() {
    trip();
    clock.advance(Duration.ofSeconds(30));
    long a = breaker.tryAcquire();
    long b = breaker.tryAcquire();

    breaker.onSuccess(a);
    assertThat(breaker.state()).as("one of two probes is not enough").isEqualTo(CircuitState.HALF_OPEN);
    breaker.onSuccess(b);

    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    fail(3);
    assertThat(breaker.state()).as("the old failures are forgotten").isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void given_half_open_when_a_probe_fails_then_it_reopens_for_a_whole_period() {
    trip();
    clock.advance(Duration.ofSeconds(30));
    long probe = breaker.tryAcquire();

    breaker.onFailure(probe);

    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.summary()).contains("a probe call failed");
    clock.advance(Duration.ofSeconds(29));
    assertThat(breaker.acceptsCalls()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(breaker.acceptsCalls()).isTrue();
  }

  @Test
  void given_half_open_when_a_probe_ends_without_a_verdict_then_its_slot_is_free_again() {
    trip();
    clock.advance(Duration.ofSeconds(30));
    long a = breaker.tryAcquire();
    breaker.tryAcquire();
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);

    breaker.onIgnored(a);

    assertThat(breaker.tryAcquire()).isNotEqualTo(CircuitBreaker.REFUSED);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void given_probes_that_never_report_when_another_open_period_passes_then_new_probes_are_allowed() {
    trip();
    clock.advance(Duration.ofSeconds(30));
    breaker.tryAcquire();
    breaker.tryAcquire();
    assertThat(breaker.tryAcquire()).isEqualTo(CircuitBreaker.REFUSED);

    clock.advance(Duration.ofSeconds(30));

    assertThat(breaker.tryAcquire()).isNotEqualTo(CircuitBreaker.REFUSED);
  }

  @Test
  void given_an_outcome_of_a_permit_from_before_the_circuit_opened_then_it_is_ignored() {
    long slowCall = breaker.tryAcquire();
    trip();
    clock.advance(Duration.ofSeconds(30));
    breaker.tryAcquire();

    breaker.onSuccess(slowCall);
    breaker.onFailure(slowCall);

    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void given_failures_older_than_the_window_then_they_no_longer_count() {
    fail(3);
    clock.advance(Duration.ofSeconds(61));

    fail(1);
    succeed(3);

    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.summary()).contains("1 of 4 recent calls failed");
  }

  @Test
  void given_a_full_window_then_the_oldest_outcomes_drop_out() {
    fail(1);
    succeed(9);
    fail(4);

    assertThat(breaker.summary()).contains("4 of 10 recent calls failed");
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    fail(1);
    assertThat(breaker.state()).as("5 of the last 10").isEqualTo(CircuitState.OPEN);
  }

  @Test
  void given_a_disabled_policy_then_the_circuit_never_opens() {
    CircuitBreaker off = new CircuitBreaker(CircuitBreakerPolicy.disabled(), clock);

    for (int i = 0; i < 100; i++) {
      off.onFailure(off.tryAcquire());
    }

    assertThat(off.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(off.tryAcquire()).isNotEqualTo(CircuitBreaker.REFUSED);
  }

  @Test
  void given_nonsense_settings_then_the_policy_says_what_is_wrong() {
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().failureRateThreshold(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureRateThreshold");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().windowSize(5).minimumCalls(6).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumCalls");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().openDuration(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openDuration");
    assertThatThrownBy(() -> CircuitBreakerPolicy.builder().halfOpenProbes(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("halfOpenProbes");
  }

  @Test
  void given_many_threads_reporting_successes_at_once_then_every_outcome_lands_in_the_window() throws Exception {
    // Successes are recorded without the lock: none may be lost or land outside the ring.
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> succeed(1_000));
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(breaker.summary()).isEqualTo("CLOSED, 0 of 10 recent calls failed");
    fail(4);
    assertThat(breaker.state()).as("4 failures among the last 10 outcomes stay under 50%")
        .isEqualTo(CircuitState.CLOSED);
    fail(1);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void given_a_success_of_an_older_generation_when_the_circuit_has_closed_again_then_it_is_ignored() {
    long stale = breaker.tryAcquire();
    trip();
    clock.advance(Duration.ofSeconds(31));
    succeed(2); // two probes close the circuit again, with an empty window

    breaker.onSuccess(stale);

    assertThat(breaker.summary()).isEqualTo("CLOSED, 0 of 0 recent calls failed");
  }
}
