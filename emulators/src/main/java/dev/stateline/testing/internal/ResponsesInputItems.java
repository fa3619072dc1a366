/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.internal;

import java.util.List;
import java.util.Map;

/**
 * The check of a Responses API request's {@code input} items as the API reference shapes them,
 * written once for every emulator that serves the Responses API (OpenAI's, and Bedrock's
 * OpenAI-compatible endpoints, which each render the refusal in their own error envelope).
 *
 * <p>A message is {@code {"role", "content"}} (type {@code message} optional): content a string or
 * a list of input parts ({@code input_text}, {@code input_image}, {@code input_file}); an assistant
 * message whose content holds output parts ({@code output_text}, {@code refusal}) is an output
 * message, valid input only with its {@code id} and {@code status}. A {@code function_call} needs
 * {@code call_id}, {@code name} and {@code arguments}; a {@code function_call_output} needs
 * {@code call_id} and {@code output}.
 *
 * <p>Not an API: for the emulators of this module only. Stateless and thread-safe.
 */
public final class ResponsesInputItems {
  private ResponsesInputItems() {}

  /**
   * Why an {@code input} is refused: the parameter the service names, such as
   * {@code input[1].content[0].type}, and its message.
   */
  public record Problem(String param, String message) {}

  /**
   * The first problem of {@code input} (the parsed {@code input} member of a request body), or null
   * if it is valid (a string, or a list of valid items) or absent.
   */
  public static Problem check(Object input) {
    if (input == null || input instanceof String) {
      return null;
    }
    if (!(input instanceof List<?> items)) {
      return new Problem("input", "Invalid type for 'input': expected a string or an array of input items.");
    }
    for (int i = 0; i < items.size(); i++) {
      String at = "input[" + i + "]";
      if (!(items.get(i) instanceof Map<?, ?> item)) {
        return new Problem(at, "Invalid type for '" + at + "': expected an object.");
      }
      Problem p = checkItem(at, item);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static Problem checkItem(String at, Map<?, ?> item) {
    Object type = item.get("type");
    if (type == null || "message".equals(type)) {
      return checkMessage(at, item);
    }
    if ("function_call".equals(type)) {
      for (String field : List.of("call_id", "name", "arguments")) {
        if (!(item.get(field) instanceof String)) {
          return missing(at + "." + field);
        }
      }
    } else if ("function_call_output".equals(type)) {
      for (String field : List.of("call_id", "output")) {
        if (item.get(field) == null) {
          return missing(at + "." + field);
        }
      }
    }
    return null;
  }

  private static Problem checkMessage(String at, Map<?, ?> item) {
    Object role = item.get("role");
    if (!List.of("user", "assistant", "system", "developer").contains(role)) {
      return new Problem(at + ".role", "Invalid value for '" + at + ".role': expected one of 'user', 'assistant',"
          + " 'system', 'developer'.");
    }
    Object content = item.get("content");
    if (content instanceof String) {
      return null;
    }
    if (!(content instanceof List<?> parts)) {
      return missing(at + ".content");
    }
    for (int j = 0; j < parts.size(); j++) {
      Object partType = parts.get(j) instanceof Map<?, ?> part ? part.get("type") : null;
      boolean output = "output_text".equals(partType) || "refusal".equals(partType);
      boolean inputPart = "input_text".equals(partType) || "input_image".equals(partType)
          || "input_file".equals(partType);
      if (output && !"assistant".equals(role) || !output && !inputPart) {
        return new Problem(at + ".content[" + j + "].type", "Invalid value: '" + partType + "'. Supported values"
            + " are: 'input_text', 'input_image', and 'input_file'.");
      }
      if (output) {
        if (!(item.get("id") instanceof String)) {
          return missing(at + ".id");
        }
        if (!(item.get("status") instanceof String)) {
          return missing(at + ".status");
        }
      }
    }
    return null;
  }

  private static Problem missing(String param) {
    return new Problem(param, "Missing required parameter: '" + param + "'.");
  }
}
