/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:27:00Z");

  @Test
  void retryAfterMs_takesPrecedenceOverRetryAfter() {
    assertThat(RetryAfter.parse("1500", "30", NOW)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void retryAfterMs_mayBeFractional() {
    assertThat(RetryAfter.parse("12.5", null, NOW)).isEqualTo(Duration.ofMillis(12).plusNanos(500_000));
  }

  @Test
  void retryAfter_inDeltaSeconds() {
    assertThat(RetryAfter.parse(null, "30", NOW)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(null, " 0 ", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfter_asAnHttpDate_isTheTimeUntilThatDate() {
    assertThat(RetryAfter.parse(null, "Wed, 21 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anHttpDateInThePast_meansRetryNow() {
    assertThat(RetryAfter.parse(null, "Wed, 21 Oct 2015 07:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void garbageMs_fallsBackToRetryAfter() {
    assertThat(RetryAfter.parse("soon", "7", NOW)).isEqualTo(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("-5", "7", NOW)).isEqualTo(Duration.ofSeconds(7));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-1", "-0.5", "NaN", "Infinity", "", "  ", "1 0", "Wed, 99 Oct 2015 07:28:00 GMT",
      "5d", "2f", "0x1p3", "1e3", "+5"})
  void garbageOrNegativeValues_meanNoWaitGiven(String value) {
    assertThat(RetryAfter.parse(value, null, NOW)).as("retry-after-ms: %s", value).isNull();
    assertThat(RetryAfter.parse(null, value, NOW)).as("Retry-After: %s", value).isNull();
  }

  @Test
  void noHeaders_meanNoWaitGiven() {
    assertThat(RetryAfter.parse(null, null, NOW)).isNull();
  }

  @Test
  void anAbsurdlyLongWait_staysALongWait_soTheCallerGivesUpRatherThanRetryingAtOnce() {
    // 10^11 seconds: more than anyone will wait. Reading it as "no wait given" would make the client
    // retry after its own short backoff, the opposite of what the provider asked.
    Duration secs = RetryAfter.parse(null, "100000000000", NOW);
    Duration ms = RetryAfter.parse("100000000000000", null, NOW);

    assertThat(secs).isNotNull().isGreaterThan(Duration.ofDays(1));
    assertThat(ms).isNotNull().isGreaterThanOrEqualTo(Duration.ofDays(1));
  }
}
