/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionLocksTest {

  @Test
  void given_a_wait_longer_than_292_years_when_acquiring_then_it_saturates_instead_of_overflowing() {
    SessionLocks locks = new SessionLocks();

    try (SessionLocks.Lease lease = locks.acquire("s", Duration.ofDays(365L * 1000))) {
      assertThat(locks.active()).isEqualTo(1);
    }

    assertThat(locks.active()).isZero();
  }

  @Test
  void durations_beyond_a_long_of_nanoseconds_saturate_at_either_end() {
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(Durations.saturatedNanos(Duration.ofMillis(1500))).isEqualTo(1_500_000_000L);
  }
}
