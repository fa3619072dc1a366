/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.fuzz;

import dev.stateline.spi.JsonStrings;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * Builds JSON texts from fuzz data, so that a target reaches past the first brace: member names and
 * enum-like string values come mostly from a dictionary of the names the decoder knows, numbers from
 * a list of awkward literals (overflowing, negative, fractional, exponents), and now and then the
 * text is broken (cut short, a character dropped or inserted) to reach the error paths halfway
 * through a document.
 *
 * <p>Deterministic: the same fuzz data always builds the same text. When the data runs out every
 * choice falls to its first option, so generation always ends.
 */
public final class FuzzJson {
  /** Number literals that make integer and long readers overflow, round or refuse. */
  private static final String[] NUMBERS = {
    "0", "1", "-1", "7", "-0", "0.5", "1.0", "1e3", "1E-7", "-2.5e+2", "2147483647", "2147483648",
    "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "123456789012345678901234567890", "1e400", "-1e400", "4.9e-324"
  };

  private static final int MAX_DEPTH = 6;
  private static final int MAX_MEMBERS = 5;

  private FuzzJson() {}

  /** A document whose top level is usually an object, as the decoders expect. */
  public static String document(FuzzedDataProvider data, String[] names) {
    StringBuilder sb = new StringBuilder();
    if (data.consumeInt(0, 15) == 0) {
      value(data, names, sb, 0);
    } else {
      object(data, names, sb, 0);
    }
    return maybeBreak(data, sb.toString());
  }

  /** An object with members drawn from {@code names}. */
  static void object(FuzzedDataProvider data, String[] names, StringBuilder sb, int depth) {
    sb.append('{');
    int members = depth >= MAX_DEPTH ? 0 : data.consumeInt(0, MAX_MEMBERS);
    for (int i = 0; i < members; i++) {
      if (i > 0) {
        sb.append(',');
      }
      quote(name(data, names), sb);
      sb.append(':');
      value(data, names, sb, depth + 1);
    }
    sb.append('}');
  }

  private static void value(FuzzedDataProvider data, String[] names, StringBuilder sb, int depth) {
    int kind = data.consumeInt(0, 9);
    if (depth >= MAX_DEPTH && kind >= 6) {
      kind = 0;
    }
    switch (kind) {
      case 0 -> sb.append("null");
      case 1 -> sb.append(data.consumeBoolean());
      case 2 -> sb.append(data.consumeBoolean() ? data.pickValue(NUMBERS) : Long.toString(data.consumeLong()));
      case 3 -> quote(data.pickValue(names), sb);
      case 4 -> quote(rawText(data, 24), sb);
      case 5, 6 -> object(data, names, sb, depth);
      default -> {
        sb.append('[');
        int items = data.consumeInt(0, MAX_MEMBERS);
        for (int i = 0; i < items; i++) {
          if (i > 0) {
            sb.append(',');
          }
          value(data, names, sb, depth + 1);
        }
        sb.append(']');
      }
    }
  }

  private static String name(FuzzedDataProvider data, String[] names) {
    return data.consumeInt(0, 7) == 0 ? rawText(data, 12) : data.pickValue(names);
  }

  /** Now and then breaks the text: cuts it, drops a character or puts a stray one in. */
  private static String maybeBreak(FuzzedDataProvider data, String json) {
    if (json.isEmpty()) {
      return json;
    }
    return switch (data.consumeInt(0, 11)) {
      case 0 -> json.substring(0, data.consumeInt(0, json.length() - 1));
      case 1 -> {
        int at = data.consumeInt(0, json.length() - 1);
        yield json.substring(0, at) + json.substring(at + 1);
      }
      case 2 -> {
        int at = data.consumeInt(0, json.length());
        yield json.substring(0, at) + data.consumeChar() + json.substring(at);
      }
      case 3 -> json + rawText(data, 4);
      default -> json;
    };
  }

  /** Appends {@code s} as a JSON string, escaping what JSON requires: {@link JsonStrings#append}. */
  static void quote(String s, StringBuilder sb) {
    JsonStrings.append(sb, s);
  }

  /** Up to 4,096 bytes from the front of the data (their count from the end), as UTF-8. */
  private static String rawText(FuzzedDataProvider data) {
    return rawText(data, 4096);
  }

  private static String rawText(FuzzedDataProvider data, int max) {
    return new String(data.consumeBytes(data.consumeInt(0, max)), java.nio.charset.StandardCharsets.UTF_8);
  }
}
