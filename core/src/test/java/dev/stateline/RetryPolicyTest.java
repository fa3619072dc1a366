/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  /** min(max, initial * 2^(retry-1)), computed without overflow. */
  private static long capNanos(RetryPolicy p, int retry) {
    BigInteger exp = BigInteger.valueOf(p.initialBackoff().toNanos()).shiftLeft(Math.max(retry - 1, 0));
    return exp.min(BigInteger.valueOf(p.maxBackoff().toNanos())).longValueExact();
  }

  @Test
  void defaults_areThreeAttemptsHalfSecondToEightSeconds_andSixtySecondsOfRetryAfter() {
    RetryPolicy p = RetryPolicy.defaults();

    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
    assertThat(p.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void invalidSettings_areRejectedSayingWhatIsWrong() {
    assertThatIllegalArgumentException().isThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .withMessage("maxAttempts must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)).build())
        .withMessage("initialBackoff must not be negative");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.builder().maxRetryAfter(Duration.ofMillis(-1)).build())
        .withMessage("maxRetryAfter must not be negative");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)).build())
        .withMessage("maxBackoff must not be below initialBackoff");
    assertThatNullPointerException().isThrownBy(() -> RetryPolicy.builder().maxBackoff(null).build());
  }

  @Test
  void fullJitter_staysWithinZeroAndTheExponentialCap_forEveryRetryAndRandomValue() {
    RetryPolicy p = RetryPolicy.defaults();
    double[] randoms = {0.0, 1e-9, 0.25, 0.5, 0.75, 0.999999999};

    for (int retry = 1; retry <= 80; retry++) {
      for (double r : randoms) {
        Duration d = p.backoff(retry, r);
        assertThat(d).as("retry %d, random %s", retry, r).isBetween(Duration.ZERO, Duration.ofNanos(capNanos(p, retry)));
      }
    }
  }

  @Test
  void theCap_doublesPerRetry_untilMaxBackoff() {
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).build();
    double almostOne = 0.999999;

    assertThat(p.backoff(1, almostOne)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(p.backoff(2, almostOne)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(p.backoff(3, almostOne)).isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
    assertThat(p.backoff(4, almostOne)).isBetween(Duration.ofMillis(799), Duration.ofMillis(800));
    assertThat(p.backoff(5, almostOne)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(p.backoff(50, almostOne)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    assertThat(p.backoff(3, 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoff(3, 0.0)).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(ints = {62, 63, 64, 65, 1000, Integer.MAX_VALUE})
  void hugeRetryNumbers_neverOverflow(int retry) {
    // 1 ns doubled 63+ times overflows a long; the cap must still hold.
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofNanos(1)).maxBackoff(Duration.ofDays(365 * 200)).build();

    Duration d = p.backoff(retry, 0.999999);

    assertThat(d).isPositive().isLessThanOrEqualTo(p.maxBackoff());
    assertThat(RetryPolicy.defaults().backoff(retry, 0.999999)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void retryZeroOrNegative_isTreatedAsTheFirstRetry() {
    RetryPolicy p = RetryPolicy.defaults();

    assertThat(p.backoff(0, 0.999999)).isLessThanOrEqualTo(p.initialBackoff());
    assertThat(p.backoff(-5, 0.999999)).isBetween(Duration.ZERO, p.initialBackoff());
  }

  @Test
  void randomBackoff_staysInBounds() {
    RetryPolicy p = RetryPolicy.defaults();

    for (int i = 0; i < 1_000; i++) {
      int retry = 1 + i % 6;
      assertThat(p.backoff(retry)).isBetween(Duration.ZERO, Duration.ofNanos(capNanos(p, retry)));
    }
  }

  @Test
  void zeroBackoff_isAllowed_andAlwaysZero() {
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build();

    assertThat(p.backoff(7, 0.9)).isZero();
  }

  @Test
  void toBuilder_roundTrips() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(1))
        .maxBackoff(Duration.ofMillis(9)).maxRetryAfter(Duration.ofSeconds(3)).build();

    RetryPolicy copy = p.toBuilder().build();

    assertThat(copy.maxAttempts()).isEqualTo(5);
    assertThat(copy.initialBackoff()).isEqualTo(Duration.ofMillis(1));
    assertThat(copy.maxBackoff()).isEqualTo(Duration.ofMillis(9));
    assertThat(copy.maxRetryAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void backoffsTooLongToCount_areRefusedWhenBuilt_notAtTheFirstRetry() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxBackoff must be at most 292 years");
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxRetryAfter must be at most");
  }
}
