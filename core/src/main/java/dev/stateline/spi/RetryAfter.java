/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads the wait a provider asks for before a retry, from the headers that carry it.
 *
 * <p>{@code retry-after-ms} (Azure OpenAI, OpenAI) takes precedence over {@code Retry-After},
 * which is either delta-seconds or an HTTP date (RFC 9110). Garbage and negative values read as "no
 * wait given" rather than failing the call; absurdly long waits are capped, still long enough for
 * any retry policy to give the target up.
 */
public final class RetryAfter {
  /** Digits, optionally with a fraction: no sign, exponent, hex or Java type suffix. */
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?");
  private static final double LIMIT = 86_400_000d;

  private RetryAfter() {}

  /**
   * @param retryAfterMs the {@code retry-after-ms} header, or null
   * @param retryAfter the {@code Retry-After} header, or null
   * @param now the current time, to turn an HTTP date into a wait
   * @return the wait, or null if neither header gives a usable one
   */
  public static Duration parse(String retryAfterMs, String retryAfter, Instant now) {
    Duration ms = parseNumber(retryAfterMs, true);
    if (ms != null) {
      return ms;
    }
    if (retryAfter == null || retryAfter.isBlank()) {
      return null;
    }
    Duration seconds = parseNumber(retryAfter, false);
    if (seconds != null) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration parseNumber(String value, boolean millis) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (!NUMBER.matcher(v).matches()) {
      return null;
    }
    double n = Math.min(Double.parseDouble(v), LIMIT);
    return Duration.ofNanos((long) (n * (millis ? 1_000_000d : 1_000_000_000d)));
  }
}
