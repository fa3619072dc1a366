/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.charset.StandardCharsets;

/**
 * Takes text from fuzz data: the bytes from the front of the data, their count from the end (as
 * {@link FuzzedDataProvider} takes every number), so a seed file can hold a real payload verbatim
 * followed by the few bytes that select the options.
 */
final class WireInput {
  static final int MAX_TEXT = 4096;

  private WireInput() {}

  /** Up to {@value #MAX_TEXT} bytes from the front of the data as UTF-8. */
  static String text(FuzzedDataProvider data) {
    return text(data, MAX_TEXT);
  }

  /** Up to {@code max} bytes from the front of the data as UTF-8 (malformed bytes become U+FFFD). */
  static String text(FuzzedDataProvider data, int max) {
    return new String(bytes(data, max), StandardCharsets.UTF_8);
  }

  /** Up to {@code max} bytes from the front of the data. */
  static byte[] bytes(FuzzedDataProvider data, int max) {
    return data.consumeBytes(data.consumeInt(0, max));
  }
}
