/*
 * Copyright 2026 The Stateline Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.stateline.testing.bedrock.agents;

import java.util.Objects;
import okhttp3.Headers;

/**
 * A request the {@link BedrockManagedAgentsEmulator} received, as it arrived.
 *
 * @param operation what it asked for, or null if it matched no operation
 * @param method the HTTP method
 * @param path the path with its query
 * @param headers the request headers
 * @param body the body as text (empty for none)
 */
public record AgentRequest(BedrockManagedAgentsEmulator.Operation operation, String method, String path,
    Headers headers, String body) {
  public AgentRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    body = body == null ? "" : body;
  }

  /** The first value of a header, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** Shows the method, path and operation; never headers (credentials) or the body. */
  @Override
  public String toString() {
    return "AgentRequest[" + method + " " + path + (operation == null ? "" : ", " + operation) + "]";
  }
}
