/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.openai.fuzz;

import dev.stateline.testing.fuzz.FuzzJson;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.charset.StandardCharsets;
import okio.Buffer;

/**
 * Turns fuzz data into wire input: raw bytes (any, not even UTF-8) or a JSON text built by
 * {@link FuzzJson}. Raw text is taken from the front of the data (its length from the end, as
 * {@link FuzzedDataProvider} takes every number), so a seed file can hold a real payload verbatim
 * followed by the few bytes that select the options.
 */
final class WireInput {
  static final int MAX_TEXT = 4096;

  private WireInput() {}

  /** Raw text from the front of the data: a length (two bytes from the end), then that many bytes. */
  static String text(FuzzedDataProvider data) {
    return text(data, MAX_TEXT);
  }

  /** Up to {@code max} bytes from the front of the data as UTF-8 (malformed bytes become U+FFFD). */
  static String text(FuzzedDataProvider data, int max) {
    int length = data.consumeInt(0, max);
    return new String(data.consumeBytes(length), StandardCharsets.UTF_8);
  }

  /** Up to {@code max} bytes from the front of the data, each cut to 7 bits. */
  static String ascii(FuzzedDataProvider data, int max) {
    byte[] bytes = data.consumeBytes(data.consumeInt(0, max));
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] &= 0x7f;
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  static Buffer body(FuzzedDataProvider data, String[] names) {
    if (data.consumeInt(0, 3) == 0) {
      return new Buffer().write(data.consumeRemainingAsBytes());
    }
    return new Buffer().writeUtf8(FuzzJson.document(data, names));
  }

  /** The data of one stream event: raw text, the end marker, blank, or a built JSON chunk. */
  static String eventData(FuzzedDataProvider data, String[] names) {
    return switch (data.consumeInt(0, 9)) {
      case 0, 1, 2 -> text(data);
      case 3 -> "[DONE]";
      case 4 -> data.consumeBoolean() ? "" : " ";
      default -> FuzzJson.document(data, names);
    };
  }
}
