/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.document.Document;

/** JSON text to SDK Document and back. */
class JsonDocumentsTest {

  @Test
  void givenCompactJson_whenParsedAndRendered_thenTheTextComesBackIdentical() {
    String json = "{\"a\":1,\"b\":[true,false,null,-0.5,1e10,12345678901234567890123],"
        + "\"c\":{\"nested\":{\"deep\":\"x\"}},\"empty\":{},\"list\":[],\"z\":\"last\"}";

    assertThat(JsonDocuments.render(JsonDocuments.parse(json))).isEqualTo(json);
  }

  @Test
  void givenWhitespace_whenParsed_thenItIsIgnoredAndMemberOrderKept() {
    Document d = JsonDocuments.parse(" {\n \"z\" : 1 ,\t\"a\" : [ 1 , 2 ] }\r\n");

    assertThat(d.asMap().keySet()).containsExactly("z", "a");
    assertThat(JsonDocuments.render(d)).isEqualTo("{\"z\":1,\"a\":[1,2]}");
  }

  @Test
  void givenEscapesAndUnicode_whenParsed_thenStringsAreDecodedAndReEscapedOnRender() {
    Document d = JsonDocuments.parse("\"q\\\"b\\\\s\\/n\\n t\\t u\\u00fc e\\ud83d\\ude00 z\"");

    assertThat(d.asString()).isEqualTo("q\"b\\s/n\n t\t uü e😀 z");
    assertThat(JsonDocuments.render(d)).isEqualTo("\"q\\\"b\\\\s/n\\n t\\t uü e😀 z\"");
    assertThat(JsonDocuments.render(Document.fromString("bell\u0007"))).isEqualTo("\"bell\\u0007\"");
  }

  @Test
  void givenNumbers_whenParsed_thenTheirExactTextIsKept() {
    Document d = JsonDocuments.parse("[0,-0,3.14159265358979323846,1E-7,2e+3]");

    assertThat(d.asList()).extracting(n -> n.asNumber().stringValue())
        .containsExactly("0", "-0", "3.14159265358979323846", "1E-7", "2e+3");
  }

  @Test
  void givenARepeatedMember_whenParsed_thenTheLastOneWins() {
    assertThat(JsonDocuments.render(JsonDocuments.parse("{\"a\":1,\"a\":2}"))).isEqualTo("{\"a\":2}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", "-", "1e", "tru",
      "\"unterminated", "\"bad \\x escape\"", "\"ctl \u0001\"", "{\"a\" 1}", "[1 2]", "{} {}", "nul", "'single'",
      "\"\\u12\""})
  void givenMalformedJson_whenParsed_thenAClearErrorNamesTheOffset(String bad) {
    assertThatThrownBy(() -> JsonDocuments.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed JSON at offset");
  }

  @Test
  void givenHostileNesting_whenParsed_thenItIsRefusedInsteadOfOverflowingTheStack() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);

    assertThatThrownBy(() -> JsonDocuments.parse(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting deeper than " + JsonDocuments.MAX_DEPTH);
  }

  @Test
  void givenNestingAtTheLimit_whenParsed_thenItIsAccepted() {
    String ok = "[".repeat(JsonDocuments.MAX_DEPTH) + "]".repeat(JsonDocuments.MAX_DEPTH);

    assertThat(JsonDocuments.render(JsonDocuments.parse(ok))).isEqualTo(ok);
  }

  @Test
  void givenDocumentsBuiltInCode_whenRendered_thenTheyAreValidJson() {
    Document d = Document.mapBuilder()
        .putString("s", "x")
        .putNumber("i", 3)
        .putNumber("d", 2.5)
        .putBoolean("b", true)
        .putNull("n")
        .putList("l", List.of(Document.fromNumber(1), Document.fromString("two")))
        .build();

    assertThat(JsonDocuments.render(d)).isEqualTo("{\"s\":\"x\",\"i\":3,\"d\":2.5,\"b\":true,\"n\":null,\"l\":[1,\"two\"]}");
  }
}
