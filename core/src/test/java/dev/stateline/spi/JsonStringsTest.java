/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the one JSON string escaper writes, in its standard and its ASCII form. */
class JsonStringsTest {

  static Stream<Arguments> rows() {
    return Stream.of(
        // what                 input                  standard                        ASCII
        Arguments.of("plain", "hello", "\"hello\"", "\"hello\""),
        Arguments.of("quote, backslash", "a\"b\\c", "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\""),
        Arguments.of("line breaks", "a\nb\rc\td", "\"a\\nb\\rc\\td\"", "\"a\\nb\\rc\\td\""),
        Arguments.of("bell, backspace, form feed", "\u0007\b\f", "\"\\u0007\\b\\f\"", "\"\\u0007\\u0008\\u000c\""),
        Arguments.of("line and paragraph separators", "\u2028\u2029", "\"\\u2028\\u2029\"", "\"\\u2028\\u2029\""),
        Arguments.of("non-ASCII", "é😀", "\"é😀\"", "\"\\u00e9\\ud83d\\ude00\""),
        Arguments.of("unpaired surrogate", "x\uD800y", "\"x\\ud800y\"", "\"x\\ud800y\""),
        Arguments.of("DEL", "\u007f", "\"\u007f\"", "\"\\u007f\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void writes(String what, String input, String standard, String ascii) {
    assertThat(JsonStrings.quote(input)).isEqualTo(standard);
    assertThat(JsonStrings.appendAscii(new StringBuilder(), input).toString()).isEqualTo(ascii);
  }
}
