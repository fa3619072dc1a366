/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stateline.testing.Conditions.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The fault plan itself: which request meets which fault and delay, deterministically. */
class ConditionsTest {

  private static Map<Fault, Integer> tally(Conditions c, int requests, boolean streaming) {
    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    for (long n = 1; n <= requests; n++) {
      counts.merge(c.effectOn(n, streaming).fault(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void none_delaysNothing_andFailsNothing() {
    Conditions none = Conditions.none();
    assertThat(none.isNone()).isTrue();
    assertThat(LongStream.rangeClosed(1, 1000).mapToObj(n -> none.effectOn(n, true)))
        .allMatch(e -> e.fault() == Fault.NONE && e.delay().isZero());
  }

  @Test
  void rateLimitBursts_throttleTheLastRequestsOfEveryPeriod() {
    Conditions c = Conditions.builder().rateLimitBursts(10, 3, Duration.ofMillis(20)).build();

    List<Long> throttled = new ArrayList<>();
    for (long n = 1; n <= 30; n++) {
      if (c.effectOn(n, false).fault() == Fault.RATE_LIMITED) {
        throttled.add(n);
      }
    }

    assertThat(throttled).containsExactly(8L, 9L, 10L, 18L, 19L, 20L, 28L, 29L, 30L);
    assertThat(c.retryAfter()).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void serverErrors_hitTheirShare_theSameRequestsEveryTime_andOtherRequestsUnderAnotherSeed() {
    Conditions c = Conditions.builder().serverErrors(0.2, 500).build();

    int errors = tally(c, 10_000, false).getOrDefault(Fault.SERVER_ERROR, 0);
    assertThat(errors).isBetween(1_800, 2_200);
    assertThat(c.serverErrorStatus()).isEqualTo(500);

    Conditions same = Conditions.builder().serverErrors(0.2, 500).build();
    Conditions reseeded = c.toBuilder().seed(99).build();
    List<Long> failing = new ArrayList<>();
    List<Long> failingAgain = new ArrayList<>();
    List<Long> failingReseeded = new ArrayList<>();
    for (long n = 1; n <= 200; n++) {
      if (c.effectOn(n, false).fault() == Fault.SERVER_ERROR) {
        failing.add(n);
      }
      if (same.effectOn(n, false).fault() == Fault.SERVER_ERROR) {
        failingAgain.add(n);
      }
      if (reseeded.effectOn(n, false).fault() == Fault.SERVER_ERROR) {
        failingReseeded.add(n);
      }
    }
    assertThat(failingAgain).isEqualTo(failing);
    assertThat(failingReseeded).isNotEqualTo(failing);
  }

  @Test
  void truncation_cutsStreamsOnly() {
    Conditions c = Conditions.builder().truncatedStreams(1.0).build();

    assertThat(tally(c, 100, true)).containsEntry(Fault.TRUNCATED_STREAM, 100);
    assertThat(tally(c, 100, false)).containsOnlyKeys(Fault.NONE);
  }

  @Test
  void aBurstTakesPrecedenceOverOtherFaults() {
    Conditions c = Conditions.builder().rateLimitBursts(4, 1, Duration.ZERO).serverErrors(1.0).truncatedStreams(1.0)
        .build();

    assertThat(c.effectOn(4, true).fault()).isEqualTo(Fault.RATE_LIMITED);
    assertThat(c.effectOn(5, true).fault()).isEqualTo(Fault.SERVER_ERROR);
  }

  @Test
  void outage_failsEveryRequestWith503() {
    assertThat(tally(Conditions.outage(), 50, true)).containsOnly(Map.entry(Fault.SERVER_ERROR, 50));
    assertThat(Conditions.outage().serverErrorStatus()).isEqualTo(503);
  }

  @Test
  void latency_isFixed_orDrawnFromItsRange_andSlowResponsesAddTheirDelay() {
    assertThat(Conditions.latency(Duration.ofMillis(15)).effectOn(3, false).delay()).isEqualTo(Duration.ofMillis(15));

    Conditions ranged = Conditions.builder().latency(Duration.ofMillis(5), Duration.ofMillis(25)).build();
    List<Duration> delays = LongStream.rangeClosed(1, 500).mapToObj(n -> ranged.effectOn(n, false).delay()).toList();
    assertThat(delays).allMatch(d -> d.compareTo(Duration.ofMillis(5)) >= 0 && d.compareTo(Duration.ofMillis(25)) <= 0);
    assertThat(delays.stream().distinct().count()).as("drawn, not constant").isGreaterThan(100);

    Conditions slow = Conditions.builder().latency(Duration.ofMillis(5)).slowResponses(0.25, Duration.ofMillis(300))
        .build();
    long slowOnes = LongStream.rangeClosed(1, 4000)
        .filter(n -> slow.effectOn(n, false).delay().equals(Duration.ofMillis(305))).count();
    long fastOnes = LongStream.rangeClosed(1, 4000)
        .filter(n -> slow.effectOn(n, false).delay().equals(Duration.ofMillis(5))).count();
    assertThat(slowOnes).isBetween(850L, 1150L);
    assertThat(slowOnes + fastOnes).isEqualTo(4000);
  }

  @Test
  void badSettings_areRefusedWithTheReason() {
    assertThatThrownBy(() -> Conditions.builder().serverErrors(1.5)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> Conditions.builder().serverErrors(0.1, 429)).hasMessageContaining("5xx");
    assertThatThrownBy(() -> Conditions.builder().rateLimitBursts(5, 6, Duration.ZERO))
        .hasMessageContaining("length must be between 1 and every");
    assertThatThrownBy(() -> Conditions.builder().latency(Duration.ofMillis(9), Duration.ofMillis(3)))
        .hasMessageContaining("below min");
    assertThatThrownBy(() -> Conditions.builder().latency(Duration.ofMillis(-1)))
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Conditions.none().effectOn(0, false)).hasMessageContaining("start at 1");
  }

  @Test
  void toString_summarisesThePlan() {
    assertThat(Conditions.none()).hasToString("Conditions[none]");
    assertThat(Conditions.builder().latency(Duration.ofMillis(5), Duration.ofMillis(9))
        .rateLimitBursts(50, 5, Duration.ofMillis(20)).serverErrors(0.02).build().toString())
        .isEqualTo("Conditions[latency=5..9ms, 429 x5 every 50 (retry after 20ms), 503 at 0.02, seed=7]");
  }
}
