/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stateline.error.ErrorInfo;
import dev.stateline.error.InvalidRequestException;
import dev.stateline.error.ProviderUnavailableException;
import dev.stateline.error.RateLimitedException;
import dev.stateline.error.StatelineException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one status table: each status, the error every provider makes of it, and whether it is retried. */
class HttpStatusErrorsTest {

  @ParameterizedTest(name = "HTTP {0} -> {1}, retryable {2}")
  @CsvSource({
      // status, exception,                  retryable
      "400, InvalidRequestException,          false",
      "401, AuthenticationException,          false",
      "403, AuthenticationException,          false",
      "404, InvalidRequestException,          false",
      "408, ProviderUnavailableException,     true",
      "409, ProviderUnavailableException,     true",
      "413, InvalidRequestException,          false",
      "422, InvalidRequestException,          false",
      "424, InvalidRequestException,          false",
      "429, RateLimitedException,             true",
      "500, ProviderUnavailableException,     true",
      "502, ProviderUnavailableException,     true",
      "503, ProviderUnavailableException,     true",
      "599, ProviderUnavailableException,     true",
      "0,   ProviderUnavailableException,     true",
      "302, StatelineException,               false",
      "600, StatelineException,               false",
  })
  void eachStatusHasOneAnswer(int status, String type, boolean retryable) {
    StatelineException e = HttpStatusErrors.of(status, "p: failed", new ErrorInfo("p", status, "r1", null), "model",
        Duration.ofMillis(7), null);

    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.isRetryable()).isEqualTo(retryable).isEqualTo(HttpStatusErrors.isRetryable(status));
    assertThat(e.statusCode()).isEqualTo(status);
    if (e instanceof InvalidRequestException invalid) {
      assertThat(invalid.param()).isEqualTo("model");
    }
    if (e instanceof RateLimitedException || e instanceof ProviderUnavailableException) {
      assertThat(e.retryAfter()).contains(Duration.ofMillis(7));
    }
  }

  @ParameterizedTest(name = "HTTP {0}: {1}")
  @CsvSource({
      "404, the model or deployment was not found",
      "409, the request conflicted with another one in progress (HTTP 409)",
      "429, rate limited",
      "503, the service is unavailable (HTTP 503)",
      "400, the request was rejected",
  })
  void eachStatusHasItsWords(int status, String words) {
    assertThat(HttpStatusErrors.describe(status)).isEqualTo(words);
  }
}
