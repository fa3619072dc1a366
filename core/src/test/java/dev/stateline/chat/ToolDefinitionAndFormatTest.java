/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolDefinitionAndFormatTest {
  private static final String SCHEMA = "{\"type\":\"object\"}";

  @ParameterizedTest
  @ValueSource(strings = {"get_weather", "a", "Tool-1", "x234567890123456789012345678901234567890123456789012345678901234"})
  void validToolNames_areAccepted(String name) {
    assertThat(ToolDefinition.of(name, null, SCHEMA).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "get weather", "get.weather", "wetter-für-stadt",
      "x2345678901234567890123456789012345678901234567890123456789012345"})
  void invalidToolNames_areRejectedSayingWhatIsAllowed(String name) {
    assertThatIllegalArgumentException().isThrownBy(() -> ToolDefinition.of(name, null, SCHEMA))
        .withMessageContaining("1-64 characters of a-z, A-Z, 0-9, '_' or '-'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "not json", "\"string\"", "{", "", "   "})
  void toolParametersMustBeAJsonObject(String schema) {
    assertThatIllegalArgumentException().isThrownBy(() -> ToolDefinition.of("t", null, schema))
        .withMessageContaining("tool 't' parameters must be a JSON object");
  }

  @Test
  void missingNameOrSchema_isRejected() {
    assertThatNullPointerException().isThrownBy(() -> ToolDefinition.of(null, null, SCHEMA));
    assertThatNullPointerException().isThrownBy(() -> ToolDefinition.of("t", null, null));
  }

  @Test
  void schemaText_isStrippedOfSurroundingWhitespace_andStrictnessKept() {
    ToolDefinition t = new ToolDefinition("t", "d", "  " + SCHEMA + "\n", true);

    assertThat(t.parametersSchemaJson()).isEqualTo(SCHEMA);
    assertThat(t.strict()).isTrue();
    assertThat(ToolDefinition.of("t", "d", SCHEMA).strict()).isFalse();
  }

  @Test
  void jsonSchemaFormat_checksNameAndSchema_andIsStrictByDefault() {
    ResponseFormat f = ResponseFormat.jsonSchema("invoice", SCHEMA);

    assertThat(f).isInstanceOf(ResponseFormat.JsonSchema.class);
    assertThat(((ResponseFormat.JsonSchema) f).strict()).isTrue();
    assertThatIllegalArgumentException().isThrownBy(() -> ResponseFormat.jsonSchema("my invoice", SCHEMA))
        .withMessageContaining("schema name 'my invoice'");
    assertThatIllegalArgumentException().isThrownBy(() -> ResponseFormat.jsonSchema("invoice", "[1]"))
        .withMessageContaining("schema 'invoice' must be a JSON object");
    assertThatNullPointerException().isThrownBy(() -> ResponseFormat.jsonSchema(null, SCHEMA));
  }

  @Test
  void textAndJsonObjectFormats_areSingletons() {
    assertThat(ResponseFormat.text()).isSameAs(ResponseFormat.text());
    assertThat(ResponseFormat.jsonObject()).isSameAs(ResponseFormat.jsonObject());
  }

  @Test
  void toolChoiceName_goesWithModeToolOnly() {
    assertThat(ToolChoice.tool("t").mode()).isEqualTo(ToolChoice.Mode.TOOL);
    assertThatIllegalArgumentException().isThrownBy(() -> new ToolChoice(ToolChoice.Mode.TOOL, null));
    assertThatIllegalArgumentException().isThrownBy(() -> new ToolChoice(ToolChoice.Mode.AUTO, "t"));
    assertThatNullPointerException().isThrownBy(() -> ToolChoice.tool(null));
  }

  @Test
  void usage_rejectsNegativeCounts_andAdds() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Usage(-1, 0, 0, 0));
    Usage sum = new Usage(10, 2, 5, 1).plus(new Usage(1, 1, 1, 1));
    assertThat(sum).isEqualTo(new Usage(11, 3, 6, 2));
    assertThat(sum.totalTokens()).isEqualTo(17);
  }
}
