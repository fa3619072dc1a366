/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.chat;

import java.util.Objects;

/**
 * A request from the model to call one of the request's tools.
 *
 * @param id the provider's id for this call; echo it in the {@link Message#tool tool result}
 * @param name the tool's name
 * @param argumentsJson the arguments as a JSON text, as the model produced it (it may be invalid
 *     JSON: models are not perfect, so validate before use)
 */
public record ToolCall(String id, String name, String argumentsJson) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
  }

  @Override
  public String toString() {
    return "ToolCall[id=" + id + ", name=" + name + ", " + argumentsJson.length() + " chars]";
  }
}
