/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The shape the model's answer must take: free {@link #text() text}, any {@link #jsonObject() JSON
 * object}, or JSON that follows a {@link #jsonSchema schema} (structured output).
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface ResponseFormat {

  /** Free text (the default). */
  static ResponseFormat text() {
    return Text.INSTANCE;
  }

  /** Any valid JSON object ("JSON mode"). */
  static ResponseFormat jsonObject() {
    return JsonObject.INSTANCE;
  }

  /** JSON that follows {@code schemaJson}, enforced strictly where the provider can. */
  static ResponseFormat jsonSchema(String name, String schemaJson) {
    return new JsonSchema(name, schemaJson, true);
  }

  /** Free text. */
  final class Text implements ResponseFormat {
    static final Text INSTANCE = new Text();

    private Text() {}

    @Override
    public String toString() {
      return "ResponseFormat.Text";
    }
  }

  /** Any JSON object. */
  final class JsonObject implements ResponseFormat {
    static final JsonObject INSTANCE = new JsonObject();

    private JsonObject() {}

    @Override
    public String toString() {
      return "ResponseFormat.JsonObject";
    }
  }

  /**
   * JSON following a schema.
   *
   * @param name 1 to 64 characters of {@code a-z A-Z 0-9 _ -}
   * @param schemaJson a JSON Schema object as text
   * @param strict ask the provider to enforce the schema exactly
   */
  record JsonSchema(String name, String schemaJson, boolean strict) implements ResponseFormat {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public JsonSchema {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "schema name '" + name + "' must be 1-64 characters of a-z, A-Z, 0-9, '_' or '-'");
      }
      schemaJson = Json.requireObject(schemaJson, "schema '" + name + "'");
    }
  }
}
