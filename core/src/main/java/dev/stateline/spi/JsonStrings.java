/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

/**
 * The one JSON string escaper (RFC 8259) for code that writes JSON by hand: {@code "} and
 * {@code \} escaped, control characters as {@code \n}, {@code \r}, {@code \t}, {@code \b},
 * {@code \f} or {@code \}{@code u00XX}, and U+2028, U+2029 and unpaired surrogates as
 * {@code \}{@code uXXXX} (so the output is valid UTF-8 and safe inside JavaScript too).
 * {@link #appendAscii} escapes everything outside printable ASCII as {@code \}{@code uXXXX} (lower-case
 * hex; only {@code \n}, {@code \r}, {@code \t} keep their short forms), for canonical forms that are
 * hashed, such as the audit trail's.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonStrings() {}

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    return append(new StringBuilder(s.length() + 2), s).toString();
  }

  /** Appends {@code s} as a JSON string literal, quotes included; returns {@code sb}. */
  public static StringBuilder append(StringBuilder sb, String s) {
    return write(sb, s, false);
  }

  /** Appends {@code s} as a JSON string literal of printable ASCII only, quotes included; returns {@code sb}. */
  public static StringBuilder appendAscii(StringBuilder sb, String s) {
    return write(sb, s, true);
  }

  private static StringBuilder write(StringBuilder sb, String s, boolean ascii) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append(ascii ? "\\u0008" : "\\b");
        case '\f' -> sb.append(ascii ? "\\u000c" : "\\f");
        default -> {
          boolean escape;
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || ascii && c > 0x7e) {
            escape = true;
          } else if (Character.isHighSurrogate(c)) {
            escape = i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1));
            if (!escape) {
              sb.append(c).append(s.charAt(++i));
              continue;
            }
          } else {
            escape = Character.isLowSurrogate(c);
          }
          if (escape) {
            sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }
}
