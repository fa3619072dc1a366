/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.aws.fuzz;

import dev.stateline.testing.fuzz.FuzzJson;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.stateline.aws.internal.JsonDocuments;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.document.Document;

/**
 * Fuzzes {@link JsonDocuments}, the JSON text to SDK {@link Document} codec: {@code parse} accepts a
 * text or throws the {@link IllegalArgumentException} it documents, nothing else (no stack overflow
 * however deep the nesting); what it accepts renders without error to JSON that parses again to a
 * document that renders the same (a fixed point), with every string and number kept.
 */
class JsonDocumentsFuzzTest {
  static final String[] NAMES = {
    "type", "object", "properties", "required", "items", "string", "number", "city", "a", "",
    "\u0000", "\\", "\"", "\ud83d\ude00", "\ud800", "1e400", "-0", "true", "null"
  };

  @FuzzTest(maxDuration = "10m")
  void parseAndRender(FuzzedDataProvider data) {
    String json = switch (data.consumeInt(0, 3)) {
      case 0 -> new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
      case 1 -> nested(data);
      default -> FuzzJson.document(data, NAMES);
    };
    Document parsed;
    try {
      parsed = JsonDocuments.parse(json);
    } catch (IllegalArgumentException documented) {
      assertThat(documented.getMessage()).startsWith("malformed JSON at offset");
      return;
    }
    String rendered = JsonDocuments.render(parsed);
    Document again = JsonDocuments.parse(rendered);
    assertThat(JsonDocuments.render(again)).isEqualTo(rendered);
    assertThat(again).isEqualTo(parsed);
  }

  /** A document inside up to 300 arrays or objects, around the nesting limit. */
  private static String nested(FuzzedDataProvider data) {
    int depth = data.consumeInt(0, 300);
    boolean objects = data.consumeBoolean();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(objects ? "{\"k\":" : "[");
    }
    sb.append(FuzzJson.document(data, NAMES));
    for (int i = 0; i < depth; i++) {
      sb.append(objects ? '}' : ']');
    }
    return sb.toString();
  }
}
