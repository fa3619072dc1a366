/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
  private static final Duration ONE = Duration.ofSeconds(1);

  @Test
  void defaults_areTenSecondsConnect_twoMinutesRead_tenMinutesTotal() {
    assertThat(Timeouts.DEFAULT).isEqualTo(
        new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofMinutes(10)));
  }

  @Test
  void zeroOrNegativeTimeouts_areRejectedNamingWhichOne() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Timeouts(Duration.ZERO, ONE, ONE))
        .withMessageStartingWith("connect timeout must be positive");
    assertThatIllegalArgumentException().isThrownBy(() -> new Timeouts(ONE, Duration.ofMillis(-1), ONE))
        .withMessageStartingWith("read timeout must be positive");
    assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.DEFAULT.withTotal(Duration.ZERO))
        .withMessageStartingWith("total timeout must be positive");
    assertThatNullPointerException().isThrownBy(() -> new Timeouts(ONE, ONE, null)).withMessage("total");
  }

  @Test
  void withers_changeOneTimeoutOnly() {
    Timeouts t = Timeouts.DEFAULT.withConnect(ONE).withRead(Duration.ofSeconds(2)).withTotal(Duration.ofSeconds(3));

    assertThat(t).isEqualTo(new Timeouts(ONE, Duration.ofSeconds(2), Duration.ofSeconds(3)));
    assertThat(Timeouts.DEFAULT.connect()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void socketTimeoutsLongerThanASocketCanWait_areRefusedWhenBuilt_notAtCallTime() {
    Duration thirtyDays = Duration.ofDays(30);

    assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.DEFAULT.withRead(thirtyDays))
        .withMessageStartingWith("read timeout must be at most");
    assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.DEFAULT.withConnect(Duration.ofSeconds(Long.MAX_VALUE)))
        .withMessageStartingWith("connect timeout must be at most");
    assertThat(Timeouts.DEFAULT.withRead(Timeouts.MAX_SOCKET_TIMEOUT).read()).isEqualTo(Timeouts.MAX_SOCKET_TIMEOUT);
    assertThat(Timeouts.DEFAULT.withTotal(Duration.ofSeconds(Long.MAX_VALUE)).total())
        .as("a total too long for nanoseconds means no limit").isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
  }
}
