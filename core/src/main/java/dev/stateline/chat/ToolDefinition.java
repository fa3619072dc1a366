/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call.
 *
 * <p>The parameters are a JSON Schema object, given as JSON text so that {@code core} needs no JSON
 * library; providers embed it verbatim. Immutable and thread-safe.
 *
 * @param name 1 to 64 characters of {@code a-z A-Z 0-9 _ -}
 * @param description what the tool does, for the model; may be null
 * @param parametersSchemaJson a JSON Schema object ({@code {"type":"object",...}})
 * @param strict ask the provider to make the arguments follow the schema exactly
 */
public record ToolDefinition(
    String name, String description, String parametersSchemaJson, boolean strict) {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name '" + name + "' must be 1-64 characters of a-z, A-Z, 0-9, '_' or '-'");
    }
    parametersSchemaJson = Json.requireObject(parametersSchemaJson, "tool '" + name + "' parameters");
  }

  /** A non-strict tool. */
  public static ToolDefinition of(String name, String description, String parametersSchemaJson) {
    return new ToolDefinition(name, description, parametersSchemaJson, false);
  }
}
