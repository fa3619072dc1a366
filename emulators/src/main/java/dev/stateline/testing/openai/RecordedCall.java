/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.openai;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Headers;

/**
 * A request an {@link OpenAiEmulator} received, with its JSON body parsed for assertions.
 *
 * <p>Immutable. The parsed JSON uses Moshi's plain types: objects are {@code Map<String, Object>},
 * arrays {@code List<Object>}, numbers {@code Double}.
 *
 * @param operation the operation it was routed to, or null if no route matched
 * @param method the HTTP method
 * @param path the path and query, such as {@code /v1/chat/completions}
 * @param headers the request headers (they include the credential: do not log them)
 * @param body the body as text, exactly as received
 * @param json the body parsed, or null if it was not a JSON object
 */
public record RecordedCall(OpenAiEmulator.Operation operation, String method, String path, Headers headers,
    String body, Map<String, Object> json) {

  public RecordedCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
  }

  /** A request header, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /**
   * The JSON value at a dotted path such as {@code "messages.0.content"} or
   * {@code "stream_options.include_usage"} (array indexes as numbers), or null if absent.
   */
  public Object at(String dottedPath) {
    Object node = json;
    for (String key : dottedPath.split("\\.")) {
      if (node instanceof Map<?, ?> map) {
        node = map.get(key);
      } else if (node instanceof List<?> list) {
        int i;
        try {
          i = Integer.parseInt(key);
        } catch (NumberFormatException e) {
          return null;
        }
        node = i >= 0 && i < list.size() ? list.get(i) : null;
      } else {
        return null;
      }
    }
    return node;
  }

  /** Shows method, path and operation; never headers or body. */
  @Override
  public String toString() {
    return "RecordedCall[" + method + " " + path + ", " + operation + "]";
  }
}
